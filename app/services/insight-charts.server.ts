/**
 * HR's insights drawn on the server as SVG with Observable Plot (a kept library: scales, axes and legends are its
 * own), into linkedom's document, so the page needs no script to show them. Each chart gets a sentence that says
 * what it shows (its text alternative, aria-label of the picture, and the caption beside it); the numbers are in
 * the table the page prints under it. Plot's colours use currentColor, so the charts follow the page's text colour.
 */
import type * as PlotLibrary from '@observablehq/plot';
import type { parseHTML } from 'linkedom';
import type { IntlShape } from 'react-intl';
import { catalogue } from '~/i18n/catalogue.server';
import { formatMonth, formatNumber } from '~/i18n/format';
import { DEFAULT_LANGUAGE, type Language } from '~/i18n/languages';
import { monthStart } from '~/models/insights.server';
import { FUNNEL_STEP_WORDS, REFUSAL_WORDS } from './insight-words';
import { FUNNEL_STEPS, REFUSAL_CATEGORIES, type InsightId, type InsightTable } from './insights.server';

// Plot and linkedom are loaded with the first chart, not with every worker: together about 25 MiB of RSS that
// only HR's insights page uses (docs/decisions/025-worker-memory.md).
let Plot: typeof PlotLibrary;
let document: ReturnType<typeof parseHTML>['document'];

async function loadChartLibraries(): Promise<void> {
  if (Plot) return;
  const [plot, linkedom] = await Promise.all([import('@observablehq/plot'), import('linkedom')]);
  document = linkedom.parseHTML('<!doctype html><html><body></body></html>').document;
  Plot = plot;
}

/** Plot's class names (`insight-plot`, `-figure`, `-swatches`, `-swatch`): styled in app/styles/app.css. */
const CLASS_NAME = 'insight-plot';
const WIDTH = 720;
const HEIGHT = 300;

export interface InsightChart {
  /** The picture: an <svg>, or a <figure> holding the legend and the <svg>. */
  html: string;
  /** What it shows, in a sentence or two: the picture's text alternative. */
  summary: string;
}

const num = (value: string | number) => (typeof value === 'number' ? value : Number(value) || 0);

/**
 * The words and formats of one chart's language: its axis labels, legend and sentence come from the catalogue
 * (app/locales/<language>/adminInsights.json), its numbers and months as the language writes them.
 */
interface ChartWords {
  intl: IntlShape;
  say: (id: string, values?: Record<string, string | number>) => string;
  number: (value: number) => string;
  /** "Mar 2026" / "März 2026": a month on a time axis. */
  month: (date: Date) => string;
  /** The same for a month kept as its "2026-03" string (a band axis). */
  monthOf: (month: string) => string;
}

function wordsOf(language: Language): ChartWords {
  const { intl } = catalogue(language);
  return {
    intl,
    say: (id, values) => intl.formatMessage({ id }, values),
    number: (value) => formatNumber(value, language),
    month: (date) => formatMonth(date.toISOString().slice(0, 7), language),
    monthOf: (value) => formatMonth(value, language),
  };
}

function largest<T>(items: readonly T[], value: (item: T) => number): T | undefined {
  return items.reduce<T | undefined>(
    (best, item) => (best === undefined || value(item) > value(best) ? item : best),
    undefined,
  );
}

/** At most twelve month labels under a bar per month: more would overlap. */
function monthTicks(months: readonly string[]): string[] {
  const unique = [...new Set(months)];
  const step = Math.max(1, Math.ceil(unique.length / 12));
  return unique.filter((_, index) => index % step === 0);
}

