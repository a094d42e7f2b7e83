/**
 * `npm run bench`: the directory page, a search, a profile page, the org chart, HR's insights, /me and the archive's
 * start (PAGE_NAMES below), signed in, at 50 connections, measured by
 * autocannon (keep-alive connections) running in a separate process against the production build
 * (`node server.js`, one worker), for 1,000 and 100,000 employees, on the embedded SQLite and (when
 * BENCH_MYSQL_URL names a throwaway MariaDB/MySQL database, which is dropped and recreated) on MariaDB.
 * Beside each, in the same run:
 *  - the trivial page (/healthz-page: one line through the same server, middleware and root loader), the floor;
 *  - a bare node:http server answering the same HTML bytes, the ceiling;
 *  - the server's CPU time per request (worker and primary, from /proc), which a loaded machine disturbs far
 *    less than requests/s, and the peak RSS (VmHWM) of each server process;
 *  - with BENCH_BASELINE_REF=<commit>, that commit's server (exported with `git archive`, built once) on the same
 *    data right after this one, page by page: the ratio to it is measured in the same run;
 *  - the ratio to the trivial page (measured first and again last, the less disturbed kept), by requests/s and by
 *    CPU per request.
 * Then all workers (one per CPU) against one worker on the directory, with autocannon's own CPU time beside it.
 *
 * Environment: BENCH_SIZES (default "1000,100000"), BENCH_DURATION seconds (default 10), BENCH_CONNECTIONS
 * (default 50), BENCH_MYSQL_URL (optional; without it, a throwaway MariaDB is started with
 * scripts/mariadb-throwaway.sh when `mariadbd` is installed, and MariaDB is skipped with a notice otherwise;
 * BENCH_MARIADB=off skips it), BENCH_PORT (default 3390), BENCH_CPU_PROF=1 (write and summarise a CPU profile of
 * each server process), BENCH_WORKERS=off (skip the all-workers run), BENCH_SOAK_MINUTES (a long run on one
 * worker, its RSS sampled every 10 s), BENCH_CUSTOM_FIELDS (fields HR defines, each filled for every employee;
 * default 0), BENCH_PAGES (a comma list of PAGE_NAMES), BENCH_ACCEPT_ENCODING (an Accept-Encoding to send, so that
 * pages are compressed as for a browser). 0 fields against 30 in one run, and the CSV
 * export: `npm run bench:fields` (scripts/bench-fields.ts).
 */
