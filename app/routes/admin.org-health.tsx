import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { GeneralErrorBoundary } from '~/components/error-page';
import { useT } from '~/i18n/use-t';
import { getPlatform } from '~/platform.server';
import { loadOrgHealth, type ListedPerson } from '~/services/org-health.server';
import { requestIntl } from '~/services/request-intl.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'Reporting lines · XYZ People' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const health = await loadOrgHealth(await getPlatform());
  return { ...health, title: (await requestIntl(request)).formatMessage({ id: 'adminOrgHealth.pageTitle' }) };
}

function PersonLink({ person }: { person: ListedPerson }) {
  const t = useT();
  return (
    <>
      <Link to={`/admin/employees/${person.id}`}>{person.name}</Link>
      <span className="muted">
        {' '}
        · {person.jobTitle} · {person.department}
        {person.active ? '' : t('adminOrgHealth.notActive')}
      </span>
    </>
  );
}

function PeopleList({ people, count }: { people: ListedPerson[]; count: number }) {
  const t = useT();
  return (
    <>
      <ul>
        {people.map((person) => (
          <li key={person.id}>
            <PersonLink person={person} />
          </li>
        ))}
      </ul>
      {count > people.length ? (
        <p className="muted">{t('adminOrgHealth.firstOf', { shown: people.length, count })}</p>
      ) : null}
    </>
  );
}

export default function AdminOrgHealth() {
  const health = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="stack">
      <h1>{t('adminOrgHealth.heading')}</h1>
      <p className="muted">{t('adminOrgHealth.intro', { count: health.activeCount })}</p>

      <section className="card" aria-labelledby="loops-heading">
        <h2 id="loops-heading">{t('adminOrgHealth.loops.heading')}</h2>
        {health.loops.length === 0 ? (
          <p>{t('adminOrgHealth.loops.none')}</p>
        ) : (
          <>
            <p>{t('adminOrgHealth.loops.text')}</p>
            <ol>
              {health.loops.map((loop) => (
                <li key={loop[0]?.id}>
                  <ol aria-label={t('adminOrgHealth.loops.label', { count: loop.length })}>
                    {loop.map((person) => (
                      <li key={person.id}>
                        <PersonLink person={person} />
                      </li>
                    ))}
                  </ol>
                </li>
              ))}
            </ol>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="top-heading">
        <h2 id="top-heading">{t('adminOrgHealth.top.heading')}</h2>
        {health.top ? (
          <p>
            <PersonLink person={health.top} />
            {t('adminOrgHealth.top.person')}
          </p>
        ) : (
          <p className="muted">{t('adminOrgHealth.top.none')}</p>
        )}
      </section>

      <section className="card" aria-labelledby="unassigned-heading">
        <h2 id="unassigned-heading">
          {t('adminOrgHealth.unassigned.heading', { count: health.withoutManager.count })}
        </h2>
        {health.withoutManager.count === 0 ? (
          <p>{t('adminOrgHealth.unassigned.none')}</p>
        ) : (
          <>
            <p>{t('adminOrgHealth.unassigned.text')}</p>
            <PeopleList {...health.withoutManager} />
          </>
        )}
      </section>

      <section className="card" aria-labelledby="left-heading">
        <h2 id="left-heading">{t('adminOrgHealth.left.heading', { count: health.managerNotActive.count })}</h2>
        {health.managerNotActive.count === 0 ? (
          <p>{t('adminOrgHealth.left.none')}</p>
        ) : (
          <>
            <p>{t('adminOrgHealth.left.text')}</p>
            <PeopleList {...health.managerNotActive} />
          </>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
