/** The admin employee page's list of identities at the company's identity providers, each with a remove button. */
import { Form } from '@remix-run/react';
import { formatDateTime } from '~/i18n/format';
import { useViewer } from '~/i18n/document-intl';
import { useT } from '~/i18n/use-t';

export interface LinkedIdentityRow {
  id: string;
  providerName: string;
  issuer: string;
  email: string;
  linkedAt: string;
  lastSignInAt: string | null;
}

export function LinkedIdentities({
  employeeId,
  identities,
  notice,
}: {
  employeeId: string;
  identities: LinkedIdentityRow[];
  notice: string | null;
}) {
  const t = useT();
  const viewer = useViewer();
  const when = (iso: string) => formatDateTime(Date.parse(iso), viewer);
  return (
    <section className="card" aria-labelledby="identities-heading" id="identities">
      <h2 id="identities-heading">{t('adminEmployee.identities.title')}</h2>
      {notice ? (
        <p className="alert alert--success" role="status">
          {notice}
        </p>
      ) : null}
      {identities.length === 0 ? (
        <p className="muted">{t('adminEmployee.identities.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('adminEmployee.identities.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('adminEmployee.identities.provider')}</th>
                <th scope="col">{t('adminEmployee.identities.email')}</th>
                <th scope="col">{t('adminEmployee.identities.linked')}</th>
                <th scope="col">{t('adminEmployee.identities.lastSignIn')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('adminEmployee.identities.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {identities.map((identity) => (
                <tr key={identity.id}>
                  <td title={identity.issuer}>{identity.providerName}</td>
                  <td>{identity.email}</td>
                  <td>{when(identity.linkedAt)}</td>
                  <td>{identity.lastSignInAt ? when(identity.lastSignInAt) : '—'}</td>
                  <td>
                    <Form method="post" action={`/admin/employees/${employeeId}/identities`}>
                      <input type="hidden" name="linkId" value={identity.id} />
                      <button type="submit" name="intent" value="unlink" className="button--secondary">
                        {t('adminEmployee.identities.remove')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