function headCount(table: InsightTable, by: 'department' | 'office', words: ChartWords) {
  const data = table.rows.map(([month, group, count]) => ({
    month: monthStart(String(month)),
    group: String(group),
    count: num(count),
  }));
  const lastMonth = table.rows.at(-1)?.[0];
  const last = table.rows.filter((row) => row[0] === lastMonth);
  // The month as the viewer's language writes it; a department's name as HR typed it.
  const summary =
    data.length === 0
      ? words.say('adminInsights.summary.headCountEmpty', { by })
      : words.say('adminInsights.summary.headCount', {
          by,
          month: words.monthOf(String(lastMonth)),
          counts: last.map((row) => `${row[1]} ${words.number(num(row[2]))}`).join(', '),
        });
  const plot = Plot.plot({
    document,
    className: CLASS_NAME,
    width: WIDTH,
    height: HEIGHT,
    marginLeft: 48,
    x: { type: 'utc', label: words.say('adminInsights.axis.month'), tickFormat: words.month },
    y: { grid: true, label: words.say('adminInsights.axis.activePeople'), zero: true, tickFormat: words.number },
    // Categorical even when there is nothing to colour (an empty range), or Plot picks a ramp legend it cannot draw.
    color: { type: 'categorical', legend: true },
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(data, { x: 'month', y: 'count', stroke: 'group', strokeWidth: 2 }),
      Plot.dot(data, { x: 'month', y: 'count', fill: 'group', r: 3 }),
    ],
  });
  return { plot, summary };
}

function joinersAndLeavers(table: InsightTable, words: ChartWords) {
  const joinersWord = words.say('adminInsights.legend.joiners');
  const leaversWord = words.say('adminInsights.legend.leavers');
  const data = table.rows.flatMap(([month, joiners, leavers]) => [
    { month: String(month), kind: joinersWord, count: num(joiners) },
    { month: String(month), kind: leaversWord, count: -num(leavers) },
  ]);
  const joined = table.rows.reduce((sum, row) => sum + num(row[1]), 0);
  const left = table.rows.reduce((sum, row) => sum + num(row[2]), 0);
  const busiest = largest(table.rows, (row) => num(row[1]));
  const summary =
    busiest && num(busiest[1]) > 0
      ? words.say('adminInsights.summary.joinersLeaversBusiest', {
          joined,
          left,
          month: words.monthOf(String(busiest[0])),
          count: num(busiest[1]),
        })
      : words.say('adminInsights.summary.joinersLeavers', { joined, left });
  const plot = Plot.plot({
    document,
    className: CLASS_NAME,
    width: WIDTH,
    height: HEIGHT,
    marginLeft: 48,
    x: {
      type: 'band',
      label: words.say('adminInsights.axis.month'),
      ticks: monthTicks(data.map((row) => row.month)),
      tickFormat: words.monthOf,
    },
    y: { grid: true, label: words.say('adminInsights.axis.peopleLeaversBelow'), tickFormat: words.number },
    color: {
      type: 'categorical',
      legend: true,
      domain: [joinersWord, leaversWord],
      range: ['#1f6f43', '#b3261e'],
    },
    marks: [Plot.barY(data, { x: 'month', y: 'count', fill: 'kind' }), Plot.ruleY([0])],
  });
  return { plot, summary };
}

function funnel(table: InsightTable, words: ChartWords) {
  const stepWord = (step: string) =>
    Object.hasOwn(FUNNEL_STEP_WORDS, step)
      ? words.say(FUNNEL_STEP_WORDS[step as keyof typeof FUNNEL_STEP_WORDS])
      : step;
  const data = table.rows.map((row) => ({ step: stepWord(String(row[0])), people: num(row[1]) }));
  const [joined, photo, checks, approved] = data.map((step) => step.people);
  const summary =
    words.say('adminInsights.summary.funnel', {
      joined: joined ?? 0,
      photo: photo ?? 0,
      checks: checks ?? 0,
      approved: approved ?? 0,
    }) +
    table.rows
      .slice(1)
      .filter((row) => row[4] !== '')
      .map((row) =>
        words.say('adminInsights.summary.funnelStep', { step: stepWord(String(row[0])), hours: num(row[4]) }),
      )
      .join('');
  const plot = Plot.plot({
    document,
    className: CLASS_NAME,
    width: WIDTH,
    height: 200,
    marginLeft: 150,
    marginRight: 40,
    x: { grid: true, label: words.say('adminInsights.axis.people'), tickFormat: words.number },
    y: { label: null, domain: FUNNEL_STEPS.map(stepWord) },
    marks: [
      Plot.barX(data, { y: 'step', x: 'people', fill: '#2b5797' }),
      Plot.text(data, { y: 'step', x: 'people', text: (d: { people: number }) => words.number(d.people), dx: 12 }),
      Plot.ruleX([0]),
    ],
  });
  return { plot, summary };
}

