/**
 * `npm run bench:org`: the org chart at 20,000 employees (a tree 10 levels deep, spans of 3 to 12:
 * scripts/bench-org-hierarchy.ts), through the production bundle's request handler in this process (as the route
 * tests drive it: test-support/http/app-under-test.ts), so the times are the server's alone, no network. Ten
 * requests in flight at a time (10 connections): the chart opened on random people, and one level down (one of
 * their reports); p50 and p99 of each. Then the page weight of a chart view: the HTML, and the scripts and styles
 * it loads (photos are separate requests and not counted). SQLite always; MariaDB when TEST_MYSQL_URL is set.
 *
 * Environment: BENCH_ORG_SIZE (default 20000), BENCH_ORG_REQUESTS per kind (default 500), BENCH_CONNECTIONS
 * (default 10). Needs a fresh `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { setPassword } from '~/auth/credentials.server';
import { getEmployee } from '~/models/employee.server';
import type { AppUnderTest } from '@test-support/http/app-under-test';
import type { TestDialect } from '@test-support/databases';
import { planHierarchy, seedHierarchy, type BenchPerson } from './bench-org-hierarchy';

const options = z
  .object({
    BENCH_ORG_SIZE: z.coerce.number().int().min(100).max(200_000).default(20_000),
    BENCH_ORG_REQUESTS: z.coerce.number().int().min(10).max(100_000).default(500),
    BENCH_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(10),
    // Set by the script for the process it starts per database.
    BENCH_ORG_DIALECT: z.enum(['sqlite', 'mariadb']).optional(),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// The app-under-test helper finds the bundle from __dirname, as vitest (CommonJS-style) gives it; a script runs as
// an ES module, so its folder is given here before the helper is loaded.
Object.assign(globalThis, { __dirname: path.join(root, 'test-support', 'http') });
const { APP_ORIGIN, startAppUnderTest } = await import('@test-support/http/app-under-test');
const { CAST_PASSWORD, signIn } = await import('@test-support/http/people');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Each URL once, `connections` at a time; the time of each request, in ms. */
async function measure(app: AppUnderTest, cookie: string, urls: string[], connections: number) {
  const times: number[] = [];
  const cpuBefore = process.cpuUsage();
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const url = urls[next++];
      const started = performance.now();
      const response = await app.fetch(new Request(`${APP_ORIGIN}${url}`, { headers: { Cookie: cookie } }));
      await response.arrayBuffer();
      times.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  times.sort((a, b) => a - b);
  // CPU time per request (this process: handler, queries on SQLite, rendering), which a loaded machine disturbs
  // far less than the wall-clock times.
  const cpuMs = (cpu.user + cpu.system) / 1000 / times.length;
  return { p50: percentile(times, 50), p99: percentile(times, 99), count: times.length, cpuMs };
}

