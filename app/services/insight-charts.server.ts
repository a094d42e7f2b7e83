/**
 * HR's insights drawn on the server as SVG with Observable Plot (a kept library: scales, axes and legends are its
 * own), into linkedom's document, so the page needs no script to show them. Each chart gets a sentence that says
 * what it shows (its text alternative, aria-label of the picture, and the caption beside it); the numbers are in
 * the table the page prints under it. Plot's colours use currentColor, so the charts follow the page's text colour.
 */
import type * as PlotLibrary from '@observablehq/plot';
import type { parseHTML } from 'linkedom';
import { monthStart } from '~/models/insights.server';
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
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

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

function headCount(table: InsightTable, by: string) {
  const data = table.rows.map(([month, group, count]) => ({
    month: monthStart(String(month)),
    group: String(group),
    count: num(count),
  }));
  const lastMonth = table.rows.at(-1)?.[0];
  const last = table.rows.filter((row) => row[0] === lastMonth);
  const summary =
    data.length === 0
      ? `No active people in this range, by ${by}.`
      : `Active people at the end of each month, by ${by}. At the end of ${lastMonth}: ` +
        last.map((row) => `${row[1]} ${row[2]}`).join(', ') +
        '.';
  const plot = Plot.plot({
    document,
    className: CLASS_NAME,
    width: WIDTH,
    height: HEIGHT,
    marginLeft: 48,
    x: { type: 'utc', label: 'Month', tickFormat: '%b %Y' },
    y: { grid: true, label: 'Active people', zero: true },
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

function joinersAndLeavers(table: InsightTable) {
  const data = table.rows.flatMap(([month, joiners, leavers]) => [
    { month: String(month), kind: 'Joiners', count: num(joiners) },
    { month: String(month), kind: 'Leavers', count: -num(leavers) },
  ]);
  const joined = table.rows.reduce((sum, row) => sum + num(row[1]), 0);
  const left = table.rows.reduce((sum, row) => sum + num(row[2]), 0);
  const busiest = largest(table.rows, (row) => num(row[1]));
  const summary =
    `${plural(joined, 'person', 'people')} joined and ${plural(left, 'person', 'people')} left in this range` +
    (busiest && num(busiest[1]) > 0 ? `; the most joiners were in ${busiest[0]} (${busiest[1]}).` : '.');
  const plot = Plot.plot({
    document,
    className: CLASS_NAME,
    width: WIDTH,
    height: HEIGHT,
    marginLeft: 48,
    x: { type: 'band', label: 'Month', ticks: monthTicks(data.map((row) => row.month)) },
    y: { grid: true, label: 'People (leavers below the line)' },
    color: { type: 'categorical', legend: true, domain: ['Joiners', 'Leavers'], range: ['#1f6f43', '#b3261e'] },
    marks: [Plot.barY(data, { x: 'month', y: 'count', fill: 'kind' }), Plot.ruleY([0])],
  });
  return { plot, summary };
}

function funnel(table: InsightTable) {
  const data = table.rows.map((row) => ({ step: String(row[0]), people: num(row[1]) }));
  const [joined, photo, checks, approved] = data.map((step) => step.people);
  const summary =
    `Of ${plural(joined ?? 0, 'person', 'people')} who joined in this range, ${photo ?? 0} had a photo accepted, ` +
    `${checks ?? 0} passed the record checks and ${approved ?? 0} were approved.` +
    table.rows
      .slice(1)
      .filter((row) => row[4] !== '')
      .map((row) => ` ${row[0]}: median ${row[4]} hours after the step before.`)
      .join('');
  const plot = Plot.plot({
    document,
    className: CLASS_NAME,
    width: WIDTH,
    height: 200,
    marginLeft: 150,
    marginRight: 40,
    x: { grid: true, label: 'People' },
    y: { label: null, domain: [...FUNNEL_STEPS] },
    marks: [
      Plot.barX(data, { y: 'step', x: 'people', fill: '#2b5797' }),
      Plot.text(data, { y: 'step', x: 'people', text: (d: { people: number }) => String(d.people), dx: 12 }),
      Plot.ruleX([0]),
    ],
  });
  return { plot, summary };
}

function refusals(table: InsightTable) {
  const data = table.rows.map(([month, reason, count]) => ({
    month: String(month),
    reason: String(reason),
    count: num(count),
  }));
  const byReason = new Map<string, number>();
  for (const row of data) byReason.set(row.reason, (byReason.get(row.reason) ?? 0) + row.count);
  const total = data.reduce((sum, row) => sum + row.count, 0);
  const top = largest([...byReason], ([, count]) => count);
  const summary =
    total === 0
      ? 'No photos were refused in this range.'
      : `${plural(total, 'photo')} refused in this range; most often: ${top![0].toLowerCase()} (${top![1]}).`;
  const plot = Plot.plot({
    document,
    className: CLASS_NAME,
    width: WIDTH,
    height: HEIGHT,
    marginLeft: 48,
    x: { type: 'band', label: 'Month', ticks: monthTicks(data.map((row) => row.month)) },
    y: { grid: true, label: 'Refused photos' },
    color: { type: 'categorical', legend: true, domain: [...REFUSAL_CATEGORIES], scheme: 'tableau10' },
    marks: [Plot.barY(data, { x: 'month', y: 'count', fill: 'reason' }), Plot.ruleY([0])],
  });
  return { plot, summary };
}

function bars(table: InsightTable, labels: { x: string; y: string }, summary: string) {
  const data = table.rows.map(([x, y]) => ({ x: String(x), y: num(y) }));
  const plot = Plot.plot({
    document,
    className: CLASS_NAME,
    width: WIDTH,
    height: HEIGHT,
    marginLeft: 48,
    x: { type: 'band', label: labels.x, domain: data.map((row) => row.x) },
    y: { grid: true, label: labels.y },
    marks: [Plot.barY(data, { x: 'x', y: 'y', fill: '#2b5797' }), Plot.ruleY([0])],
  });
  return { plot, summary };
}

function spansSummary(table: InsightTable): string {
  const managers = table.rows.reduce((sum, row) => sum + num(row[1]), 0);
  if (managers === 0) return 'No active managers with active direct reports.';
  const common = largest(table.rows, (row) => num(row[1]))!;
  const widest = table.rows.at(-1)!;
  return `${plural(managers, 'manager')}; most often a manager has ${plural(num(common[0]), 'direct report')}, and the largest team has ${num(widest[0])}.`;
}

function depthSummary(table: InsightTable): string {
  const levels = table.rows.filter((row) => typeof row[0] === 'number');
  const loop = table.rows.find((row) => typeof row[0] !== 'number');
  if (levels.length === 0) return 'No active people.';
  const widest = largest(levels, (row) => num(row[1]))!;
  return (
    `The organisation is ${plural(levels.length, 'level')} deep; the most people (${widest[1]}) are at level ${widest[0]}.` +
    (loop ? ` ${plural(num(loop[1]), 'person', 'people')} are in a reporting loop and have no level.` : '')
  );
}

/**
 * Charts drawn lately, by insight and numbers: Plot drawing into linkedom's document was half of the page's CPU
 * (and most of its garbage), while the numbers change only as people join, leave and move, so HR opening the page
 * again, or another HR person opening it, gets the same pictures. A chart is a function of its insight and its
 * table alone; the oldest is dropped beyond CHARTS_KEPT (a few MB at most).
 */
const drawn = new Map<string, InsightChart>();
const CHARTS_KEPT = 64;

/** The chart of one insight, and its text alternative. */
export async function renderInsightChart(id: InsightId, table: InsightTable): Promise<InsightChart> {
  const key = `${id}\u0000${JSON.stringify(table)}`;
  const kept = drawn.get(key);
  if (kept) {
    drawn.delete(key); // re-inserted: most recently used last
    drawn.set(key, kept);
    return kept;
  }
  await loadChartLibraries();
  const chart = drawInsightChart(id, table);
  if (drawn.size >= CHARTS_KEPT) drawn.delete(drawn.keys().next().value!);
  drawn.set(key, chart);
  return chart;
}

function drawInsightChart(id: InsightId, table: InsightTable): InsightChart {
  const { plot, summary } = (() => {
    switch (id) {
      case 'head-count-by-department':
        return headCount(table, 'department');
      case 'head-count-by-office':
        return headCount(table, 'office');
      case 'joiners-and-leavers':
        return joinersAndLeavers(table);
      case 'verification-funnel':
        return funnel(table);
      case 'photo-refusals':
        return refusals(table);
      case 'spans-of-control':
        return bars(table, { x: 'Direct reports', y: 'Managers' }, spansSummary(table));
      case 'organisation-depth':
        return bars(table, { x: 'Level (1 = no manager)', y: 'Active people' }, depthSummary(table));
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