import { spawn, fork, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { openDatabase, closeDatabase } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { seedInsightsHistory } from '@test-support/insights-history';
import { seedBenchData } from './bench-data';
import { formatSummary, summariseProfile } from './bench-profile-summary';

const run = promisify(execFile);

/**
 * The pages measured: the trivial page (the floor), the directory, a search, a profile, the org chart centred on the
 * bench user, HR's insights (as HR, over the seeded history) and the archive's start: what a person gets first when
 * taking their copy ("My data" on /me links to /me/data.zip). The ZIP's first byte waits for every section to be
 * read (app/services/personal-archive/build-archive.server.ts); the bench user has no photos, so the whole response
 * is that start: README.txt and data.json. Beside it, /me, the page with the "My data" card that links to it.
 */
const PAGE_NAMES = ['trivial', 'directory', 'search', 'profile', 'org', 'insights', 'me', 'archive'] as const;
type PageName = (typeof PAGE_NAMES)[number];

const options = z
  .object({
    BENCH_SIZES: z
      .string()
      .default('1000,100000')
      .transform((value) => value.split(',').map((size) => Number(size.trim())))
      .pipe(z.array(z.number().int().min(1).max(1_000_000)).min(1)),
    BENCH_DURATION: z.coerce.number().int().min(1).max(600).default(10),
    BENCH_CONNECTIONS: z.coerce.number().int().min(1).max(1000).default(50),
    BENCH_MYSQL_URL: z
      .string()
      .url()
      .refine((value) => value.startsWith('mysql://'), 'must be a mysql:// URL')
      .optional(),
    BENCH_PORT: z.coerce.number().int().min(1024).max(65000).default(3390),
    BENCH_MARIADB: z.enum(['auto', 'off']).default('auto'),
    // Writes each server process's V8 CPU profile and prints where the time went (scripts/bench-profile-summary.ts).
    BENCH_CPU_PROF: z.enum(['0', '1']).default('0'),
    BENCH_WORKERS: z.enum(['auto', 'off']).default('auto'),
    // Minutes of load (the three pages in turn, a minute each) on one worker, sampling its RSS: 0 skips it.
    BENCH_SOAK_MINUTES: z.coerce.number().int().min(0).max(120).default(0),
    // Fields HR defines (scripts/bench-data.ts: the nine types, a mix of visibilities), each filled for everyone.
    BENCH_CUSTOM_FIELDS: z.coerce.number().int().min(0).max(200).default(0),
    // Where seeded data and exported baselines go (another bench can run beside one using the default).
    BENCH_DIR: z.string().min(1).default('.tmp/bench'),
    // Only these pages (a comma list of PAGE_NAMES): e.g. a CPU profile of one page alone.
    BENCH_PAGES: z
      .string()
      .default(PAGE_NAMES.join(','))
      .transform((value) => value.split(',').map((page) => page.trim()))
      .pipe(z.array(z.enum(PAGE_NAMES)).min(1)),
    // An Accept-Encoding to send with every page request, e.g. Chromium's "gzip, deflate, br, zstd" (the server
    // then answers brotli, as to a browser); unset, none is sent and nothing is compressed.
    BENCH_ACCEPT_ENCODING: z
      .string()
      .regex(/^[A-Za-z0-9 ,;=.*-]{1,100}$/)
      .optional(),
    // off: use the build already there (a second bench beside a running one must not rebuild under it).
    BENCH_BUILD: z.enum(['on', 'off']).default('on'),
    // A commit to measure beside this checkout in the same run, on the same data (as docs/performance.md does).
    BENCH_BASELINE_REF: z
      .string()
      .regex(/^[A-Za-z0-9._\/-]{1,100}$/, 'a commit, tag or branch name')
      .optional(),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const workDir = path.resolve(root, options.BENCH_DIR);
const autocannonBin = path.join(root, 'node_modules', '.bin', 'autocannon');

interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  bytes: number;
  /** autocannon's own CPU seconds (user + system) over the run. */
  loadGeneratorCpuS: number;
}

interface Row {
  database: string;
  employees: number;
  page: string;
  app: Measurement;
  ceiling: Measurement;
  /** The server's CPU (all its processes) per request answered, in ms. */
  cpuMsPerRequest: number;
  /** Of which the primary's (see PageMeasurement). */
  primaryCpuMsPerRequest: number;
  /** The baseline commit's server on the same page and data, when BENCH_BASELINE_REF is set. */
  baseline?: PageMeasurement;
  /** The trivial page: measured first and again after the other pages, the less disturbed kept. */
  trivialAgain?: true;
}

interface PageMeasurement {
  app: Measurement;
  cpuMsPerRequest: number;
  /**
   * The part of it in the primary: the search index, and locally the emulated stores (DynamoDB, S3), which
   * on AWS are services whose CPU is not the app's.
   */
  primaryCpuMsPerRequest: number;
}

/**
 * Of two measurements of the floor, the one other work on the machine disturbed least (the lower CPU per
 * request): one disturbed floor moved every page's ratio (4.63 then 1.65 CPU ms under a load average of 24–32).
 * Pages are measured once, so this errs against them.
 */
function lessDisturbed(a: PageMeasurement, b: PageMeasurement): PageMeasurement {
  const { app, cpuMsPerRequest, primaryCpuMsPerRequest } = b.cpuMsPerRequest < a.cpuMsPerRequest ? b : a;
  return { app, cpuMsPerRequest, primaryCpuMsPerRequest };
}

interface ServerRun {
  database: string;
  employees: number;
  /** Peak RSS (VmHWM) in MiB by process: the primary and each worker. */
  peakRssMiB: Record<string, number>;
  seedSeconds: number;
}

interface WorkersRow {
  workers: number;
  rps: number;
  p50: number;
  p99: number;
  serverCpuS: number;
  loadGeneratorCpuS: number;
  seconds: number;
}

/** Clock ticks (user + system) of a process, from /proc/<pid>/stat; null once it is gone. */
function cpuTicks(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of proc(5))
  } catch {
    return null;
  }
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** The server's processes: the primary and the cluster workers it forked. */
function processTree(primaryPid: number): number[] {
  let children: number[] = [];
  try {
    children = fs
      .readFileSync(`/proc/${primaryPid}/task/${primaryPid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    // gone
  }
  return [primaryPid, ...children];
}

function serverCpuSeconds(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (cpuTicks(pid) ?? 0), 0) / TICKS_PER_SECOND;
}

function peakRssMiB(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kib ? Number(kib) / 1024 : null;
  } catch {
    return null;
  }
}

async function autocannon(url: string, headers: Record<string, string>): Promise<Measurement> {
  const args = ['-c', String(options.BENCH_CONNECTIONS), '-d', String(options.BENCH_DURATION), '--json'];
  args.push(...headerArgs(headers));
  // GNU time reports the load generator's own CPU: on two cores it competes with the server for one of them.
  const { stdout, stderr } = await run('/usr/bin/time', ['-f', 'cpu %U %S', autocannonBin, ...args, url], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  const result = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
    timeouts: number;
    throughput: { average: number };
  };
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    bytes: result.throughput.average / Math.max(result.requests.average, 1),
    loadGeneratorCpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN,
  };
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

async function recreateMysqlDatabase(url: string): Promise<void> {
  const parsed = new URL(url);
  const database = parsed.pathname.replace(/^\//, '');
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error('BENCH_MYSQL_URL must name a database');
  const { Sequelize } = await import('sequelize');
  const admin = new Sequelize({
    dialect: 'mysql',
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password) || undefined,
    logging: false,
  });
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.close();
}

interface Seeded {
  employees: number;
  dataDir: string;
  url: string | undefined;
  profileId: string;
  cookie: string;
  /** HR's session (the insights page). */
  adminCookie: string;
  seedSeconds: number;
}

async function seed(database: 'sqlite' | 'mariadb', employees: number): Promise<Seeded> {
  const dataDir = path.join(workDir, `${database}-${employees}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const url = database === 'mariadb' ? options.BENCH_MYSQL_URL : undefined;
  if (url) await recreateMysqlDatabase(url);

  const seedStarted = Date.now();
  const db = openDatabase(url ? { url } : { sqliteFile: path.join(dataDir, 'employees.sqlite') });
  await migrateDatabase(db.sequelize);
  const data = await seedBenchData(db, employees, { customFields: options.BENCH_CUSTOM_FIELDS });
  // HR's insights read the history: ten events per employee up to 100,000 (scripts/bench-insights.ts's size),
  // about a tenth as many people again (joiners, leavers, movers), as that bench seeds them.
  const events = Math.min(employees * 10, 100_000);
  await seedInsightsHistory(db, { people: Math.round(events / 100), events, prefix: 'I' });
  await closeDatabase(db);
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  console.error(`  seeded ${employees} employees on ${database} in ${seedSeconds.toFixed(1)} s`);
  return { employees, dataDir, url, seedSeconds, ...data };
}

/** The baseline commit's tree, exported and built once (node_modules shared with this checkout). */
async function prepareBaseline(ref: string): Promise<{ dir: string; commit: string }> {
  const { stdout } = await run('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: root });
  const commit = stdout.trim();
  const dir = path.join(workDir, `baseline-${commit.slice(0, 12)}`);
  if (!fs.existsSync(path.join(dir, 'build', 'index.js'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    console.error(`Exporting and building the baseline ${commit.slice(0, 12)}...`);
    await run('sh', ['-c', `git archive ${commit} | tar -x -C "${dir}"`], { cwd: root });
    await linkBaselineDependencies(dir);
    await run(path.join(root, 'node_modules', '.bin', 'remix'), ['build'], {
      cwd: dir,
      env: { ...process.env, VITE_CJS_IGNORE_WARNING: 'true' },
    });
  }
  return { dir, commit };
}

/**
 * The baseline shares this checkout's packages, one link per package. Installed for the baseline alone, at the
 * version it asks for: a dependency it had and this checkout has since dropped (isbot, for 22e976f), and a
 * package this checkout patches (patches/) that the baseline did not, so the baseline runs the code it shipped.
 */
async function linkBaselineDependencies(dir: string): Promise<void> {
  const modules = path.join(dir, 'node_modules');
  const source = path.join(root, 'node_modules');
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(source)) {
    if (!entry.startsWith('@')) {
      fs.symlinkSync(path.join(source, entry), path.join(modules, entry));
      continue;
    }
    // A scope gets a folder of its own, so one of its packages can be swapped without writing into this checkout.
    fs.mkdirSync(path.join(modules, entry));
    for (const name of fs.readdirSync(path.join(source, entry))) {
      fs.symlinkSync(path.join(source, entry, name), path.join(modules, entry, name));
    }
  }
  const manifest = z
    .object({ dependencies: z.record(z.string()).default({}) })
    .parse(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')));
  const dropped = Object.entries(manifest.dependencies)
    .filter(([name]) => !fs.existsSync(path.join(modules, name)))
    .map(([name, version]) => ({ name, version }));
  const patchedHereOnly = (fs.existsSync(path.join(root, 'patches')) ? fs.readdirSync(path.join(root, 'patches')) : [])
    .filter((file) => file.endsWith('.patch') && !fs.existsSync(path.join(dir, 'patches', file)))
    .map((file) => {
      // patch-package's file name: <scope>+<name>+<version>.patch
      const parts = file.slice(0, -'.patch'.length).split('+');
      return { name: parts.slice(0, -1).join('/'), version: parts[parts.length - 1] };
    });
  const install = [...dropped, ...patchedHereOnly];
  if (install.length === 0) return;
  const extra = path.join(dir, '.baseline-only');
  console.error(
    `  installing for the baseline only: ${install.map(({ name, version }) => `${name}@${version}`).join(', ')}`,
  );
  await run('npm', [
    'install',
    '--prefix',
    extra,
    '--no-save',
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    ...install.map(({ name, version }) => `${name}@${version}`),
  ]);
  for (const { name } of install) {
    fs.rmSync(path.join(modules, name), { force: true });
    fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    fs.symlinkSync(path.join(extra, 'node_modules', name), path.join(modules, name));
  }
}

async function startServer(seeded: Seeded, workers: number, serverRoot = root): Promise<ChildProcess> {
  // Cluster workers inherit the primary's execArgv, so each process writes its own profile.
  const profileArgs =
    options.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(seeded.dataDir, 'profiles')}`] : [];
  // The baseline's packages are links into this checkout (linkBaselineDependencies): resolving from the links, not
  // from where they point, lets it load the unpatched packages installed for it alone.
  const baselineArgs = serverRoot === root ? [] : ['--preserve-symlinks', '--preserve-symlinks-main'];
  const server = spawn(process.execPath, [...profileArgs, ...baselineArgs, 'server.js'], {
    cwd: serverRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_ENV: 'local',
      HOST: '127.0.0.1',
      PORT: String(options.BENCH_PORT),
      DATA_DIR: seeded.dataDir,
      DATABASE_URL: seeded.url ?? '',
      WEB_CONCURRENCY: String(workers),
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(`http://127.0.0.1:${options.BENCH_PORT}/readyz`, 300_000);
    await waitForSearchIndex();
  } catch (error) {
    await stop(server);
    throw error;
  }
  return server;
}

/**
 * The server is ready before its search index is: the primary builds it from the database after start (minutes
 * at 100,000 employees on a loaded machine), and meanwhile the directory uses the SQL search and the primary's
 * CPU goes to the build. Measuring then would measure neither, so the bench waits for it.
 */
async function waitForSearchIndex(): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 900_000) {
    const body = (await (await fetch(`http://127.0.0.1:${options.BENCH_PORT}/readyz`)).json()) as { search?: string };
    if (body.search === 'ready') {
      console.error(`  search index ready ${((Date.now() - started) / 1000).toFixed(0)} s after the server`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('the search index was not ready within 15 minutes');
}

const base = () => `http://127.0.0.1:${options.BENCH_PORT}`;

/**
 * A page request's headers: the session, and with BENCH_ACCEPT_ENCODING what a browser accepts, so that the
 * server compresses as it does for people (autocannon asks for no encoding of its own).
 */
function requestHeaders(cookie: string): Record<string, string> {
  return options.BENCH_ACCEPT_ENCODING ? { cookie, 'accept-encoding': options.BENCH_ACCEPT_ENCODING } : { cookie };
}

function headerArgs(headers: Record<string, string>): string[] {
  return Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}=${value}`]);
}

async function warmUp(pagePath: string, cookie: string): Promise<void> {
  // JIT, caches, the connection pool.
  await run(autocannonBin, ['-c', '10', '-d', '2', base() + pagePath, ...headerArgs(requestHeaders(cookie))]);
}

/** One page under load: requests/s, latency, and the server's CPU per request. */
async function measurePage(pids: number[], pagePath: string, cookie: string): Promise<PageMeasurement> {
  await warmUp(pagePath, cookie);
  const cpuBefore = serverCpuSeconds(pids);
  const primaryBefore = serverCpuSeconds(pids.slice(0, 1));
  const app = await autocannon(base() + pagePath, requestHeaders(cookie));
  const requests = Math.max(app.rps * options.BENCH_DURATION, 1);
  const cpuMsPerRequest = ((serverCpuSeconds(pids) - cpuBefore) * 1000) / requests;
  const primaryCpuMsPerRequest = ((serverCpuSeconds(pids.slice(0, 1)) - primaryBefore) * 1000) / requests;
  return { app, cpuMsPerRequest, primaryCpuMsPerRequest };
}

async function benchBaseline(seeded: Seeded, baselineDir: string, rows: Row[]): Promise<void> {
  const server = await startServer(seeded, 1, baselineDir);
  const pids = processTree(server.pid!);
  try {
    for (const row of rows) {
      const page = pagePaths(seeded).find(({ name }) => name === row.page)!;
      // An older baseline may lack a page (the trivial page came later): its row stays without a baseline.
      if ((await fetch(base() + page.path, { headers: { cookie: page.cookie } })).status !== 200) continue;
      row.baseline = await measurePage(pids, page.path, page.cookie);
      console.error(
        `  baseline ${row.page}: ${row.baseline.app.rps.toFixed(0)} req/s, p50 ${row.baseline.app.p50} ms,` +
          ` ${row.baseline.cpuMsPerRequest.toFixed(2)} CPU ms/request (load ${os.loadavg()[0].toFixed(1)})`,
      );
    }
    // As for this checkout: the trivial page once more after the others, the less disturbed kept.
    const trivial = rows.find((row) => row.page === 'trivial' && row.baseline && row.trivialAgain);
    if (trivial?.baseline) {
      trivial.baseline = lessDisturbed(trivial.baseline, await measurePage(pids, '/healthz-page', seeded.cookie));
    }
  } finally {
    await stop(server);
  }
}

interface Page {
  name: PageName;
  path: string;
  /** Whose session asks: the bench user, or HR for HR's pages. */
  cookie: string;
}

/** The pages BENCH_PAGES names, or with `every` all of them (the soak runs its own three whatever BENCH_PAGES says). */
function pagePaths(seeded: Seeded, every = false): Page[] {
  const pages: Page[] = [
    { name: 'trivial', path: '/healthz-page', cookie: seeded.cookie },
    { name: 'directory', path: '/employees', cookie: seeded.cookie },
    { name: 'search', path: '/employees?q=sch', cookie: seeded.cookie },
    { name: 'profile', path: `/employees/${seeded.profileId}`, cookie: seeded.cookie },
    { name: 'org', path: '/org', cookie: seeded.cookie },
    { name: 'insights', path: '/admin/insights', cookie: seeded.adminCookie },
    { name: 'me', path: '/me', cookie: seeded.cookie },
    { name: 'archive', path: '/me/data.zip', cookie: seeded.cookie },
  ];
  return every ? pages : pages.filter(({ name }) => options.BENCH_PAGES.includes(name));
}

/** The page answered as a signed-in person sees it (the archive: a ZIP, whose first entry is README.txt). */
function looksRight(page: Page, body: Buffer): boolean {
  if (page.name === 'archive') return body.subarray(0, 2).toString('latin1') === 'PK' && body.includes('README.txt');
  return body.includes('XYZ People') && body.includes('Sign out');
}

async function benchOne(
  database: 'sqlite' | 'mariadb',
  employees: number,
  baselineDir: string | null,
): Promise<{ rows: Row[]; run: ServerRun }> {
  const seeded = await seed(database, employees);
  const server = await startServer(seeded, 1);
  const pids = processTree(server.pid!);
  const rows: Row[] = [];
  let peak: Record<string, number> = {};
  try {
    for (const page of pagePaths(seeded)) {
      const { name, path: pagePath } = page;
      const response = await fetch(base() + pagePath, { headers: { cookie: page.cookie } });
      const html = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200 || !looksRight(page, html)) {
        throw new Error(`${pagePath} answered ${response.status}; is the bench user signed in?`);
      }
      const { app, cpuMsPerRequest, primaryCpuMsPerRequest } = await measurePage(pids, pagePath, page.cookie);

      const file = path.join(seeded.dataDir, `${name}.html`);
      fs.writeFileSync(file, html);
      const ceilingServer = fork(path.join(root, 'scripts', 'bench-ceiling.mjs'), [file], { stdio: 'inherit' });
      const ceilingPort = z
        .object({ port: z.number().int().positive() })
        .parse(await new Promise((resolve) => ceilingServer.once('message', resolve))).port;
      const ceiling = await autocannon(`http://127.0.0.1:${ceilingPort}/`, {});
      await stop(ceilingServer);
      rows.push({ database, employees, page: name, app, ceiling, cpuMsPerRequest, primaryCpuMsPerRequest });
      console.error(
        `  ${database} ${employees} ${name}: ${app.rps.toFixed(0)} req/s, p50 ${app.p50} ms, p99 ${app.p99} ms,` +
          ` ${cpuMsPerRequest.toFixed(2)} CPU ms/request (ceiling ${ceiling.rps.toFixed(0)} req/s;` +
          ` load ${os.loadavg()[0].toFixed(1)})${app.errors ? `, ${app.errors} errors` : ''}`,
      );
    }
    // The floor once more after the other pages: the machine's load moves over a run (lessDisturbed).
    const trivial = rows.find((row) => row.page === 'trivial');
    if (trivial && rows.length > 1) {
      const again = await measurePage(pids, '/healthz-page', seeded.cookie);
      console.error(
        `  ${database} ${employees} trivial again: ${again.app.rps.toFixed(0)} req/s, ${again.cpuMsPerRequest.toFixed(2)} CPU ms/request (load ${os.loadavg()[0].toFixed(1)})`,
      );
      Object.assign(trivial, lessDisturbed(trivial, again), { trivialAgain: true as const });
    }
    peak = peakRssByRole(pids);
  } finally {
    await stop(server);
  }
  if (options.BENCH_CPU_PROF === '1') printProfiles(path.join(seeded.dataDir, 'profiles'), server.pid);
  if (baselineDir) await benchBaseline(seeded, baselineDir, rows);
  return { rows, run: { database, employees, peakRssMiB: peak, seedSeconds: seeded.seedSeconds } };
}

function peakRssByRole(pids: number[]): Record<string, number> {
  const peak: Record<string, number> = {};
  pids.forEach((pid, index) => {
    const mib = peakRssMiB(pid);
    if (mib !== null) peak[index === 0 ? 'primary' : `worker ${index}`] = mib;
  });
  return peak;
}

/**
 * The directory with one worker, then with one per CPU, on the same data: total requests/s and the CPU each
 * side used. On two cores autocannon needs most of a core itself, so its CPU time is printed beside the server's:
 * the workers can use only what is left.
 */
async function benchWorkers(seeded: Seeded): Promise<{ rows: WorkersRow[]; peakRssMiB: Record<string, number> }> {
  const rows: WorkersRow[] = [];
  let peakRss: Record<string, number> = {};
  for (const workers of [1, os.availableParallelism()]) {
    const server = await startServer(seeded, workers);
    const pids = processTree(server.pid!);
    try {
      await warmUp('/employees', seeded.cookie);
      const cpuBefore = serverCpuSeconds(pids);
      const measured = await autocannon(`${base()}/employees`, { cookie: seeded.cookie });
      rows.push({
        workers,
        rps: measured.rps,
        p50: measured.p50,
        p99: measured.p99,
        serverCpuS: serverCpuSeconds(pids) - cpuBefore,
        loadGeneratorCpuS: measured.loadGeneratorCpuS,
        seconds: options.BENCH_DURATION,
      });
      console.error(`  ${workers} worker(s): ${measured.rps.toFixed(0)} req/s (load ${os.loadavg()[0].toFixed(1)})`);
      if (workers > 1) peakRss = peakRssByRole(pids);
    } finally {
      await stop(server);
    }
  }
  return { rows, peakRssMiB: peakRss };
}

/** RSS of a process now, in MiB (VmRSS), or null once it is gone. */
function rssMiB(pid: number): number | null {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The soak: BENCH_SOAK_MINUTES of load on one worker, the directory, a search and a profile a minute each in
 * turn, with the worker's and the primary's RSS sampled every 10 s. Flat means no growth after the first minute.
 */
async function soak(seeded: Seeded, minutes: number): Promise<string[]> {
  const server = await startServer(seeded, 1);
  const [primary, worker] = processTree(server.pid!);
  const samples: Array<{ at: number; worker: number; primary: number }> = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    samples.push({ at: (Date.now() - started) / 1000, worker: rssMiB(worker) ?? NaN, primary: rssMiB(primary) ?? NaN });
  }, 10_000);
  let requests = 0;
  let workerPeak: number | null = null;
  try {
    const pages = pagePaths(seeded, true).filter(({ name }) => ['directory', 'search', 'profile'].includes(name));
    for (let minute = 0; minute < minutes; minute++) {
      const { path: pagePath } = pages[minute % pages.length];
      const { stdout } = await run(
        autocannonBin,
        [
          '-c',
          String(options.BENCH_CONNECTIONS),
          '-d',
          '60',
          '--json',
          '-H',
          `cookie=${seeded.cookie}`,
          base() + pagePath,
        ],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      requests += (JSON.parse(stdout) as { requests: { total: number } }).requests.total;
      const last = samples.at(-1);
      console.error(
        `  soak minute ${minute + 1}/${minutes} (${pagePath.split('?')[0]}): worker RSS ${last?.worker.toFixed(0)} MiB, primary ${last?.primary.toFixed(0)} MiB (load ${os.loadavg()[0].toFixed(1)})`,
      );
    }
  } finally {
    clearInterval(sampler);
    // The 10 s samples miss the peaks between them; the kernel's high-water mark does not.
    workerPeak = peakRssMiB(worker);
    await stop(server);
  }
  const afterFirstMinute = samples.filter((sample) => sample.at >= 60);
  const peakPerMinute = (of: 'worker' | 'primary') =>
    Array.from({ length: minutes }, (_, minute) => {
      const inMinute = samples.filter((sample) => sample.at >= minute * 60 && sample.at < (minute + 1) * 60);
      return Math.max(...inMinute.map((sample) => sample[of]));
    });
  const byMinute = peakPerMinute('worker');
  const first = afterFirstMinute[0]?.worker ?? NaN;
  const peak = Math.max(...afterFirstMinute.map((sample) => sample.worker));
  const lastMinute = afterFirstMinute.filter((sample) => sample.at >= (minutes - 1) * 60);
  const end = Math.max(...lastMinute.map((sample) => sample.worker));
  return [
    `Soak: ${minutes} min on one worker (sqlite ${seeded.employees.toLocaleString('en')}), ${requests.toLocaleString('en')} requests, ${options.BENCH_CONNECTIONS} connections.`,
    `worker RSS peak per minute (MiB): ${byMinute.map((mib) => mib.toFixed(0)).join(', ')}`,
    `primary RSS peak per minute (MiB): ${peakPerMinute('primary')
      .map((mib) => mib.toFixed(0))
      .join(', ')}`,
    `load average (1, 5, 15 min) at the end: ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(', ')}`,
    `after the first minute: ${first.toFixed(0)} MiB at 1 min, peak ${peak.toFixed(0)} MiB, ${end.toFixed(0)} MiB in the last minute` +
      ` (growth ${(end - first).toFixed(0)} MiB); primary ${Math.max(...samples.map((sample) => sample.primary)).toFixed(0)} MiB at most`,
    `worker peak RSS over the whole soak (VmHWM): ${workerPeak?.toFixed(0) ?? '?'} MiB`,
  ];
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
}

function printProfiles(dir: string, primaryPid: number | undefined): void {
  if (!fs.existsSync(dir)) return;
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const role = file.includes(`.${primaryPid}.`) ? 'primary' : 'worker';
    const summary = summariseProfile(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), 20);
    console.error(`\nCPU profile of the ${role} (${file}):\n${formatSummary(summary)}\n`);
  }
}

