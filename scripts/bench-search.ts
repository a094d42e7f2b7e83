/**
 * `npm run bench:search`: the directory's search at 1,000 and 100,000 employees. For each search backend
 * (the embedded index always; more are plugged in below) and for today's SQL search on the same SQLite data:
 * queries per second (one client, back to back) and p50/p99 latency of a typo query, a prefix query and a
 * faceted query; the index's build time and memory; and the time from an edit (row + event committed) to the
 * edit being findable through the real subscriber. Prints a table and writes .tmp/bench-search/results.json.
 *
 * Adding a backend (helper-opensearch): append to BACKENDS an object `{ name, create(size) }` returning a
 * fresh, empty SearchIndex, plus `memory?()` when the index lives outside this process (the node's RSS).
 * Everything else (data, queries, timing, the table) is shared.
 *
 * Environment: BENCH_SIZES (default "1000,100000"), BENCH_SECONDS per query kind (default 3).
 * Run with --expose-gc (the npm script does) so the memory figure is live data, not garbage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { closeDatabase, openDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { countDirectory, searchDirectory } from '~/models/directory-search.server';
import { streamSearchDocuments } from '~/models/search-projection.server';
import { EmbeddedSearchIndex } from '~/search/embedded-search-index.server';
import { createOpenSearchIndex } from '~/search/opensearch-index.server';
import type { SearchIndex, SearchQuery } from '~/search/search-index.server';
import { recordEvent } from '~/services/domain-events.server';
import { dispatchToSubscriber } from '~/services/event-dispatcher.server';
import { searchIndexSubscriber } from '~/subscribers/search-index.server';
import { startOpenSearchNode, type OpenSearchTestNode } from '@test-support/opensearch/node';
import { seedBenchData } from './bench-data';

const options = z
  .object({
    BENCH_SIZES: z
      .string()
      .default('1000,100000')
      .transform((value) => value.split(',').map((size) => Number(size.trim())))
      .pipe(z.array(z.number().int().min(10).max(1_000_000)).min(1)),
    BENCH_SECONDS: z.coerce.number().min(0.5).max(120).default(3),
    /** `false` skips the OpenSearch node (a JVM of about 300 MB that takes 10-25 s to start). */
    BENCH_OPENSEARCH: z.enum(['true', 'false']).default('true'),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));

export interface BenchBackend {
  name: string;
  create(size: number): Promise<SearchIndex>;
  /** Memory of an index that lives outside this process (bytes), measured after the build. */
  memory?(): Promise<number>;
}

const BACKENDS: BenchBackend[] = [
  // Without its cache of recent searches: every query here does the full work (the server keeps 32).
  { name: 'embedded', create: async () => new EmbeddedSearchIndex({ recentSearches: 0 }) },
];

/**
 * A real single-node OpenSearch 2.19 (test-support/opensearch, -Xmx512m; OPENSEARCH_TEST_URL for one already
 * running), started once for every size. Its memory is the JVM's resident set (or, for a node started
 * elsewhere, its heap in use).
 */
