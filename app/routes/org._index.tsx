/**
 * The org chart (docs/decisions/326-org-chart.md): centred on a person (the signed-in one by default, or
 * ?person=<id>), or on the best match of a search (?q=, the directory's typo-tolerant search). One level at a
 * time: opening a card loads that person's chart.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireActiveUser } from '~/auth/user-session.server';
import { GeneralErrorBoundary } from '~/components/error-page';
import { OrgChart, orgChartHref } from '~/components/org-chart';
import { ORG_LEVEL_LIMIT } from '~/models/org-chart.server';
import { getPlatform } from '~/platform.server';
import { loadOrgView } from '~/services/org-chart.server';
import { searchPeople } from '~/services/people-search.server';
import { countPhrase } from '~/utils/plural';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Org chart: ${data.view.focus.displayName} · XYZ People` : 'Org chart · XYZ People' },
];

const querySchema = z.object({
  person: z.string().uuid().optional(),
  q: z.string().trim().max(100).catch(''),
});

/** Other matches of a search, as links to recentre on them. */
const OTHER_MATCHES = 7;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireActiveUser(request);
  const url = new URL(request.url);
  const query = querySchema.safeParse({
    person: url.searchParams.get('person') || undefined,
    q: url.searchParams.get('q') ?? '',
  });
  if (!query.success) throw new Response('That link does not name a person.', { status: 400 });
  const platform = await getPlatform();
  let personId = query.data.person ?? user.id;
  let matches: Array<{ id: string; displayName: string; jobTitle: string }> = [];
  let searchMissed = false;
  if (query.data.q) {
    const result = await searchPeople(platform, { text: query.data.q, facets: {}, page: 0 });
    matches = result.people
      .slice(0, OTHER_MATCHES + 1)
      .map(({ id, displayName, jobTitle }) => ({ id, displayName, jobTitle }));
    if (matches[0]) personId = matches[0].id;
    else searchMissed = true;
  }
  const view = await loadOrgView(platform, personId);
  if (!view) throw new Response('Not found', { status: 404 });
  return {
    view,
    q: query.data.q,
    matches: matches.slice(1),
    searchMissed,
    isSelf: personId === user.id,
    isHr: user.role === 'admin',
  };
}

export default function OrgChartPage() {
  const { view, q, matches, searchMissed, isSelf, isHr } = useLoaderData<typeof loader>();
  const { focus } = view;
  const label = `Org chart centred on ${focus.displayName}`;
  const exportQuery = `person=${focus.id}`;
  return (
    <div className="stack">
      <section className="card" aria-labelledby="org-heading">
        <h1 id="org-heading">Org chart</h1>
        <p className="muted">
          Centred on {isSelf ? 'you' : focus.displayName}: the managers above, the peers beside and the direct reports
          below. Open a card to go down a level; open a manager to go up.
        </p>
        <Form
          method="get"
          action="/org"
          className="org-search"
          role="search"
          aria-label="Find a person in the org chart"
        >
          <label htmlFor="org-q">Find a person</label>
          <input
            id="org-q"
            type="search"
            name="q"
            defaultValue={q}
            placeholder="Name, title or email"
            autoComplete="off"
          />
          <button type="submit">Show</button>
        </Form>
        {searchMissed ? (
          <p role="status">
            No one matches “{q}”. The chart stays on {focus.displayName}.
          </p>
        ) : null}
        {matches.length > 0 ? (
          <p className="org-matches">
            Other matches:{' '}
            {matches.map((match, index) => (
              <span key={match.id}>
                {index > 0 ? ', ' : ''}
                <Link to={orgChartHref(match)}>{match.displayName}</Link>
              </span>
            ))}
          </p>
        ) : null}
      </section>
      <nav aria-label="Up the reporting line" className="org-chain">
        {view.chain.length === 0 ? (
          <p className="muted">{focus.displayName} has no manager: the chart starts here.</p>
        ) : (
          <ol>
            {view.chain.map((manager) => (
              <li key={manager.id}>
                <Link to={orgChartHref(manager)}>{manager.displayName}</Link>
              </li>
            ))}
            <li aria-current="page">{focus.displayName}</li>
          </ol>
        )}
        {view.chainCut ? (
          <p className="muted">
            The reporting line above is cut short: it loops back on itself or goes deeper than the chart follows.
            {/* HR's page lists every loop and who to fix (app/services/org-health.server.ts). */}
            {isHr ? (
              <>
                {' '}
                <Link to="/admin/org-health">See the reporting lines to fix</Link>.
              </>
            ) : (
              ' HR sees such lines on their reporting-lines page.'
            )}
          </p>
        ) : null}
      </nav>
      <section className="card" aria-labelledby="org-chart-heading">
        <h2 id="org-chart-heading">
          {focus.displayName}, {countPhrase(focus.reportCount, { one: 'direct report', other: 'direct reports' })}
        </h2>
        <p className="actions">
          <Link to={`/employees/${focus.id}`}>Profile</Link>
          <Link to={`/org/departments/${encodeURIComponent(focus.department)}`}>{focus.department} as a chart</Link>
          <a href={`/org/export?format=svg&${exportQuery}`} download>
            Chart as SVG
          </a>
          <a href={`/org/export?format=png&${exportQuery}`} download>
            Chart as PNG
          </a>
          {focus.reportCount > 0 ? (
            <>
              <a href={`/org/export?format=csv&${exportQuery}`} download>
                Team as CSV
              </a>
              <a href={`/org/export?format=vcf&${exportQuery}`} download>
                Team as vCards
              </a>
            </>
          ) : null}
        </p>
        {view.peersTotal > ORG_LEVEL_LIMIT ? (
          <p className="muted">
            The first {ORG_LEVEL_LIMIT} of {view.peersTotal} people at this level are shown.
          </p>
        ) : null}
        <OrgChart roots={view.roots} label={label} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
