/**
 * `npm run bench:fields`: what the fields HR defines cost (docs/decisions/023-hr-defined-field-storage.md).
 *
 * Pages: the same employees (BENCH_EMPLOYEES, default 20,000) seeded twice, once with no field HR defines and once
 * with BENCH_CUSTOM_FIELDS (default 30; the nine types, a mix of visibilities: scripts/bench-data.ts) each filled
 * for everyone. Both production servers (`node server.js`, one worker each) run side by side, and the directory,
 * the signed-in user's own profile and a colleague's profile are measured on one, then the other, in rounds whose
 * order alternates, so that the load of the shared machine falls on both alike. The figure compared is requests
 * per CPU second (requests answered over the server's CPU time, primary and worker, from /proc), which other work
 * on the machine disturbs far less than requests/s; each round's ratio is printed, and their spread.
 *
 * Export: HR's CSV of everyone (/admin/export.csv) with the fields, at each of BENCH_EXPORT_SIZES (default
 * 2,000 and 20,000) on a freshly started server: time to the first and the last byte, and the worker's RSS before,
 * at its peak (VmHWM, reset before each export through /proc/<pid>/clear_refs) and after; then a reader that
 * stops for a few seconds after its first chunk, to show whether the server runs ahead of it (backpressure).
 *
 * Environment: BENCH_EMPLOYEES, BENCH_CUSTOM_FIELDS, BENCH_ROUNDS (default 4), BENCH_DURATION seconds per page and
 * configuration per round (default 5), BENCH_CONNECTIONS (default 50), BENCH_EXPORT_SIZES, BENCH_PARTS (default
 * "pages,export"), BENCH_PORT (default 3490; the second server
 * BENCH_PORT + 10, since each also takes the next port for its local sign-in stand-in), BENCH_DIR (default .tmp/bench-fields),
 * BENCH_BUILD (off: use the build there), BENCH_CPU_PROF=1 (write and summarise each server's CPU profile).
 * SQLite only: the values are one TEXT column on the row on both engines, read by the same queries.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { closeDatabase, openDatabase } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { seedBenchData, type BenchData } from './bench-data';
import { formatSummary, summariseProfile } from './bench-profile-summary';

const run = promisify(execFile);

const options = z
  .object({
    BENCH_EMPLOYEES: z.coerce.number().int().min(10).max(1_000_000).default(20_000),
    BENCH_CUSTOM_FIELDS: z.coerce.number().int().min(1).max(200).default(30),
    BENCH_ROUNDS: z.coerce.number().int().min(1).max(50).default(4),
    BENCH_DURATION: z.coerce.number().int().min(1).max(600).default(5),
    BENCH_CONNECTIONS: z.coerce.number().int().min(1).max(1000).default(50),
    BENCH_EXPORT_SIZES: z
      .string()
      .default('2000,20000')
      .transform((value) => value.split(',').map((size) => Number(size.trim())))
      .pipe(z.array(z.number().int().min(10).max(1_000_000)).min(1)),
    BENCH_PARTS: z
      .string()
      .default('pages,export')
      .transform((value) => value.split(',').map((part) => part.trim()))
      .pipe(z.array(z.enum(['pages', 'export'])).min(1)),
    BENCH_PORT: z.coerce.number().int().min(1024).max(64000).default(3490),
    BENCH_DIR: z.string().min(1).default('.tmp/bench-fields'),
    BENCH_BUILD: z.enum(['on', 'off']).default('on'),
    BENCH_CPU_PROF: z.enum(['0', '1']).default('0'),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const workDir = path.resolve(root, options.BENCH_DIR);
const autocannonBin = path.join(root, 'node_modules', '.bin', 'autocannon');
const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const MiB = 1024 * 1024;

interface Seeded extends BenchData {
  dataDir: string;
  employees: number;
  fields: number;
}

interface Server {
  child: ChildProcess;
  port: number;
  primary: number;
  worker: number;
  seeded: Seeded;
}

/** CPU seconds (user + system) of a process, from /proc/<pid>/stat; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime (fields 14, 15 of proc(5))
  } catch {
    return 0;
  }
}

/** VmRSS or VmHWM (the peak since the last reset) of a process, in MiB. */
function memoryMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const kib = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kib) / 1024;
}

