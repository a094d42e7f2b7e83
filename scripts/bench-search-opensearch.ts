/**
 * The OpenSearch side of the search bench (issue 10): a real single-node OpenSearch 2.19 (test-support/opensearch,
 * -Xmx512m) filled with N generated active employees through the adapter's zero-downtime rebuild, then:
 *   - the rebuild's time, and the node's heap and index size afterwards;
 *   - a typo query, a prefix query and a faceted query: queries per second, p50 and p99, one at a time and
 *     with 8 in flight;
 *   - the time from an edit (an upsert without a forced refresh, as the subscriber writes) to its being found.
 *
 *   npx tsx scripts/bench-search-opensearch.ts [--employees 1000,100000] [--queries 300]
 *
 * OPENSEARCH_TEST_URL points at a node that is already running instead of starting one. The figures depend on
 * the machine's load: the script prints the load average next to them.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { createOpenSearchIndex } from '~/search/opensearch-index.server';
import type { SearchDocument, SearchIndex, SearchQuery } from '~/search/search-index.server';
import { startOpenSearchNode } from '@test-support/opensearch/node';

const ArgsSchema = z.object({
  employees: z
    .string()
    .default('1000,100000')
    .transform((value) => value.split(',').map(Number))
    .pipe(z.array(z.number().int().min(10).max(500_000)).min(1)),
  queries: z.coerce.number().int().min(20).max(10_000).default(300),
});

function parseArgs(argv: string[]) {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '');
    if (!name || argv[i + 1] === undefined) {
      throw new Error(`usage: bench-search-opensearch [--employees 1000,100000] [--queries N] (got ${argv.join(' ')})`);
    }
    raw[name] = argv[i + 1]!;
  }
  return ArgsSchema.parse(raw);
}

const FIRST = [
  'Ada',
  'Ben',
  'Chloe',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Liam',
  'Maya',
];
const LAST = ['Andersen', 'Bianchi', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Kowalski', 'Novak'];
const DEPARTMENTS = ['Engineering', 'People', 'Finance', 'Sales', 'Marketing', 'Operations', 'Legal', 'Support'];
const OFFICES = ['London', 'Lisbon', 'Berlin', 'Paris', 'Zürich', 'New York', 'Remote'];
const SKILLS = ['python', 'sql', 'kubernetes', 'excel', 'negotiation', 'design', 'figma', 'react', 'payroll', 'gdpr'];
const TITLES = ['Software Engineer', 'Analyst', 'Manager', 'Designer', 'Account Executive', 'Specialist', 'Director'];

/** As scripts/bench-data.ts spreads names: a prefix matches a realistic share of people, not all of them. */
function employee(index: number): SearchDocument {
  const firstName = FIRST[index % FIRST.length]!;
  const lastName = `${LAST[(index * 7) % LAST.length]}${index % 97 === 0 ? '' : String.fromCharCode(97 + (index % 23))}`;
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    version: 1,
    firstName,
    lastName,
    preferredName: null,
    jobTitle: TITLES[(index * 3) % TITLES.length]!,
    department: DEPARTMENTS[index % DEPARTMENTS.length]!,
    officeLocation: OFFICES[(index * 5) % OFFICES.length]!,
    skills: [SKILLS[index % SKILLS.length]!, SKILLS[(index * 3 + 1) % SKILLS.length]!],
    bio: 'A colleague at XYZ Company, here to make the bench realistic with a short bio of a few words.',
    workEmail: `${firstName}.${lastName}.${index}@xyz.example`.toLowerCase(),
    photoId: null,
    role: 'employee',
  };
}

async function* employees(count: number) {
  for (let index = 0; index < count; index++) yield employee(index);
}