let openSearchNode: OpenSearchTestNode | undefined;
if (options.BENCH_OPENSEARCH === 'true') {
  BACKENDS.push({
    name: 'opensearch',
    async create(size) {
      openSearchNode ??= await startOpenSearchNode();
      // A generous timeout: a bulk request of 1,000 documents on a loaded 2-core machine can take seconds.
      return createOpenSearchIndex({
        endpoint: openSearchNode.url,
        indexPrefix: `bench-${size}-${Date.now()}`,
        requestTimeoutMs: 60_000,
      });
    },
    async memory() {
      if (openSearchNode?.pid) {
        const status = fs.readFileSync(`/proc/${openSearchNode.pid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
      }
      const stats = (await (await fetch(`${openSearchNode!.url}/_nodes/stats/jvm`)).json()) as {
        nodes: Record<string, { jvm: { mem: { heap_used_in_bytes: number } } }>;
      };
      return Object.values(stats.nodes)[0]?.jvm.mem.heap_used_in_bytes ?? 0;
    },
  });
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const workDir = path.join(root, '.tmp', 'bench-search');

/** Typos (one or two letters off) of the bench's last names, prefixes of them, and a prefix with facets. */
const TYPO_QUERIES = ['Kowalsky', 'Andresen', 'Fischr', 'Tamaka', 'Haddat', 'Yilmas', 'Okafr', 'Wagnr'];
const PREFIX_QUERIES = ['kow', 'and', 'fisc', 'tan', 'had', 'yil', 'oka', 'wag'];
const FACETED: Array<{ text: string; department: string; office: string }> = [
  { text: 'gra', department: 'Finance', office: 'London' },
  { text: 'ben', department: 'Engineering', office: 'Berlin' },
  { text: 'mar', department: 'Sales', office: 'Lisbon' },
  { text: 'ros', department: 'Marketing', office: 'Remote' },
];

type Kind = 'typo' | 'prefix' | 'faceted';

interface Timing {
  qps: number;
  p50: number;
  p99: number;
  runs: number;
  /** Average hits on the first page (a sanity check that the query finds people). */
  hits: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timeQueries(run: (i: number) => Promise<number>): Promise<Timing> {
  const latencies: number[] = [];
  let hits = 0;
  const until = performance.now() + options.BENCH_SECONDS * 1000;
  const started = performance.now();
  for (let i = 0; performance.now() < until || i < 20; i += 1) {
    const t0 = performance.now();
    hits += await run(i);
    latencies.push(performance.now() - t0);
  }
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    qps: Math.round((latencies.length / elapsed) * 1000),
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    runs: latencies.length,
    hits: round(hits / latencies.length),
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

function indexQuery(kind: Kind, i: number): SearchQuery {
  if (kind === 'typo') return { text: TYPO_QUERIES[i % TYPO_QUERIES.length], facets: {}, page: 0, pageSize: 24 };
  if (kind === 'prefix') return { text: PREFIX_QUERIES[i % PREFIX_QUERIES.length], facets: {}, page: 0, pageSize: 24 };
  const f = FACETED[i % FACETED.length];
  return { text: f.text, facets: { department: [f.department], officeLocation: [f.office] }, page: 0, pageSize: 24 };
}

/** What the directory page does without the index: one page and its count (one department at most). */
async function sqlQuery(db: Database, kind: Kind, i: number): Promise<number> {
  const filter =
    kind === 'typo'
      ? { search: TYPO_QUERIES[i % TYPO_QUERIES.length] }
      : kind === 'prefix'
        ? { search: PREFIX_QUERIES[i % PREFIX_QUERIES.length] }
        : { search: FACETED[i % FACETED.length].text, department: FACETED[i % FACETED.length].department };
  const [page] = await Promise.all([searchDirectory(db, { ...filter, limit: 24 }), countDirectory(db, filter)]);
  return page.employees.length;
}

function liveHeap(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Edits one employee's title (row + event in one transaction, as the services do) until it is findable. */
async function editToFindable(db: Database, index: SearchIndex, edits: number): Promise<Timing> {
  const subscriber = searchIndexSubscriber({ db, search: index });
  const rows = (await db.models.Employee.findAll({ attributes: ['id'], limit: edits, raw: true })) as unknown as Array<{
    id: string;
  }>;
  const latencies: number[] = [];
  for (const [n, row] of rows.entries()) {
    const title = `Benchmarker${String.fromCharCode(97 + (n % 26))}${n}x`;
    const t0 = performance.now();
    await db.sequelize.transaction(async (transaction) => {
      await db.models.Employee.update(
        { jobTitle: title, jobTitleKey: title.toLowerCase() },
        { where: { id: row.id }, transaction },
      );
      await recordEvent(
        db,
        { type: 'employee.updated', version: 1, employeeId: row.id, actorId: 'system', changedFields: ['jobTitle'] },
        { transaction, subscriptions: { 'search-index': ['employee.updated'] } },
      );
    });
    for (;;) {
      await dispatchToSubscriber(db, subscriber);
      const found = await index.search({ text: title, facets: {}, page: 0, pageSize: 1 });
      if (found.hits[0]?.document.id === row.id) break;
    }
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return { qps: 0, p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), runs: edits, hits: 1 };
}

interface SizeResult {
  size: number;
  seedMs: number;
  sql: Record<Kind, Timing>;
  backends: Array<{
    name: string;
    buildMs: number;
    memoryMb: number;
    rssGrowthMb: number;
    queries: Record<Kind, Timing>;
    editToFindable: Timing;
  }>;
}

async function benchSize(size: number): Promise<SizeResult> {
  const file = path.join(workDir, `bench-${size}.sqlite`);
  fs.rmSync(file, { force: true });
  const db = openDatabase({ sqliteFile: file });
  try {
    await migrateDatabase(db.sequelize);
    const seeded = performance.now();
    await seedBenchData(db, size);
    const seedMs = Math.round(performance.now() - seeded);
    const kinds: Kind[] = ['typo', 'prefix', 'faceted'];
    const sql = {} as Record<Kind, Timing>;
    for (const kind of kinds) sql[kind] = await timeQueries((i) => sqlQuery(db, kind, i));
    const backends: SizeResult['backends'] = [];
    for (const backend of BACKENDS) {
      const heapBefore = liveHeap();
      const rssBefore = process.memoryUsage().rss;
      const index = await backend.create(size);
      const t0 = performance.now();
      await index.rebuild(streamSearchDocuments(db));
      const buildMs = Math.round(performance.now() - t0);
      const memory = backend.memory ? await backend.memory() : liveHeap() - heapBefore;
      const rssGrowth = process.memoryUsage().rss - rssBefore;
      // Warm-up, untimed: a fresh OpenSearch index answers its first queries slowly (caches, JIT).
      for (const kind of kinds) for (let i = 0; i < 20; i += 1) await index.search(indexQuery(kind, i));
      const queries = {} as Record<Kind, Timing>;
      for (const kind of kinds) {
        queries[kind] = await timeQueries(async (i) => (await index.search(indexQuery(kind, i))).hits.length);
      }
      const edits = await editToFindable(db, index, 20);
      backends.push({
        name: backend.name,
        buildMs,
        memoryMb: mb(memory),
        rssGrowthMb: mb(rssGrowth),
        queries,
        editToFindable: edits,
      });
      await index.close();
    }
    return { size, seedMs, sql, backends };
  } finally {
    await closeDatabase(db);
    fs.rmSync(file, { force: true });
    fs.rmSync(`${file}-wal`, { force: true });
    fs.rmSync(`${file}-shm`, { force: true });
  }
}

function print(result: SizeResult): void {
  const line = (label: string, t: Timing) =>
    `  ${label.padEnd(28)} ${String(t.qps).padStart(7)} q/s   p50 ${String(t.p50).padStart(7)} ms   p99 ${String(t.p99).padStart(7)} ms   (${t.runs} runs, ${t.hits} hits/page)`;
  console.log(`\n${result.size.toLocaleString('en')} active employees (SQLite seeded in ${result.seedMs} ms)`);
  for (const kind of ['typo', 'prefix', 'faceted'] as Kind[]) {
    console.log(line(`SQL search, ${kind}`, result.sql[kind]));
    for (const backend of result.backends) console.log(line(`${backend.name}, ${kind}`, backend.queries[kind]));
  }
  for (const backend of result.backends) {
    console.log(
      `  ${backend.name}: build ${backend.buildMs} ms, live heap ${backend.memoryMb} MB (RSS grew ${backend.rssGrowthMb} MB); ` +
        `edit to findable p50 ${backend.editToFindable.p50} ms, p99 ${backend.editToFindable.p99} ms over ${backend.editToFindable.runs} edits ` +
        '(plus up to 1 s for the dispatcher tick in the server)',
    );
  }
}

fs.mkdirSync(workDir, { recursive: true });
if (!globalThis.gc)
  console.warn('Run with --expose-gc (npm run bench:search does) for a memory figure without garbage.');
const results: SizeResult[] = [];
try {
  for (const size of options.BENCH_SIZES) {
    const result = await benchSize(size);
    print(result);
    results.push(result);
  }
} finally {
  await openSearchNode?.stop();
}
fs.writeFileSync(
  path.join(workDir, 'results.json'),
  JSON.stringify({ at: new Date().toISOString(), results }, null, 2),
);
