/**
 * /admin/insights and its CSVs over HTTP against the production bundle: HR only; every chart drawn as an image
 * with a text alternative, its numbers and its CSV link; a filter it cannot read is a 400 that says why, on the
 * page and on a CSV; an unknown CSV is a 404 naming the ones there are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { createCast, type Cast } from '@test-support/http/people';
import { INSIGHTS } from '~/services/insights.server';

let app: AppUnderTest;
let cast: Cast;

beforeAll(async () => {
  app = await startAppUnderTest();
  cast = await createCast(app);
});

afterAll(async () => {
  await app?.close();
});

const get = (pathname: string, cookie = '') =>
  app.fetch(new Request(`${APP_ORIGIN}${pathname}`, { headers: cookie ? { cookie } : {} }));

describe('the insights page', () => {
  it('is linked from the admin menu and shows every chart with its text alternative, numbers and CSV', async () => {
    const response = await get('/admin/insights', cast.admin.cookie);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('href="/admin/insights"');
    for (const id of INSIGHTS) {
      expect(html).toContain(`id="${id}-heading"`);
      expect(html).toContain(`href="/admin/insights/${id}.csv`);
    }
    const pictures = (html.match(/<svg[^>]*>/g) ?? []).filter((tag) => tag.includes('role="img"'));
    expect(pictures).toHaveLength(INSIGHTS.length);
    for (const tag of pictures) expect(tag).toMatch(/aria-label="[^"]{20,}"/);
    // The cast's active people, counted at this month's end.
    expect(html).toMatch(/At the end of [A-Z][a-z]{2} \d{4}: /);
    // Each picture is sent once: in the markup, not again in the page's data for the browser.
    const data = html.slice(html.indexOf('__remixContext'));
    expect(data).toContain('head-count-by-department');
    expect(data).not.toContain('insight-plot');
  });

  it('sends the charts alone for a page the browser renders itself, with an ETag until the data changes', async () => {
    const path = '/admin/insights/charts.json?from=2026-01&to=2026-03';
    expect((await get(path, cast.active.cookie)).status).toBe(403);
    const response = await get(path, cast.admin.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
    const etag = response.headers.get('etag')!;
    const { charts } = (await response.json()) as { charts: Record<string, string> };
    expect(Object.keys(charts).sort()).toEqual([...INSIGHTS].sort());
    for (const markup of Object.values(charts)) expect(markup).toMatch(/<svg[^>]*role="img"/);
    const again = await app.fetch(
      new Request(`${APP_ORIGIN}${path}`, { headers: { cookie: cast.admin.cookie, 'if-none-match': etag } }),
    );
    expect(again.status).toBe(304);
    const otherRange = await app.fetch(
      new Request(`${APP_ORIGIN}/admin/insights/charts.json?from=2026-02&to=2026-03`, {
        headers: { cookie: cast.admin.cookie, 'if-none-match': etag },
      }),
    );
    expect(otherRange.status).toBe(200);
    expect((await get('/admin/insights/charts.json?from=banana', cast.admin.cookie)).status).toBe(400);
  });

  it('is for HR only', async () => {
    expect((await get('/admin/insights', cast.active.cookie)).status).toBe(403);
    expect((await get('/admin/insights/joiners-and-leavers.csv', cast.active.cookie)).status).toBe(403);
  });

  it('answers a filter it cannot read with 400 and what is wrong, never a 500', async () => {
    const page = await get('/admin/insights?from=2026-13&to=banana', cast.admin.cookie);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('From must be a month written as YYYY-MM');
    const csv = await get('/admin/insights/photo-refusals.csv?from=2026-05&to=2026-01', cast.admin.cookie);
    expect(csv.status).toBe(400);
    expect(await csv.text()).toBe('From must not be after To');
    const unknown = await get('/admin/insights/salaries.csv', cast.admin.cookie);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('joiners-and-leavers.csv');
  });

  it('downloads the numbers of one chart as CSV, filtered', async () => {
    const response = await get('/admin/insights/joiners-and-leavers.csv?from=2026-01&to=2026-03', cast.admin.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('xyz-joiners-and-leavers-2026-01-to-2026-03.csv');
    const lines = (await response.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe('month,joiners,leavers');
    expect(lines.map((line) => line.split(',')[0]).slice(1)).toEqual(['2026-01', '2026-02', '2026-03']);
  });
});
