/**
 * The privacy page: public, no sign-in. Every number and place on it comes from the running settings
 * (app/services/privacy-facts.server.ts), so what people read is what the product does.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { useT } from '~/i18n/use-t';
import { getPlatform } from '~/platform.server';
import { privacyFacts } from '~/services/privacy-facts.server';
import { requestIntl } from '~/services/request-intl.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Privacy · XYZ People' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { env } = await getPlatform();
  const intl = await requestIntl(request);
  return { title: intl.formatMessage({ id: 'privacy.pageTitle' }), ...privacyFacts(env, intl) };
}

export default function Privacy() {
  const facts = useLoaderData<typeof loader>();
  const { retention, faceCheck } = facts;
  const t = useT();
  const intl = useIntl();
  const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;
  return (
    <div className="medium">
      <h1>{t('privacy.title')}</h1>
      <p data-testid="privacy-intro">{t('privacy.intro', { location: facts.location })}</p>

      <h2>{t('privacy.face.heading')}</h2>
      <p data-testid="privacy-face-check">
        {intl.formatMessage(
          { id: 'privacy.face.text' },
          {
            how: faceCheck.how,
            version: faceCheck.noticeVersion,
            where: faceCheck.where,
            howLong: faceCheck.howLong,
            strong,
          },
        )}
      </p>

      <h2>{t('privacy.retention.heading')}</h2>
      <ul data-testid="retention">
        <li>{t('privacy.retention.application', { days: retention.applicationDays })}</li>
        <li>{t('privacy.retention.deactivated', { days: retention.deactivatedProfileDays })}</li>
        <li>{t('privacy.retention.face', { days: retention.faceAfterDeactivationDays })}</li>
        <li>{t('privacy.retention.warning', { days: retention.warningDays })}</li>
      </ul>

      <h2>{t('privacy.stores.heading')}</h2>
      {/* Its own sideways scroll on a phone: German compounds ("Profildatenbank") are wider than a column. */}
      <div className="table-wrap">
        <table data-testid="stores">
          <thead>
            <tr>
              <th scope="col">{t('privacy.stores.what')}</th>
              <th scope="col">{t('privacy.stores.where')}</th>
              <th scope="col">{t('privacy.stores.holds')}</th>
              <th scope="col">{t('privacy.stores.howLong')}</th>
            </tr>
          </thead>
          <tbody>
            {facts.stores.map((fact) => (
              <tr key={fact.store}>
                <th scope="row">{fact.store}</th>
                <td>{fact.where}</td>
                <td>{fact.what}</td>
                <td>{fact.howLong}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('privacy.rights.heading')}</h2>
      <p>{t('privacy.rights.text')}</p>
    </div>
  );
}