const QUERIES: Record<string, (n: number) => SearchQuery> = {
  // One letter swapped: "Kowalksi", "Fichser", ...
  typo: (n) => ({ text: typo(LAST[n % LAST.length]!), facets: {}, page: 0, pageSize: 24 }),
  prefix: (n) => ({ text: LAST[n % LAST.length]!.slice(0, 3), facets: {}, page: 0, pageSize: 24 }),
  faceted: (n) => ({
    text: 'engineer',
    facets: { department: [DEPARTMENTS[n % DEPARTMENTS.length]!], skills: [SKILLS[n % SKILLS.length]!] },
    page: 0,
    pageSize: 24,
  }),
};

function typo(word: string): string {
  const at = Math.min(4, word.length - 2);
  return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(index: SearchIndex, make: (n: number) => SearchQuery, count: number, inFlight: number) {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const query = make(next++);
        const t0 = performance.now();
        const result = await index.search(query);
        times.push(performance.now() - t0);
        if (result.total === 0) throw new Error(`the bench's ${JSON.stringify(query.text)} query found nobody`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { qps: Math.round(count / seconds), p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function editToFindable(index: SearchIndex, count: number): Promise<number[]> {
  const delays: number[] = [];
  for (let round = 0; round < 5; round++) {
    const target = employee((round * 7919) % count);
    const marker = `Renamed${round}x${Date.now() % 100000}`;
    const t0 = performance.now();
    await index.upsert({ ...target, version: 10 + round, jobTitle: marker });
    for (;;) {
      if ((await index.search({ text: marker, facets: {}, page: 0, pageSize: 1 })).total > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    delays.push(Math.round(performance.now() - t0));
  }
  return delays;
}

async function nodeFigures(url: string, alias: string) {
  const stats = (await (await fetch(`${url}/_nodes/stats/jvm`)).json()) as {
    nodes: Record<string, { jvm: { mem: { heap_used_in_bytes: number } } }>;
  };
  const heap = Object.values(stats.nodes)[0]!.jvm.mem.heap_used_in_bytes;
  const indices = (await (await fetch(`${url}/_cat/indices/${alias}?format=json&bytes=b`)).json()) as {
    'store.size': string;
  }[];
  return { heapMiB: Math.round(heap / 2 ** 20), indexMiB: +(Number(indices[0]!['store.size']) / 2 ** 20).toFixed(1) };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const startedNode = performance.now();
  const node = await startOpenSearchNode();
  console.log(
    `OpenSearch node answering after ${((performance.now() - startedNode) / 1000).toFixed(1)} s at ${node.url}`,
  );
  try {
    for (const count of args.employees) {
      const index = createOpenSearchIndex({
        endpoint: node.url,
        indexPrefix: `bench-${count}`,
        requestTimeoutMs: 60_000,
      });
      const t0 = performance.now();
      const { indexed } = await index.rebuild(employees(count));
      const buildSeconds = (performance.now() - t0) / 1000;
      const figures = await nodeFigures(node.url, `bench-${count}-employees`);
      console.log(
        `\n${count} employees: rebuild ${buildSeconds.toFixed(1)} s (${indexed} indexed), index ${figures.indexMiB} MiB, heap in use ${figures.heapMiB} MiB; load average ${loadavg()[0]!.toFixed(1)}`,
      );
      // Warm up: the first queries on a fresh index compile and load caches.
      for (const make of Object.values(QUERIES)) await measure(index, make, 20, 1);
      for (const [name, make] of Object.entries(QUERIES)) {
        for (const inFlight of [1, 8]) {
          const result = await measure(index, make, args.queries, inFlight);
          console.log(
            `  ${name.padEnd(8)} ${String(inFlight).padStart(2)} in flight: ${String(result.qps).padStart(5)} q/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms`,
          );
        }
      }
      console.log(
        `  edit to findable (no forced refresh; refresh interval 1 s): ${(await editToFindable(index, count)).join(', ')} ms`,
      );
      await fetch(`${node.url}/bench-${count}-employees*`, { method: 'DELETE' });
      await index.close();
    }
  } finally {
    await node.stop();
  }
}

await main();
