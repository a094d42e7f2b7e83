/**
 * The insight charts draw with nothing to show (an empty range, a filter nobody matches) as with numbers: always
 * one picture named by a sentence of what it shows.
 */
import { describe, expect, it } from 'vitest';
import { renderInsightChart } from './insight-charts.server';
import { INSIGHTS } from './insights.server';

describe('insight charts', () => {
  it.each(INSIGHTS)('%s draws an empty table and a full one as one named image', async (id) => {
    const empty = await renderInsightChart(id, { columns: [], rows: [] });
    const full = await renderInsightChart(id, {
      columns: [],
      rows:
        id === 'verification-funnel'
          ? [
              ['Joined', 3, 1, 1, '', ''],
              ['Photo accepted', 2, 0, 0, 10, 20],
              ['Record checks passed', 2, 0, 0, 2, 10],
              ['Approved', 2, '', '', 12, 20],
            ]
          : id.startsWith('head-count') || id === 'photo-refusals'
            ? [
                ['2026-01', '42', 3],
                ['2026-02', '42', 4],
              ]
            : [
                ['2026-01', 3, 1],
                ['2026-02', 2, 0],
              ],
    });
    for (const chart of [empty, full]) {
      expect(chart.summary.length).toBeGreaterThan(10);
      const pictures = (chart.html.match(/<svg[^>]*>/g) ?? []).filter((tag) => tag.includes('role="img"'));
      expect(pictures).toHaveLength(1);
      // Only the image is named: ARIA allows no aria-label on Plot's plain groups.
      expect(chart.html.match(/aria-label=/g)).toHaveLength(1);
      // The Content-Security-Policy allows no inline style: the page's stylesheet styles Plot's classes.
      expect(chart.html).not.toMatch(/<style|style=/);
      expect(chart.html).toContain('class="insight-plot');
      expect(pictures[0]).toContain(`aria-label="${chart.summary.replace(/'/g, '&#39;')}"`.slice(0, 40));
    }
  });
});

describe('charts drawn lately', () => {
  it('draws the same numbers once and new numbers afresh', async () => {
    const table = { columns: ['Month', 'Joined', 'Left'], rows: [['2026-03', 5, 1]] };
    const first = await renderInsightChart('joiners-and-leavers', table);
    expect(await renderInsightChart('joiners-and-leavers', structuredClone(table))).toBe(first);
    const changed = await renderInsightChart('joiners-and-leavers', { ...table, rows: [['2026-03', 6, 1]] });
    expect(changed).not.toBe(first);
    expect(changed.summary).not.toBe(first.summary);
  });
});

describe('charts in the viewer’s language', () => {
  it('words the axes, legend and sentence in German, with German numbers, and keeps each language apart', async () => {
    const table = { columns: [], rows: [['2026-03', 1234, 1]] };
    const german = await renderInsightChart('joiners-and-leavers', table, 'de');
    expect(german.html).toContain('Monat');
    expect(german.html).toContain('Eintritte');
    expect(german.html).toContain('Austritte');
    expect(german.html).toContain('März 2026');
    expect(german.summary).toContain('1.234 Personen sind in diesem Zeitraum eingetreten');
    // The busiest month in the sentence as German writes it, not as the table's key ("2026-03").
    expect(german.summary).toContain('März 2026');
    expect(german.summary).not.toContain('2026-03');
    const english = await renderInsightChart('joiners-and-leavers', table);
    expect(english.summary).toContain('1,234 people joined');
    expect(english.html).not.toContain('Eintritte');
  });
});