const ratio = (value: number) => `${value.toFixed(2)}x`;

function table(rows: Row[]): string {
  const lines = [
    '| database | employees | page | req/s | p50 ms | p99 ms | p99/p50 | errors | CPU ms/req | KB | ceiling req/s | app/ceiling | vs trivial | baseline req/s | vs baseline req/s | vs baseline CPU/req |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const trivial = rows.find(
      (other) => other.database === row.database && other.employees === row.employees && other.page === 'trivial',
    );
    const before = row.baseline;
    lines.push(
      [
        '',
        row.database,
        row.employees.toLocaleString('en'),
        row.page,
        row.app.rps.toFixed(0),
        row.app.p50,
        row.app.p99,
        ratio(row.app.p99 / Math.max(row.app.p50, 1)),
        row.app.errors,
        row.cpuMsPerRequest.toFixed(2),
        (row.app.bytes / 1000).toFixed(1),
        row.ceiling.rps.toFixed(0),
        `${((row.app.rps / row.ceiling.rps) * 100).toFixed(1)}%`,
        trivial && row.page !== 'trivial' ? `${((row.app.rps / trivial.app.rps) * 100).toFixed(0)}%` : '',
        before ? `${before.app.rps.toFixed(0)} (p50 ${before.app.p50}, p99 ${before.app.p99})` : '',
        before ? ratio(row.app.rps / before.app.rps) : '',
        before ? ratio(before.cpuMsPerRequest / row.cpuMsPerRequest) : '',
        '',
      ]
        .join(' | ')
        .trim(),
    );
  }
  return lines.join('\n');
}

