/**
 * HR's insights (docs/decisions/327-insights-from-history.md): head counts, joiners and leavers, the verification
 * funnel, why photos are refused, spans of control and depth, each as a chart drawn on the server, a sentence
 * saying what it shows, its numbers in a table, and a CSV of them (./admin.insights.$file.ts). Filtered
 * by department, office and months through the query string, so a filtered view is a link HR can share.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { escapeMarkup, markupElement } from '~/utils/markup';
import { requireAdmin } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';
import { useViewer } from '~/i18n/document-intl';
import { formatMonth, formatNumber } from '~/i18n/format';
import { useT } from '~/i18n/use-t';
import { cellWordId, INSIGHT_COLUMNS, INSIGHT_NOTES, INSIGHT_TITLES, wordFilterError } from '~/services/insight-words';
import { insightFilterChoices, loadInsightsView } from '~/services/insights-view.server';
import { parseInsightFilter, type InsightId, type InsightTable } from '~/services/insights.server';
import { languageOfRequest } from '~/services/request-intl.server';
import { catalogue } from '~/i18n/catalogue.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: (data as InsightsPage | undefined)?.title ?? 'Insights · HR admin · XYZ People' },
];

/** One insight as the page's data holds it: its chart's picture is not there (markupOf). */
interface ShownInsight {
  id: InsightId;
  table: InsightTable;
  summary: string;
}

interface InsightsPage {
  title: string;
  /** Why the filter could not be read (then the page has status 400 and no charts). */
  error: string | null;
  choices: { departments: string[]; offices: string[] };
  query: Record<string, string>;
  insights: ShownInsight[] | null;
  csvQuery: string;
  /** Names the pictures: the data's version and the filter (a fresh name each time while an erasure runs). */
  chartsKey: string;
}

/**
 * The charts' pictures, beside the page's data rather than in it: the server writes each into the markup it renders
 * (the loader fills this map in the same process), and the browser keeps that markup when it hydrates. Sent in the
 * loader data as well, every picture went twice (half the page's bytes and much of its CPU). A page the browser
 * renders itself fetches them (app/routes/admin.insights.charts[.]json.ts). Empty in the browser.
 */
const markupOf = new WeakMap<ShownInsight, string>();

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { db } = await getPlatform();
  const language = await languageOfRequest(request);
  const { intl } = catalogue(language);
  const title = intl.formatMessage({ id: 'adminInsights.pageTitle' });
  const url = new URL(request.url);
  const parsed = parseInsightFilter(url.searchParams);
  const query = Object.fromEntries(
    ['department', 'office', 'from', 'to'].map((key) => [key, url.searchParams.get(key) ?? '']),
  );
  if (!parsed.ok) {
    const choices = await insightFilterChoices(db);
    const page: InsightsPage = {
      title,
      error: wordFilterError(intl, parsed.message),
      choices,
      query,
      insights: null,
      csvQuery: '',
      chartsKey: '',
    };
    return data(page, { status: 400 });
  }
  const { filter } = parsed;
  const view = await loadInsightsView(db, filter, language);
  const insights = view.insights.map(({ id, table, chart }) => {
    const shown: ShownInsight = { id, table, summary: chart.summary };
    markupOf.set(shown, chart.html);
    return shown;
  });
  const csvQuery = new URLSearchParams(
    Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString();
  const page: InsightsPage = {
    title,
    error: null,
    choices: view.choices,
    // The months as read: the last twelve when not given (parseInsightFilter).
    query: { ...query, from: filter.from, to: filter.to },
    insights,
    csvQuery,
    chartsKey: `${view.stamp || crypto.randomUUID()}?${csvQuery}`,
  };
  return page;
}

type Say = ReturnType<typeof useT>;

/**
 * The table's caption, header and rows as markup (app/utils/markup.ts): hundreds of cells for a year by department.
 * Numbers and months ("März 2026") as the viewer's language writes them, fixed words (a funnel step) in it, names
 * as people typed them. The CSV keeps the months as the filter writes them ("2026-03").
 */
function numbersMarkup(id: InsightId, table: InsightTable, t: Say, locale: string): string {
  const caption = markupElement(
    'caption',
    { class: 'visually-hidden' },
    escapeMarkup(t('adminInsights.numbers.caption', { title: t(INSIGHT_TITLES[id]) })),
  );
  const header = table.columns
    .map((column, index) => {
      const word = INSIGHT_COLUMNS[id][index];
      return markupElement('th', { scope: 'col' }, escapeMarkup(word ? t(word) : column));
    })
    .join('');
  const cellText = (cell: string | number, column: number) => {
    if (typeof cell === 'number') return formatNumber(cell, locale);
    const word = cellWordId(id, column, cell);
    return word ? t(word) : formatMonth(cell, locale);
  };
  const rows = table.rows
    .map((row) =>
      markupElement(
        'tr',
        {},
        row.map((cell, column) => markupElement('td', {}, escapeMarkup(cellText(cell, column)))).join(''),
      ),
    )
    .join('');
  return `${caption}${markupElement('thead', {}, markupElement('tr', {}, header))}${markupElement('tbody', {}, rows)}`;
}