/** The bytes of a page and of the scripts and styles it names (from public/, as the server sends them). */
function assetBytes(html: string): { assets: number; assetsGzip: number } {
  const hrefs = [...html.matchAll(/(?:src|href)="(\/build\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]);
  let assets = 0;
  let assetsGzip = 0;
  for (const href of new Set(hrefs)) {
    const file = path.join(root, 'public', href);
    if (!fs.existsSync(file)) continue;
    const bytes = fs.readFileSync(file);
    assets += bytes.length;
    assetsGzip += gzipSync(bytes).length;
  }
  return { assets, assetsGzip };
}

function describePlan(people: BenchPerson[]) {
  const spans = people.filter((person) => person.reports.length > 0).map((person) => person.reports.length);
  const depth = Math.max(...people.map((person) => person.level)) + 1;
  return `${people.length} people, ${depth} levels, ${spans.length} managers with spans ${Math.min(...spans)}–${Math.max(...spans)}`;
}

async function benchDialect(dialect: TestDialect, people: BenchPerson[]) {
  const app = await startAppUnderTest({ dialect });
  try {
    const seeding = performance.now();
    await seedHierarchy(app.platform.db, people);
    console.log(`${dialect}: seeded ${describePlan(people)} in ${Math.round(performance.now() - seeding)} ms`);
    const viewer = people[Math.floor(people.length / 3)];
    await setPassword(app.platform.db, viewer.id, CAST_PASSWORD);
    const cookie = await signIn(app, (await getEmployee(app.platform.db, viewer.id, 'private'))!);
    // Random people (a fixed stride through the list, so every run asks for the same ones), and for "one level
    // down" a report of a random manager, as a click on a card asks for it.
    const managers = people.filter((person) => person.reports.length > 0);
    const opens = Array.from({ length: options.BENCH_ORG_REQUESTS }, (_, index) => {
      return `/org?person=${people[(index * 7919) % people.length].id}`;
    });
    const downs = Array.from({ length: options.BENCH_ORG_REQUESTS }, (_, index) => {
      const manager = managers[(index * 104_729) % managers.length];
      return `/org?person=${manager.reports[index % manager.reports.length]}`;
    });
    // Warm up: the first requests compile the routes and fill the caches of a running server.
    await measure(app, cookie, opens.slice(0, 20), options.BENCH_CONNECTIONS);
    const open = await measure(app, cookie, opens, options.BENCH_CONNECTIONS);
    const down = await measure(app, cookie, downs, options.BENCH_CONNECTIONS);
    // For scale, on the same machine at the same moment: the one-line page and the directory's first page.
    const trivial = await measure(
      app,
      cookie,
      Array(options.BENCH_ORG_REQUESTS).fill('/healthz-page'),
      options.BENCH_CONNECTIONS,
    );
    const directory = await measure(
      app,
      cookie,
      Array(Math.min(100, options.BENCH_ORG_REQUESTS)).fill('/employees'),
      options.BENCH_CONNECTIONS,
    );
    const departments = await measure(
      app,
      cookie,
      ['Engineering', 'Sales', 'Finance', 'Operations'].map((name) => `/org/departments/${name}`),
      1,
    );
    // The heaviest view among managers with the most reports (a wide level), and a typical one.
    const widest = [...managers].sort((a, b) => b.reports.length - a.reports.length)[0];
    const weights = [];
    for (const [label, person] of [
      ['a manager with the most reports', widest],
      ['someone in the middle', people[Math.floor(people.length / 10)]],
    ] as const) {
      const html = await (
        await app.fetch(new Request(`${APP_ORIGIN}/org?person=${person.id}`, { headers: { Cookie: cookie } }))
      ).text();
      weights.push({ label, html: Buffer.byteLength(html), htmlGzip: gzipSync(html).length, ...assetBytes(html) });
    }
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const line = (label: string, m: Awaited<ReturnType<typeof measure>>) =>
      `  ${label.padEnd(38)} p50 ${ms(m.p50).padStart(9)}  p99 ${ms(m.p99).padStart(9)}  CPU ${ms(m.cpuMs)} per request`;
    console.log(
      `${dialect}, ${options.BENCH_CONNECTIONS} in flight, ${open.count} requests each (server time, in process):\n` +
        `${line('open the chart on a random person', open)}\n` +
        `${line('one level down (a report)', down)}\n` +
        `${line('reference: the one-line page', trivial)}\n` +
        `${line('reference: the directory', directory)}\n` +
        `${line('a department view (one at a time)', departments)}\n` +
        weights
          .map(
            (weight) =>
              `  page weight, ${weight.label}: HTML ${kb(weight.html)} (${kb(weight.htmlGzip)} gzipped); ` +
              `scripts and styles ${kb(weight.assets)} (${kb(weight.assetsGzip)} gzipped, cached across pages)`,
          )
          .join('\n'),
    );
  } finally {
    await app.close();
  }
}

// The bundle keeps one platform per process: each database is benched by a process of its own (this script again).
if (options.BENCH_ORG_DIALECT) {
  await benchDialect(options.BENCH_ORG_DIALECT, planHierarchy(options.BENCH_ORG_SIZE));
} else {
  const dialects: TestDialect[] = process.env.TEST_MYSQL_URL ? ['sqlite', 'mariadb'] : ['sqlite'];
  if (!process.env.TEST_MYSQL_URL) {
    console.log('mariadb: skipped (set TEST_MYSQL_URL, e.g. from scripts/mariadb-throwaway.sh start)');
  }
  for (const dialect of dialects) {
    const run = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [new URL(import.meta.url).pathname], {
      env: { ...process.env, BENCH_ORG_DIALECT: dialect },
      stdio: 'inherit',
    });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}