/**
 * Each page against the trivial page of its own server, by requests/s and by CPU per request (the trivial page's
 * CPU ms over the page's: less disturbed by other work on the machine); the target is 50% or better.
 */
function againstTrivial(rows: Row[]): string {
  const percent = (value: number) => `${(value * 100).toFixed(0)}%`;
  const lines = [
    '| database | employees | page | req/s | CPU ms/req | of which primary | vs trivial req/s | vs trivial CPU | baseline req/s | baseline CPU ms/req | baseline vs trivial req/s | baseline vs trivial CPU |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const trivial = rows.find(
      (other) => other.database === row.database && other.employees === row.employees && other.page === 'trivial',
    );
    const own = trivial && row !== trivial;
    const before = row.baseline;
    const beforeTrivial = trivial?.baseline;
    lines.push(
      [
        '',
        row.database,
        row.employees.toLocaleString('en'),
        row.page,
        row.app.rps.toFixed(0),
        row.cpuMsPerRequest.toFixed(2),
        row.primaryCpuMsPerRequest.toFixed(2),
        own ? percent(row.app.rps / trivial.app.rps) : '',
        own ? percent(trivial.cpuMsPerRequest / row.cpuMsPerRequest) : '',
        before ? before.app.rps.toFixed(0) : '',
        before ? before.cpuMsPerRequest.toFixed(2) : '',
        before && beforeTrivial && own ? percent(before.app.rps / beforeTrivial.app.rps) : '',
        before && beforeTrivial && own ? percent(beforeTrivial.cpuMsPerRequest / before.cpuMsPerRequest) : '',
        '',
      ]
        .join(' | ')
        .trim(),
    );
  }
  return lines.join('\n');
}

