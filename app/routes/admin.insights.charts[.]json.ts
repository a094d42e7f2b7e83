/**
 * The charts of HR's insights for a filter (the page's query string), as JSON: `{ charts: { <insight>: markup } }`.
 * The page's own markup carries them when the server renders it; its loader data does not (they were half the
 * page), so a page the browser renders itself (a new filter, a link followed in the app) fetches them here
 * (docs/decisions/332-insights-and-org-chart-within-twice-the-trivial-page.md). The ETag names the data's version
 * and the filter: the same charts are answered 304 until the data they draw changes.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireAdmin } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';
import { loadInsightsView } from '~/services/insights-view.server';
import { parseInsightFilter } from '~/services/insights.server';
import { languageOfRequest, requestIntl } from '~/services/request-intl.server';
import { wordFilterError } from '~/services/insight-words';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const parsed = parseInsightFilter(new URL(request.url).searchParams);
  if (!parsed.ok) {
    return new Response(wordFilterError(await requestIntl(request), parsed.message), {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  const { db } = await getPlatform();
  const { filter } = parsed;
  // The charts' words are in the viewer's language: it names them as much as the data and the filter do.
  const language = await languageOfRequest(request);
  const { insights, stamp } = await loadInsightsView(db, filter, language);
  const etag = `"${Buffer.from(JSON.stringify([stamp, language, filter.department, filter.office, filter.from, filter.to])).toString('base64url')}"`;
  // HR's only: kept by the browser alone, and asked again each time (a 304 while nothing changed).
  const headers: Record<string, string> = stamp
    ? { ETag: etag, 'Cache-Control': 'private, no-cache', Vary: 'Cookie, Accept-Language' }
    : { 'Cache-Control': 'no-store' };
  if (stamp && request.headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers });
  const charts = Object.fromEntries(insights.map(({ id, chart }) => [id, chart.html]));
  return new Response(JSON.stringify({ charts }), {
    headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' },
  });
}