function refusals(table: InsightTable, words: ChartWords) {
  const reasonWord = (reason: string) =>
    Object.hasOwn(REFUSAL_WORDS, reason) ? words.say(REFUSAL_WORDS[reason as keyof typeof REFUSAL_WORDS]) : reason;
  const data = table.rows.map(([month, reason, count]) => ({
    month: String(month),
    reason: reasonWord(String(reason)),
    count: num(count),
  }));
  const byReason = new Map<string, number>();
  for (const row of data) byReason.set(row.reason, (byReason.get(row.reason) ?? 0) + row.count);
  const total = data.reduce((sum, row) => sum + row.count, 0);
  const top = largest([...byReason], ([, count]) => count);
  const summary =
    total === 0
      ? words.say('adminInsights.summary.refusalsNone')
      : words.say('adminInsights.summary.refusals', { total, reason: top![0], count: top![1] });
  const plot = Plot.plot({
    document,
    className: CLASS_NAME,
    width: WIDTH,
    height: HEIGHT,
    marginLeft: 48,
    x: {
      type: 'band',
      label: words.say('adminInsights.axis.month'),
      ticks: monthTicks(data.map((row) => row.month)),
      tickFormat: words.monthOf,
    },
    y: { grid: true, label: words.say('adminInsights.axis.refusedPhotos'), tickFormat: words.number },
    color: { type: 'categorical', legend: true, domain: REFUSAL_CATEGORIES.map(reasonWord), scheme: 'tableau10' },
    marks: [Plot.barY(data, { x: 'month', y: 'count', fill: 'reason' }), Plot.ruleY([0])],
  });
  return { plot, summary };
}

function bars(table: InsightTable, labels: { x: string; y: string }, summary: string, words: ChartWords) {
  const data = table.rows.map(([x, y]) => ({ x: String(x), y: num(y) }));
  const plot = Plot.plot({
    document,
    className: CLASS_NAME,
    width: WIDTH,
    height: HEIGHT,
    marginLeft: 48,
    x: {
      type: 'band',
      label: labels.x,
      domain: data.map((row) => row.x),
      tickFormat: (value: string) => (/^\d+$/.test(value) ? words.number(Number(value)) : value),
    },
    y: { grid: true, label: labels.y, tickFormat: words.number },
    marks: [Plot.barY(data, { x: 'x', y: 'y', fill: '#2b5797' }), Plot.ruleY([0])],
  });
  return { plot, summary };
}

function spansSummary(table: InsightTable, words: ChartWords): string {
  const managers = table.rows.reduce((sum, row) => sum + num(row[1]), 0);
  if (managers === 0) return words.say('adminInsights.summary.spansNone');
  const common = largest(table.rows, (row) => num(row[1]))!;
  const widest = table.rows.at(-1)!;
  return words.say('adminInsights.summary.spans', { managers, common: num(common[0]), widest: num(widest[0]) });
}

function depthSummary(table: InsightTable, words: ChartWords): string {
  const levels = table.rows.filter((row) => typeof row[0] === 'number');
  const loop = table.rows.find((row) => typeof row[0] !== 'number');
  if (levels.length === 0) return words.say('adminInsights.summary.depthNone');
  const widest = largest(levels, (row) => num(row[1]))!;
  return (
    words.say('adminInsights.summary.depth', { levels: levels.length, people: num(widest[1]), level: num(widest[0]) }) +
    (loop ? words.say('adminInsights.summary.depthLoop', { people: num(loop[1]) }) : '')
  );
}