function scaling(rows: Row[]): string[] {
  const sizes = [...new Set(rows.map((row) => row.employees))].sort((a, b) => a - b);
  if (sizes.length < 2) return [];
  const [small, large] = [sizes[0], sizes.at(-1)!];
  const verdicts: string[] = [];
  for (const database of [...new Set(rows.map((row) => row.database))]) {
    for (const page of ['directory', 'search']) {
      const a = rows.find((row) => row.database === database && row.page === page && row.employees === small);
      const b = rows.find((row) => row.database === database && row.page === page && row.employees === large);
      if (!a || !b) continue;
      const change = b.app.p50 / Math.max(a.app.p50, 0.001);
      verdicts.push(
        `${database} ${page}: p50 ${a.app.p50} ms at ${small.toLocaleString('en')} -> ${b.app.p50} ms at ${large.toLocaleString('en')} = ${change.toFixed(2)}x (${change <= 1.5 ? 'within' : 'OVER'} 1.5x)`,
      );
    }
  }
  return verdicts;
}

function memoryLines(runs: ServerRun[]): string[] {
  return runs.map(
    (one) =>
      `${one.database} ${one.employees.toLocaleString('en')}: peak RSS ` +
      Object.entries(one.peakRssMiB)
        .map(([role, mib]) => `${role} ${mib.toFixed(0)} MiB`)
        .join(', ') +
      ` (seeded in ${one.seedSeconds.toFixed(1)} s)`,
  );
}