/** Starts VmHWM again from the current RSS (proc(5), clear_refs: 5), so a peak belongs to what follows. */
function resetPeak(pid: number): void {
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

async function seed(name: string, employees: number, fields: number): Promise<Seeded> {
  const dataDir = path.join(workDir, name);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const started = Date.now();
  const db = openDatabase({ sqliteFile: path.join(dataDir, 'employees.sqlite') });
  await migrateDatabase(db.sequelize);
  const data = await seedBenchData(db, employees, { customFields: fields });
  await closeDatabase(db);
  console.error(
    `  seeded ${employees.toLocaleString('en')} employees with ${fields} fields in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { ...data, dataDir, employees, fields };
}

async function waitForReady(port: number): Promise<void> {
  const deadline = Date.now() + 900_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      // The primary builds its search index after start; measuring meanwhile would measure the build.
      if (response.ok && ((await response.json()) as { search?: string }).search === 'ready') return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the server on ${port} was not ready with its search index within 15 minutes`);
}

async function startServer(seeded: Seeded, port: number): Promise<Server> {
  const profileArgs =
    options.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(seeded.dataDir, 'profiles')}`] : [];
  const child = spawn(process.execPath, [...profileArgs, 'server.js'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_ENV: 'local',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: seeded.dataDir,
      DATABASE_URL: '',
      WEB_CONCURRENCY: '1',
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForReady(port);
  } catch (error) {
    await stop(child);
    throw error;
  }
  const primary = child.pid!;
  const worker = Number(fs.readFileSync(`/proc/${primary}/task/${primary}/children`, 'utf8').trim().split(/\s+/)[0]);
  return { child, port, primary, worker, seeded };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
}

function printProfiles(seeded: Seeded, label: string): void {
  const dir = path.join(seeded.dataDir, 'profiles');
  if (!fs.existsSync(dir)) return;
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const summary = summariseProfile(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), 25);
    console.error(`\nCPU profile, ${label} (${file}):\n${formatSummary(summary)}\n`);
  }
}

// ---- pages -------------------------------------------------------------------------------------------------

const PAGES = ['directory', 'profile', 'colleague'] as const;
type Page = (typeof PAGES)[number];

function pagePath(page: Page, seeded: Seeded): string {
  if (page === 'directory') return '/employees';
  return `/employees/${page === 'profile' ? seeded.profileId : seeded.colleagueId}`;
}

interface Sample {
  requests: number;
  cpuS: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, cookie: string, seconds: number, connections: number) {
  const { stdout } = await run(
    autocannonBin,
    ['-c', String(connections), '-d', String(seconds), '--json', '-H', `cookie=${cookie}`, url],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as {
    requests: { total: number; average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
    timeouts: number;
  };
}

async function measure(server: Server, page: Page): Promise<Sample> {
  const url = `http://127.0.0.1:${server.port}${pagePath(page, server.seeded)}`;
  await load(url, server.seeded.cookie, 1, 10); // JIT, caches, the connection pool
  const before = cpuSeconds(server.primary) + cpuSeconds(server.worker);
  const result = await load(url, server.seeded.cookie, options.BENCH_DURATION, options.BENCH_CONNECTIONS);
  const cpuS = cpuSeconds(server.primary) + cpuSeconds(server.worker) - before;
  return {
    requests: result.requests.total,
    cpuS,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

/** Each page answers 200 to the signed-in bench user, and shows the fields where the reader may see them. */
async function checkPages(server: Server): Promise<void> {
  for (const page of PAGES) {
    const response = await fetch(`http://127.0.0.1:${server.port}${pagePath(page, server.seeded)}`, {
      headers: { cookie: server.seeded.cookie },
    });
    const html = await response.text();
    if (response.status !== 200 || !html.includes('Sign out')) {
      throw new Error(`${page} answered ${response.status}; is the bench user signed in?`);
    }
    const showsFields = html.includes('Bench field 1 (');
    if (page !== 'directory' && showsFields !== server.seeded.fields > 0) {
      throw new Error(`${page} with ${server.seeded.fields} fields ${showsFields ? 'shows' : 'does not show'} them`);
    }
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const perCpuSecond = (sample: Sample) => sample.requests / Math.max(sample.cpuS, 0.01);

async function benchPages(): Promise<string[]> {
  console.error(`Seeding ${options.BENCH_EMPLOYEES.toLocaleString('en')} employees twice...`);
  const plain = await seed('fields-0', options.BENCH_EMPLOYEES, 0);
  const withFields = await seed(
    `fields-${options.BENCH_CUSTOM_FIELDS}`,
    options.BENCH_EMPLOYEES,
    options.BENCH_CUSTOM_FIELDS,
  );
  console.error('Starting both servers (each waits for its search index)...');
  const servers = await Promise.all([
    startServer(plain, options.BENCH_PORT),
    startServer(withFields, options.BENCH_PORT + 10),
  ]);
  const samples = new Map<string, Sample[]>();
  const loads: number[] = [];
  try {
    for (const server of servers) await checkPages(server);
    for (let round = 0; round < options.BENCH_ROUNDS; round++) {
      // Alternating which goes first: a load that rises through a round does not favour one side.
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const page of PAGES) {
        for (const server of order) {
          const sample = await measure(server, page);
          const key = `${page}/${server.seeded.fields}`;
          samples.set(key, [...(samples.get(key) ?? []), sample]);
          console.error(
            `  round ${round + 1} ${page} ${server.seeded.fields} fields: ${sample.rps.toFixed(0)} req/s,` +
              ` ${perCpuSecond(sample).toFixed(1)} req/CPU s, p50 ${sample.p50} ms (load ${os.loadavg()[0].toFixed(1)})` +
              (sample.errors ? `, ${sample.errors} errors` : ''),
          );
        }
      }
      loads.push(os.loadavg()[0]);
    }
  } finally {
    await Promise.all(servers.map((server) => stop(server.child)));
  }
  if (options.BENCH_CPU_PROF === '1') {
    printProfiles(plain, 'no fields');
    printProfiles(withFields, `${options.BENCH_CUSTOM_FIELDS} fields`);
  }
  const fields = options.BENCH_CUSTOM_FIELDS;
  const lines = [
    `Pages: ${options.BENCH_EMPLOYEES.toLocaleString('en')} employees on SQLite, no fields HR defines against ${fields} (filled for everyone), ` +
      `${options.BENCH_ROUNDS} rounds of ${options.BENCH_DURATION} s per page and side, ${options.BENCH_CONNECTIONS} connections, one worker each; ` +
      `load average after each round ${loads.map((value) => value.toFixed(1)).join(', ')}.`,
    '',
    `| page | req/CPU s, 0 fields (median; min–max) | req/CPU s, ${fields} fields | ${fields}/0 per round (median; min–max) | req/s 0 → ${fields} (median) | p50 ms 0 → ${fields} | within 10% |`,
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const page of PAGES) {
    const a = samples.get(`${page}/0`) ?? [];
    const b = samples.get(`${page}/${fields}`) ?? [];
    const ratios = a.map((sample, index) => perCpuSecond(b[index]) / perCpuSecond(sample));
    const spread = (values: number[], digits: number) =>
      `${median(values).toFixed(digits)}; ${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
    lines.push(
      [
        '',
        page,
        spread(a.map(perCpuSecond), 1),
        spread(b.map(perCpuSecond), 1),
        spread(ratios, 2),
        `${median(a.map((sample) => sample.rps)).toFixed(0)} → ${median(b.map((sample) => sample.rps)).toFixed(0)}`,
        `${median(a.map((sample) => sample.p50))} → ${median(b.map((sample) => sample.p50))}`,
        median(ratios) >= 0.9 ? 'yes' : 'NO',
        '',
      ]
        .join(' | ')
        .trim(),
    );
  }
  return lines;
}

// ---- export ------------------------------------------------------------------------------------------------

interface ExportRun {
  employees: number;
  run: string;
  firstByteS: number;
  lastByteS: number;
  /** The server's CPU (worker and primary) over the export. */
  cpuS: number;
  bytes: number;
  rows: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  rssAfterMiB: number;
}

/** One export read to its end by a reader that stops for `pauseMs` after its first chunk (0: reads at once). */
async function exportOnce(server: Server, label: string, pauseMs = 0): Promise<ExportRun> {
  const pid = server.worker;
  const rssBeforeMiB = memoryMiB(pid, 'VmRSS');
  resetPeak(pid);
  let sampledPeak = rssBeforeMiB;
  const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, memoryMiB(pid, 'VmRSS'))), 20);
  const cpuBefore = cpuSeconds(server.primary) + cpuSeconds(pid);
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${server.port}/admin/export.csv`, {
    headers: { cookie: server.seeded.adminCookie },
  });
  if (response.status !== 200 || !response.body) throw new Error(`the export answered ${response.status}`);
  let firstByteS = 0;
  let bytes = 0;
  let newlines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (bytes === 0) {
      firstByteS = (performance.now() - started) / 1000;
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    bytes += chunk.byteLength;
    for (const byte of chunk) if (byte === 10) newlines++;
  }
  const lastByteS = (performance.now() - started) / 1000;
  const cpuS = cpuSeconds(server.primary) + cpuSeconds(pid) - cpuBefore;
  clearInterval(sampler);
  const rssPeakMiB = Math.max(sampledPeak, memoryMiB(pid, 'VmHWM'));
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const result = {
    employees: server.seeded.employees,
    run: label,
    firstByteS,
    lastByteS,
    cpuS,
    bytes,
    // A row per line: the bench's values hold no line break (a long text's would be quoted within its cell).
    rows: newlines - 1,
    rssBeforeMiB,
    rssPeakMiB,
    rssAfterMiB: memoryMiB(pid, 'VmRSS'),
  };
  if (result.rows !== server.seeded.employees) {
    throw new Error(`the export held ${result.rows} rows for ${server.seeded.employees} employees`);
  }
  console.error(
    `  export ${result.employees.toLocaleString('en')} (${label}): last byte ${lastByteS.toFixed(2)} s, server CPU ${cpuS.toFixed(2)} s, ` +
      `RSS ${rssBeforeMiB.toFixed(0)} → peak ${rssPeakMiB.toFixed(0)} → ${result.rssAfterMiB.toFixed(0)} MiB (load ${os.loadavg()[0].toFixed(1)})`,
  );
  return result;
}

async function benchExport(): Promise<string[]> {
  const runs: ExportRun[] = [];
  for (const size of options.BENCH_EXPORT_SIZES) {
    console.error(`Export of ${size.toLocaleString('en')} employees with ${options.BENCH_CUSTOM_FIELDS} fields...`);
    const seeded = await seed(`export-${size}`, size, options.BENCH_CUSTOM_FIELDS);
    const server = await startServer(seeded, options.BENCH_PORT);
    try {
      // The route's code loaded and the pool open, as on a server that has served a while: a small page first.
      await fetch(`http://127.0.0.1:${server.port}/admin`, { headers: { cookie: seeded.adminCookie } });
      runs.push(await exportOnce(server, 'first'));
      runs.push(await exportOnce(server, 'second'));
      runs.push(await exportOnce(server, 'reader paused 5 s', 5000));
    } finally {
      await stop(server.child);
    }
    if (options.BENCH_CPU_PROF === '1') printProfiles(seeded, `export of ${size}`);
  }
  const lines = [
    `Export: HR's /admin/export.csv, ${options.BENCH_CUSTOM_FIELDS} fields filled for everyone, SQLite, a fresh server (one worker) per size, read by fetch in this process.`,
    '',
    '| employees | run | first byte s | last byte s | server CPU s | MB | rows | worker RSS before MiB | peak MiB | after MiB | peak − before MiB |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...runs.map((one) =>
      [
        '',
        one.employees.toLocaleString('en'),
        one.run,
        one.firstByteS.toFixed(2),
        one.lastByteS.toFixed(2),
        one.cpuS.toFixed(2),
        (one.bytes / 1e6).toFixed(1),
        one.rows.toLocaleString('en'),
        one.rssBeforeMiB.toFixed(0),
        one.rssPeakMiB.toFixed(0),
        one.rssAfterMiB.toFixed(0),
        (one.rssPeakMiB - one.rssBeforeMiB).toFixed(0),
        '',
      ]
        .join(' | ')
        .trim(),
    ),
  ];
  const sizes = [...new Set(runs.map((one) => one.employees))].sort((a, b) => a - b);
  const peakOf = (size: number) =>
    Math.max(...runs.filter((one) => one.employees === size).map((one) => one.rssPeakMiB));
  lines.push('');
  // Flat: the peak does not follow the number of rows (V8 sizes its heap to the allocation rate once, then holds).
  for (const [index, size] of sizes.entries()) {
    if (index === 0) continue;
    const growth = peakOf(size) - peakOf(sizes[index - 1]);
    lines.push(
      `Peak RSS from ${sizes[index - 1].toLocaleString('en')} to ${size.toLocaleString('en')} employees: ` +
        `${peakOf(sizes[index - 1]).toFixed(0)} → ${peakOf(size).toFixed(0)} MiB (${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MiB).`,
    );
  }
  for (const size of sizes) {
    const readAtOnce = runs.filter((one) => one.employees === size && !one.run.startsWith('reader'));
    lines.push(
      `Slowest export of ${size.toLocaleString('en')} read at once: ${Math.max(...readAtOnce.map((one) => one.lastByteS)).toFixed(2)} s` +
        `, server CPU ${Math.max(...readAtOnce.map((one) => one.cpuS)).toFixed(2)} s.`,
    );
  }
  return lines;
}

async function main(): Promise<void> {
  fs.mkdirSync(workDir, { recursive: true });
  if (options.BENCH_BUILD === 'on') {
    console.error('Building the production bundle...');
    await run(path.join(root, 'node_modules', '.bin', 'remix'), ['build'], {
      cwd: root,
      env: { ...process.env, VITE_CJS_IGNORE_WARNING: 'true' },
    });
  }
  const started = new Date();
  const pages = options.BENCH_PARTS.includes('pages') ? await benchPages() : [];
  const exports = options.BENCH_PARTS.includes('export') ? await benchExport() : [];
  const report = [
    `bench:fields ${started.toISOString().slice(0, 16)}Z, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; ` +
      `load average at the end ${os
        .loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}.`,
    '',
    ...pages,
    ...(pages.length ? [''] : []),
    ...exports,
  ].join('\n');
  console.log(report);
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'test-results', 'bench-fields.md'), `${report}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