/**
 * Charts drawn lately, by language, insight and numbers: Plot drawing into linkedom's document was half of the page's CPU
 * (and most of its garbage), while the numbers change only as people join, leave and move, so HR opening the page
 * again, or another HR person opening it, gets the same pictures. A chart is a function of its insight and its
 * table and the language its words are in; the oldest is dropped beyond CHARTS_KEPT (a few MB at most).
 */
const drawn = new Map<string, InsightChart>();
const CHARTS_KEPT = 64;

/** The chart of one insight, and its text alternative, in a language (English unless asked). */
export async function renderInsightChart(
  id: InsightId,
  table: InsightTable,
  language: Language = DEFAULT_LANGUAGE,
): Promise<InsightChart> {
  const key = `${language}\u0000${id}\u0000${JSON.stringify(table)}`;
  const kept = drawn.get(key);
  if (kept) {
    drawn.delete(key); // re-inserted: most recently used last
    drawn.set(key, kept);
    return kept;
  }
  await loadChartLibraries();
  const chart = drawInsightChart(id, table, wordsOf(language));
  if (drawn.size >= CHARTS_KEPT) drawn.delete(drawn.keys().next().value!);
  drawn.set(key, chart);
  return chart;
}

function drawInsightChart(id: InsightId, table: InsightTable, words: ChartWords): InsightChart {
  const { plot, summary } = (() => {
    switch (id) {
      case 'head-count-by-department':
        return headCount(table, 'department', words);
      case 'head-count-by-office':
        return headCount(table, 'office', words);
      case 'joiners-and-leavers':
        return joinersAndLeavers(table, words);
      case 'verification-funnel':
        return funnel(table, words);
      case 'photo-refusals':
        return refusals(table, words);
      case 'spans-of-control':
        return bars(
          table,
          { x: words.say('adminInsights.axis.directReports'), y: words.say('adminInsights.axis.managers') },
          spansSummary(table, words),
          words,
        );
      case 'organisation-depth':
        return bars(
          // A reporting loop's people have no level: their bar is named in words.
          {
            ...table,
            rows: table.rows.map((row) =>
              typeof row[0] === 'number' ? row : [words.say('adminInsights.cell.inLoop'), ...row.slice(1)],
            ),
          },
          { x: words.say('adminInsights.axis.level'), y: words.say('adminInsights.axis.activePeople') },
          depthSummary(table, words),
          words,
        );
    }
  })();
  // The picture is one image named by its summary; the legend beside it is text screen readers may read too.
  // The page's Content-Security-Policy allows no inline style (docs/decisions/312-security-headers-worked-out-once.md):
  // Plot's <style> elements and style attributes go, and app/styles/app.css styles its classes instead.
  for (const style of plot.querySelectorAll('style')) style.remove();
  for (const styled of [plot, ...plot.querySelectorAll('[style]')]) styled.removeAttribute('style');
  const isSvg = (element: Element) => element.tagName.toLowerCase() === 'svg';
  const svg = isSvg(plot) ? plot : Array.from(plot.children).find(isSvg);
  // The legend's colour swatches are decoration: its words say the same.
  if (svg !== plot) for (const swatch of plot.querySelectorAll('span svg')) swatch.setAttribute('aria-hidden', 'true');
  if (svg) {
    // Plot names its groups of marks ("rule", "dot") with aria-label on plain <g>s, which ARIA does not allow
    // there; inside one image they are not read anyway: the image's own name says what it shows.
    for (const named of svg.querySelectorAll('[aria-label]')) named.removeAttribute('aria-label');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', summary);
  }
  return { html: plot.outerHTML, summary };
}