function workersLines(result: { rows: WorkersRow[]; peakRssMiB: Record<string, number> }): string[] {
  const [one, all] = result.rows;
  if (!one || !all) return [];
  const line = (row: WorkersRow) =>
    `${row.workers} worker(s): ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms; server CPU ` +
    `${(row.serverCpuS / row.seconds).toFixed(2)} cores, autocannon ${(row.loadGeneratorCpuS / row.seconds).toFixed(2)} cores`;
  return [
    `All workers against one (sqlite, directory, ${os.availableParallelism()} CPUs):`,
    line(one),
    line(all),
    `ratio ${ratio(all.rps / one.rps)} (the load generator's share of the cores is the part the workers cannot use)`,
    `peak RSS with all workers: ${Object.entries(result.peakRssMiB)
      .map(([role, mib]) => `${role} ${mib.toFixed(0)} MiB`)
      .join(', ')}`,
  ];
}

/** A throwaway MariaDB (scripts/mariadb-throwaway.sh) when none is given and mariadbd is installed. */
async function startThrowawayMariadb(): Promise<{ url: string; stop: () => Promise<void> } | null> {
  try {
    await run('sh', ['-c', 'command -v mariadbd']);
  } catch {
    return null;
  }
  const dir = path.join(workDir, 'mariadb');
  const script = path.join(root, 'scripts', 'mariadb-throwaway.sh');
  const { stdout } = await run('bash', [script, 'start', dir]);
  const printed = /TEST_MYSQL_URL=(mysql:\/\/\S+)/.exec(stdout)?.[1];
  if (!printed) throw new Error(`could not start MariaDB: ${stdout}`);
  const url = printed.replace(/\/mysql$/, '/bench');
  return { url, stop: async () => void (await run('bash', [script, 'stop', dir])) };
}

