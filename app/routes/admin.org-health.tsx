import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { GeneralErrorBoundary } from '~/components/error-page';
import { getPlatform } from '~/platform.server';
import { loadOrgHealth, type ListedPerson } from '~/services/org-health.server';

export const meta: MetaFunction = () => [{ title: 'Reporting lines · XYZ People' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return loadOrgHealth(await getPlatform());
}

function PersonLink({ person }: { person: ListedPerson }) {
  return (
    <>
      <Link to={`/admin/employees/${person.id}`}>{person.name}</Link>
      <span className="muted">
        {' '}
        · {person.jobTitle} · {person.department}
        {person.active ? '' : ' · not active'}
      </span>
    </>
  );
}

function PeopleList({ people, count }: { people: ListedPerson[]; count: number }) {
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
        <p className="muted">
          The first {people.length} of {count}.
        </p>
      ) : null}
    </>
  );
}

export default function AdminOrgHealth() {
  const health = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>Reporting lines</h1>
      <p className="muted">
        {health.activeCount} active people. Open a person to set their manager; a manager who would make a loop is
        refused there.
      </p>

      <section className="card" aria-labelledby="loops-heading">
        <h2 id="loops-heading">Loops</h2>
        {health.loops.length === 0 ? (
          <p>None: nobody ends up managing themselves.</p>
        ) : (
          <>
            <p>
              In each loop below, every person reports to the next and the last one reports to the first. Give one of
              them another manager (or none) to break it.
            </p>
            <ol>
              {health.loops.map((loop) => (
                <li key={loop[0]?.id}>
                  <ol aria-label={`A loop of ${loop.length}`}>
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
        <h2 id="top-heading">Top of the organisation</h2>
        {health.top ? (
          <p>
            <PersonLink person={health.top} />: no manager, and most people report to them in the end.
          </p>
        ) : (
          <p className="muted">Nobody without a manager has most of the organisation below them.</p>
        )}
      </section>

      <section className="card" aria-labelledby="unassigned-heading">
        <h2 id="unassigned-heading">{`Without a manager (${health.withoutManager.count})`}</h2>
        {health.withoutManager.count === 0 ? (
          <p>Every other active person has a manager.</p>
        ) : (
          <>
            <p>Active people with no manager assigned.</p>
            <PeopleList {...health.withoutManager} />
          </>
        )}
      </section>

      <section className="card" aria-labelledby="left-heading">
        <h2 id="left-heading">{`Manager not active (${health.managerNotActive.count})`}</h2>
        {health.managerNotActive.count === 0 ? (
          <p>Every manager of an active person is active.</p>
        ) : (
          <>
            <p>Active people whose manager has been deactivated or is not yet approved.</p>
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
