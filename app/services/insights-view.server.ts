/**
 * What HR's insights page shows for a filter (each insight's numbers and chart, and the filter's choices), kept
 * per process until the data they summarise changes
 * (docs/decisions/332-insights-and-org-chart-within-twice-the-trivial-page.md). Ten aggregate queries over the
 * history for the seven insights, two for the choices, and the charts' lookup were most of the page's CPU; a view
 * now costs one query of index look-ups (readInsightsDataVersion) when nothing changed since it was worked out.
 * Every request reads the version: a change made on any worker or process shows on the next view.
 */
import type { Database } from '~/db/database.server';
import { DEFAULT_LANGUAGE, type Language } from '~/i18n/languages';
import { readInsightsDataVersion } from '~/models/insights.server';
import { renderInsightChart, type InsightChart } from './insight-charts.server';
import {
  allInsightTables,
  filterChoices,
  INSIGHTS,
  type InsightFilter,
  type InsightId,
  type InsightTable,
} from './insights.server';

export interface InsightView {
  id: InsightId;
  table: InsightTable;
  chart: InsightChart;
}

export interface FilterChoices {
  departments: string[];
  offices: string[];
}

/** Views of different filters at one version: HR moves between a few departments and ranges. */
const VIEWS_KEPT = 32;

interface Kept {
  stamp: string;
  choices: Promise<FilterChoices> | null;
  views: Map<string, Promise<InsightView[]>>;
}

let kept: Kept = { stamp: '', choices: null, views: new Map() };

/**
 * The store of the version just read: the same one while nothing changed, a fresh one otherwise. While an erasure
 * runs nothing is kept (its deletions are not in the stamp).
 */
async function storeFor(db: Database): Promise<Kept> {
  const version = await readInsightsDataVersion(db);
  if (version.erasing) return { stamp: '', choices: null, views: new Map() };
  if (kept.stamp !== version.stamp) kept = { stamp: version.stamp, choices: null, views: new Map() };
  return kept;
}

/** A kept promise that failed is dropped, so that the next view asks the database again. */
function keep<T>(work: Promise<T>, forget: () => void): Promise<T> {
  work.catch(forget);
  return work;
}

function choicesIn(db: Database, store: Kept): Promise<FilterChoices> {
  if (!store.choices) {
    store.choices = keep(filterChoices(db), () => {
      store.choices = null;
    });
  }
  return store.choices;
}

/** The departments and offices HR may filter by (also when the filter asked for could not be read). */
export async function insightFilterChoices(db: Database): Promise<FilterChoices> {
  return choicesIn(db, await storeFor(db));
}

async function workOut(db: Database, filter: InsightFilter, language: Language): Promise<InsightView[]> {
  const tables = await allInsightTables(db, filter);
  return Promise.all(
    INSIGHTS.map(async (id) => ({ id, table: tables[id], chart: await renderInsightChart(id, tables[id], language) })),
  );
}

/**
 * Every insight of the filter, with its chart in the language asked for (its words and formats: the language is
 * part of what is kept), and the filter's choices; `stamp` names the version of the data
 * they were worked out from (an ETag for the charts sent on their own: app/routes/admin.insights.charts[.]json.ts), empty
 * while an erasure runs (what they show may change without the version changing).
 */
export async function loadInsightsView(
  db: Database,
  filter: InsightFilter,
  language: Language = DEFAULT_LANGUAGE,
): Promise<{ choices: FilterChoices; insights: InsightView[]; stamp: string }> {
  const store = await storeFor(db);
  const key = JSON.stringify([language, filter.department ?? '', filter.office ?? '', filter.from, filter.to]);
  let views = store.views.get(key);
  if (!views) {
    views = keep(workOut(db, filter, language), () => store.views.delete(key));
    if (store.views.size >= VIEWS_KEPT) store.views.delete(store.views.keys().next().value!);
    store.views.set(key, views);
  }
  const [choices, insights] = await Promise.all([choicesIn(db, store), views]);
  return { choices, insights, stamp: store.stamp };
}

/** Forgets every kept view (tests that change the data behind the version's back). */
export function forgetInsightViews(): void {
  kept = { stamp: '', choices: null, views: new Map() };
}
