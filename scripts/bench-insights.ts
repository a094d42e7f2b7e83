/**
 * `npm run bench:insights`: the server time of HR's insights page (/admin/insights, every chart) with 100,000
 * events behind it (docs/decisions/327-insights-from-history.md). Seeds, through bulk inserts, employees who joined
 * over two years: most through verification (refused photos with each reason, an accepted photo, a task for HR's
 * decision, an approval; some still waiting or rejected), some created active, some deactivated later, some moved
 * department, in a tree of managers with spans of 3 to 12, plus profile edits, until the outbox holds
 * BENCH_EVENTS events. Then requests the page through the production bundle's handler (as
 * app/routes/*.test.ts do) as HR: the default year, then filtered by a department and by an office over two years.
 *
 * Environment: BENCH_EVENTS (default 100000), BENCH_RUNS per view (default 20), BENCH_DIALECTS (default "sqlite";
 * "sqlite,mariadb" needs TEST_MYSQL_URL). Each dialect runs in a child process: the bundle holds one platform per
 * process. Needs a fresh `npm run build`. Prints p50/p90 per view and writes .tmp/bench-insights/results.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { AppUnderTest } from '@test-support/http/app-under-test';
import { seedInsightsHistory } from '@test-support/insights-history';

const options = z
  .object({
    BENCH_EVENTS: z.coerce.number().int().min(1000).max(2_000_000).default(100_000),
    BENCH_RUNS: z.coerce.number().int().min(1).max(1000).default(20),
    BENCH_DIALECTS: z
      .string()
      .default('sqlite')
      .transform((value) => value.split(',').map((name) => name.trim()))
      .pipe(z.array(z.enum(['sqlite', 'mariadb'])).min(1)),
    BENCH_DIALECT: z.enum(['sqlite', 'mariadb']).optional(),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));

const HOUR = 3_600_000;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/**
 * The app under test (as the route tests use it) finds the bundle from its CommonJS `__dirname`, which vitest
 * provides and tsx does not for an ES module: given here, then the module is loaded.
 */
(globalThis as { __dirname?: string }).__dirname = path.join(root, 'test-support', 'http');
const { APP_ORIGIN, startAppUnderTest } = await import('@test-support/http/app-under-test');
const { createCast } = await import('@test-support/http/people');
const outDir = path.join(root, '.tmp', 'bench-insights');

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

async function benchDialect(dialect: 'sqlite' | 'mariadb') {
  const app: AppUnderTest = await startAppUnderTest({ dialect });
  try {
    const cast = await createCast(app);
    const seedStart = performance.now();
    const seeded = await seedInsightsHistory(app.platform.db, {
      people: Math.round(options.BENCH_EVENTS / 10),
      events: options.BENCH_EVENTS,
      prefix: 'I',
    });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const thisMonth = new Date().toISOString().slice(0, 7);
    const twoYearsAgo = new Date(Date.now() - 730 * 24 * HOUR).toISOString().slice(0, 7);
    const views = {
      'default (12 months)': '/admin/insights',
      'Engineering, 24 months': `/admin/insights?department=Engineering&from=${twoYearsAgo}&to=${thisMonth}`,
      'London, 24 months': `/admin/insights?office=London&from=${twoYearsAgo}&to=${thisMonth}`,
    };
    const results: Record<string, { p50: number; p90: number; bytes: number }> = {};
    for (const [name, url] of Object.entries(views)) {
      const times: number[] = [];
      let bytes = 0;
      for (let run = 0; run < options.BENCH_RUNS + 2; run++) {
        const started = performance.now();
        const response = await app.fetch(
          new Request(`${APP_ORIGIN}${url}`, { headers: { cookie: cast.admin.cookie } }),
        );
        const body = await response.text();
        const elapsed = performance.now() - started;
        if (response.status !== 200) throw new Error(`${url}: ${response.status} ${body.slice(0, 300)}`);
        bytes = body.length;
        if (run >= 2) times.push(elapsed); // the first two warm the bundle's code and the database's caches
      }
      times.sort((a, b) => a - b);
      results[name] = { p50: Math.round(quantile(times, 0.5)), p90: Math.round(quantile(times, 0.9)), bytes };
    }
    return { dialect, ...seeded, seedSeconds: Math.round(seedSeconds * 10) / 10, runs: options.BENCH_RUNS, results };
  } finally {
    await app.close();
  }
}

if (options.BENCH_DIALECT) {
  const result = await benchDialect(options.BENCH_DIALECT);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
} else {
  fs.mkdirSync(outDir, { recursive: true });
  const all = [];
  for (const dialect of options.BENCH_DIALECTS) {
    const child = spawnSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname], {
      env: { ...process.env, BENCH_DIALECT: dialect },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const line = child.stdout.split('\n').find((text) => text.startsWith('RESULT '));
    if (!line) throw new Error(`${dialect} failed:\n${child.stderr}\n${child.stdout}`);
    const result = JSON.parse(line.slice('RESULT '.length));
    all.push(result);
    console.log(
      `\n${dialect}: ${result.employees} employees, ${result.events} events (seeded in ${result.seedSeconds} s), ${result.runs} runs per view`,
    );
    for (const [name, figures] of Object.entries(
      result.results as Record<string, { p50: number; p90: number; bytes: number }>,
    )) {
      console.log(
        `  ${name.padEnd(24)} p50 ${String(figures.p50).padStart(5)} ms   p90 ${String(figures.p90).padStart(5)} ms   ${Math.round(figures.bytes / 1024)} KB`,
      );
    }
  }
  fs.writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(all, null, 2)}\n`);
  console.log('\ntarget: the page within 500 ms with 100,000 events');
}
