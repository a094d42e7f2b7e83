/**
 * One insight's numbers as CSV (`/admin/insights/<insight>.csv`, with the page's filter in the query string):
 * the same table the page prints under the chart (app/services/insights.server.ts).
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireAdmin } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';
import { INSIGHTS, insightTable, parseInsightFilter, type InsightId } from '~/services/insights.server';
import { csvRow } from './admin/csv';

const isInsight = (name: string): name is InsightId => (INSIGHTS as readonly string[]).includes(name);

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const name = (params.file ?? '').replace(/\.csv$/, '');
  if (!params.file?.endsWith('.csv') || !isInsight(name)) {
    return text(`No such insight. The CSVs are: ${INSIGHTS.map((id) => `${id}.csv`).join(', ')}.`, 404);
  }
  const parsed = parseInsightFilter(new URL(request.url).searchParams);
  if (!parsed.ok) return text(parsed.message, 400);
  const { db } = await getPlatform();
  const table = await insightTable(db, name, parsed.filter);
  const body = csvRow(table.columns) + table.rows.map((row) => csvRow(row)).join('');
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="xyz-${name}-${parsed.filter.from}-to-${parsed.filter.to}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