async function main() {
  fs.mkdirSync(workDir, { recursive: true });
  if (options.BENCH_BUILD === 'on') {
    console.error('Building the production bundle...');
    await run(path.join(root, 'node_modules', '.bin', 'remix'), ['build'], {
      cwd: root,
      env: { ...process.env, VITE_CJS_IGNORE_WARNING: 'true' },
    });
  }
  let throwaway: Awaited<ReturnType<typeof startThrowawayMariadb>> = null;
  if (!options.BENCH_MYSQL_URL && options.BENCH_MARIADB === 'auto') {
    throwaway = await startThrowawayMariadb();
    if (throwaway) {
      options.BENCH_MYSQL_URL = throwaway.url;
      console.error(`Started a throwaway MariaDB for the bench: ${throwaway.url}`);
    }
  }
  const databases: Array<'sqlite' | 'mariadb'> = options.BENCH_MYSQL_URL ? ['sqlite', 'mariadb'] : ['sqlite'];
  if (!options.BENCH_MYSQL_URL && options.BENCH_MARIADB === 'auto') {
    console.error(
      'MariaDB is skipped: set BENCH_MYSQL_URL, or install mariadb-server (apt-get install -y mariadb-server).',
    );
  }
  try {
    await benchAll(databases);
  } finally {
    await throwaway?.stop();
  }
}

