/**
 * HR's insights (docs/decisions/327-insights-from-history.md): head counts, joiners and leavers, the verification
 * funnel, why photos are refused, spans of control and depth, each as a chart drawn on the server, a sentence
 * saying what it shows, its numbers in a table, and a CSV of them (./admin.insights.$file.ts). Filtered
 * by department, office and months through the query string, so a filtered view is a link HR can share.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';
import { insightFilterChoices, loadInsightsView } from '~/services/insights-view.server';
import { parseInsightFilter, type InsightId, type InsightTable } from '~/services/insights.server';

export const meta: MetaFunction = () => [{ title: 'Insights · HR admin · XYZ People' }];

const TITLES: Record<InsightId, string> = {
  'head-count-by-department': 'Head count by department',
  'head-count-by-office': 'Head count by office',
  'joiners-and-leavers': 'Joiners and leavers',
  'verification-funnel': 'Verification: from joining to approval',
  'photo-refusals': 'Why photos are refused',
  'spans-of-control': 'Spans of control',
  'organisation-depth': 'Depth of the organisation',
};

/** What each chart counts, said once under its title. */
const NOTES: Record<InsightId, string> = {
  'head-count-by-department': 'Active people at the end of each month, in the department they were in then.',
  'head-count-by-office': 'Active people at the end of each month, in the office they were in then.',
  'joiners-and-leavers':
    'Joiners became active in the month (approved, created active, or reactivated); leavers were deactivated.',
  'verification-funnel':
    'People who joined through verification in the range, by the furthest step reached in order; times are hours from the step before.',
  'photo-refusals':
    'Photos the face check or HR refused, or that could not be used, by the reason the person was given.',
  'spans-of-control': 'Active managers by their number of active direct reports, today.',
  'organisation-depth': 'Active people by their level under the top of the organisation, today.',
};

interface InsightsPage {
  /** Why the filter could not be read (then the page has status 400 and no charts). */
  error: string | null;
  choices: { departments: string[]; offices: string[] };
  query: Record<string, string>;
  insights: Array<{ id: InsightId; table: InsightTable; chart: { html: string; summary: string } }> | null;
  csvQuery: string;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { db } = await getPlatform();
  const url = new URL(request.url);
  const parsed = parseInsightFilter(url.searchParams);
  const query = Object.fromEntries(
    ['department', 'office', 'from', 'to'].map((key) => [key, url.searchParams.get(key) ?? '']),
  );
  if (!parsed.ok) {
    const choices = await insightFilterChoices(db);
    const page: InsightsPage = { error: parsed.message, choices, query, insights: null, csvQuery: '' };
    return data(page, { status: 400 });
  }
  const { filter } = parsed;
  const { choices, insights } = await loadInsightsView(db, filter);
  const csvQuery = new URLSearchParams(
    Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString();
  const page: InsightsPage = {
    error: null,
    choices,
    // The months as read: the last twelve when not given (parseInsightFilter).
    query: { ...query, from: filter.from, to: filter.to },
    insights,
    csvQuery,
  };
  return page;
}

function NumbersTable({ id, table }: { id: InsightId; table: InsightTable }) {
  return (
    <details>
      <summary>The numbers ({table.rows.length === 1 ? '1 row' : `${table.rows.length} rows`})</summary>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{TITLES[id]}: the numbers</caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, index) => (
              <tr key={index}>
                {row.map((cell, column) => (
                  <td key={column}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export default function AdminInsights() {
  const { error, choices, query, insights, csvQuery } = useLoaderData() as InsightsPage;
  return (
    <div className="stack insights">
      <h1>Insights</h1>
      <p className="muted">
        Counts are shown as they are, however small the group: HR may see every person&apos;s record anyway.
      </p>
      <Form method="get" className="directory-filters card" aria-label="Filter the insights">
        <div className="field">
          <label htmlFor="insights-department">Department</label>
          <select id="insights-department" name="department" defaultValue={query.department}>
            <option value="">All departments</option>
            {choices.departments.map((department) => (
              <option key={department} value={department}>
                {department}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="insights-office">Office</label>
          <select id="insights-office" name="office" defaultValue={query.office}>
            <option value="">All offices</option>
            {choices.offices.map((office) => (
              <option key={office} value={office}>
                {office}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="insights-from">From (month)</label>
          <input id="insights-from" type="month" name="from" defaultValue={query.from} placeholder="YYYY-MM" />
        </div>
        <div className="field">
          <label htmlFor="insights-to">To (month)</label>
          <input id="insights-to" type="month" name="to" defaultValue={query.to} placeholder="YYYY-MM" />
        </div>
        <button type="submit">Show</button>
      </Form>
      {error ? (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      ) : null}
      {insights?.map(({ id, table, chart }) => (
        <section key={id} id={id} aria-labelledby={`${id}-heading`} className="card stack insight">
          <h2 id={`${id}-heading`}>{TITLES[id]}</h2>
          <p className="muted">{NOTES[id]}</p>
          <div className="insight-chart" dangerouslySetInnerHTML={{ __html: chart.html }} />
          <p>{chart.summary}</p>
          <NumbersTable id={id} table={table} />
          <p>
            <a href={`/admin/insights/${id}.csv${csvQuery ? `?${csvQuery}` : ''}`} download>
              Download the numbers (CSV)
            </a>
          </p>
        </section>
      ))}
    </div>
  );
}