/**
 * Each table's markup, once per language: on the server the tables are the ones kept until the data changes
 * (app/services/insights-view.server.ts, per language), so a view while nothing changed writes none of them again.
 */
const writtenNumbers = new WeakMap<InsightTable, string>();

function numbersMarkupOnce(id: InsightId, table: InsightTable, t: Say, locale: string): string {
  let markup = writtenNumbers.get(table);
  if (markup === undefined) {
    markup = numbersMarkup(id, table, t, locale);
    writtenNumbers.set(table, markup);
  }
  return markup;
}

function NumbersTable({ id, table }: { id: InsightId; table: InsightTable }) {
  const t = useT();
  const { locale } = useViewer();
  return (
    <details>
      <summary>{t('adminInsights.numbers.summary', { rows: table.rows.length })}</summary>
      <div className="table-wrap">
        <table dangerouslySetInnerHTML={{ __html: numbersMarkupOnce(id, table, t, locale) }} />
      </div>
    </details>
  );
}

/**
 * In the browser, after it rendered the page itself: the pictures the server did not write are fetched, once for all
 * charts. A chart holding the server's markup is left as it is.
 */
function useChartsFetched(csvQuery: string, insights: ShownInsight[] | null) {
  const page = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const empty = [...(page.current?.querySelectorAll<HTMLElement>('.insight-chart[data-insight]') ?? [])].filter(
      (element) => element.childElementCount === 0,
    );
    if (empty.length === 0) return;
    const stop = new AbortController();
    fetch(`/admin/insights/charts.json${csvQuery ? `?${csvQuery}` : ''}`, { signal: stop.signal })
      .then((response) => (response.ok ? (response.json() as Promise<{ charts: Record<string, string> }>) : null))
      .then((answer) => {
        for (const element of empty) {
          const markup = answer?.charts[element.dataset.insight ?? ''];
          if (markup) element.innerHTML = markup;
        }
      })
      // Left empty when the charts cannot be had: each chart's sentence and numbers are on the page anyway.
      .catch(() => {});
    return () => stop.abort();
  }, [csvQuery, insights]);
  return page;
}

export default function AdminInsights() {
  const { error, choices, query, insights, csvQuery, chartsKey } = useLoaderData() as InsightsPage;
  const page = useChartsFetched(csvQuery, insights);
  const t = useT();
  return (
    <div className="stack insights" ref={page}>
      <h1>{t('adminInsights.heading')}</h1>
      <p className="muted">{t('adminInsights.intro')}</p>
      <Form method="get" className="directory-filters card" aria-label={t('adminInsights.filter.label')}>
        <div className="field">
          <label htmlFor="insights-department">{t('adminInsights.filter.department')}</label>
          <select id="insights-department" name="department" defaultValue={query.department}>
            <option value="">{t('adminInsights.filter.allDepartments')}</option>
            {choices.departments.map((department) => (
              <option key={department} value={department}>
                {department}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="insights-office">{t('adminInsights.filter.office')}</label>
          <select id="insights-office" name="office" defaultValue={query.office}>
            <option value="">{t('adminInsights.filter.allOffices')}</option>
            {choices.offices.map((office) => (
              <option key={office} value={office}>
                {office}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="insights-from">{t('adminInsights.filter.from')}</label>
          <input
            id="insights-from"
            type="month"
            name="from"
            defaultValue={query.from}
            placeholder={t('adminInsights.filter.monthPlaceholder')}
          />
        </div>
        <div className="field">
          <label htmlFor="insights-to">{t('adminInsights.filter.to')}</label>
          <input
            id="insights-to"
            type="month"
            name="to"
            defaultValue={query.to}
            placeholder={t('adminInsights.filter.monthPlaceholder')}
          />
        </div>
        <button type="submit">{t('adminInsights.filter.show')}</button>
      </Form>
      {error ? (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      ) : null}
      {insights?.map((insight) => {
        const { id, table, summary } = insight;
        return (
          <section key={id} id={id} aria-labelledby={`${id}-heading`} className="card stack insight">
            <h2 id={`${id}-heading`}>{t(INSIGHT_TITLES[id])}</h2>
            <p className="muted">{t(INSIGHT_NOTES[id])}</p>
            {/* Keyed by the numbers it draws: other numbers get a new, empty element for the fetched picture. */}
            <div
              key={summary}
              className="insight-chart"
              data-insight={id}
              dangerouslySetInnerHTML={{ __html: markupOf.get(insight) ?? '' }}
              // The browser renders it empty and keeps the server's picture (React does not reset such markup).
              suppressHydrationWarning
            />
            <p>{summary}</p>
            <NumbersTable id={id} table={table} />
            <p>
              <a href={`/admin/insights/${id}.csv?${csvQuery ? `${csvQuery}&` : ''}header=language`} download>
                {t('adminInsights.numbers.download')}
              </a>
            </p>
          </section>
        );
      })}
    </div>
  );
}