async function benchAll(databases: Array<'sqlite' | 'mariadb'>) {
  const rows: Row[] = [];
  const runs: ServerRun[] = [];
  const loads: string[] = [];
  const baseline = options.BENCH_BASELINE_REF ? await prepareBaseline(options.BENCH_BASELINE_REF) : null;
  // First: seeding SQLite after MariaDB in the same process fails (Sequelize keeps the MySQL type rendering).
  let workers: Awaited<ReturnType<typeof benchWorkers>> | null = null;
  if (options.BENCH_WORKERS === 'auto' && options.BENCH_SOAK_MINUTES === 0) {
    console.error('All workers against one...');
    workers = await benchWorkers(await seed('sqlite', options.BENCH_SIZES[0]));
  }
  // A soak is a run of its own: the page tables are measured without it.
  for (const database of options.BENCH_SOAK_MINUTES > 0 ? [] : databases) {
    for (const size of options.BENCH_SIZES) {
      console.error(`Benchmarking ${database} with ${size.toLocaleString('en')} employees...`);
      const result = await benchOne(database, size, baseline?.dir ?? null);
      rows.push(...result.rows);
      runs.push(result.run);
      loads.push(`${database} ${size.toLocaleString('en')}: ${os.loadavg()[0].toFixed(1)}`);
    }
  }
  let soakLines: string[] = [];
  if (options.BENCH_SOAK_MINUTES > 0) {
    console.error(`Soak: ${options.BENCH_SOAK_MINUTES} minutes on one worker...`);
    soakLines = await soak(await seed('sqlite', options.BENCH_SIZES[0]), options.BENCH_SOAK_MINUTES);
  }
  const report = [
    `Bench: ${options.BENCH_CONNECTIONS} connections (keep-alive, autocannon in its own process), ${options.BENCH_DURATION} s per page, signed in, one server worker (app and ceiling each one process), ${options.BENCH_ACCEPT_ENCODING ? `Accept-Encoding: ${options.BENCH_ACCEPT_ENCODING}` : 'no Accept-Encoding (nothing compressed)'}.`,
    `Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average (1 min) after each part: ${loads.join('; ')}; ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(
        ' ',
      )} at the end. Other work on the machine lowers req/s; CPU ms/req and the ratios within one run move less.`,
    baseline
      ? `Baseline: commit ${baseline.commit.slice(0, 12)} on the same data right after each part. "vs baseline CPU/req" is its CPU ms per request over this checkout's: requests/s per core, less disturbed by the load.`
      : 'No baseline commit (set BENCH_BASELINE_REF to measure one in the same run).',
    '',
    table(rows),
    '',
    'Against the trivial page (target: 50% or better):',
    '',
    againstTrivial(rows),
    '',
    ...scaling(rows),
    '',
    ...memoryLines(runs),
    '',
    ...(workers ? workersLines(workers) : []),
    '',
    ...soakLines,
  ].join('\n');
  console.log(report);
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'test-results', 'bench.json'),
    JSON.stringify({ options, rows, runs, workers }, null, 2),
  );
  fs.writeFileSync(path.join(root, 'test-results', 'bench.md'), `${report}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
