/**
 * One insight's numbers as CSV (`/admin/insights/<insight>.csv`, with the page's filter in the query string):
 * the same table the page prints under the chart (app/services/insights.server.ts).
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireAdmin } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';
import { catalogue } from '~/i18n/catalogue.server';
import { cellWordId, INSIGHT_COLUMNS } from '~/services/insight-words';
import { INSIGHTS, insightTable, parseInsightFilter, type InsightId } from '~/services/insights.server';
import { languageOfRequest } from '~/services/request-intl.server';
import { csvRow } from './admin/csv';
import { csvHeaderChoiceSchema } from './admin/csv-header.server';

const isInsight = (name: string): name is InsightId => (INSIGHTS as readonly string[]).includes(name);

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const name = (params.file ?? '').replace(/\.csv$/, '');
  if (!params.file?.endsWith('.csv') || !isInsight(name)) {
    return text(`No such insight. The CSVs are: ${INSIGHTS.map((id) => `${id}.csv`).join(', ')}.`, 404);
  }
  const searchParams = new URL(request.url).searchParams;
  const parsed = parseInsightFilter(searchParams);
  if (!parsed.ok) return text(parsed.message, 400);
  // The machine header unless HR's language is asked for (the page's link does); numbers stay plain either way,
  // as spreadsheets read them (docs/decisions/339-csv-headers-in-hr-language.md).
  const headerChoice = csvHeaderChoiceSchema.safeParse(searchParams.get('header') ?? 'machine');
  if (!headerChoice.success) return text(headerChoice.error.issues[0].message, 400);
  const intl = headerChoice.data === 'language' ? catalogue(await languageOfRequest(request)).intl : null;
  const { db } = await getPlatform();
  const table = await insightTable(db, name, parsed.filter);
  const header = intl
    ? table.columns.map((column, index) => {
        const word = INSIGHT_COLUMNS[name][index];
        return word ? intl.formatMessage({ id: word }) : column;
      })
    : table.columns;
  const rows = intl
    ? table.rows.map((row) =>
        row.map((cell, column) => {
          const word = cellWordId(name, column, cell);
          return word ? intl.formatMessage({ id: word }) : cell;
        }),
      )
    : table.rows;
  const body = csvRow(header) + rows.map((row) => csvRow(row)).join('');
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="xyz-${name}-${parsed.filter.from}-to-${parsed.filter.to}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
