/**
 * `npm run bench:startup`: how long the production server takes to start at 100,000 employees with the embedded
 * search index. Seeds the employees once into a data directory (kept between runs under BENCH_DIR, outside the
 * timed part), then starts `node server.js` on a copy of it twice: a first start (an empty data directory but for
 * the database, as after a deployment) and a second start on what the first left behind (a restart). For each it
 * prints the seconds from the process's spawn to `/readyz` answering 200, and to the index serving searches
 * (`/readyz` saying `search: ready`), and the primary's peak RSS (VmHWM) once the index serves. The load average
 * is printed too: the machine is shared, and a loaded machine stretches every figure.
 *
 * Environment: BENCH_EMPLOYEES (default 100000), BENCH_PORT (default 3391), BENCH_DIR (default .tmp/bench-startup),
 * BENCH_BUILD (on: `remix build` first; off: use the build already there), BENCH_RESTARTS (starts after the first,
 * default 1), BENCH_BASELINE_DIR (another checkout, built, with node_modules: its server is started on its own copy
 * of the data right before this checkout's, each start in turn, so both meet the same load on a shared machine;
 * e.g. `git archive <commit> | tar -x -C dir`, a node_modules link, `npx remix build` there), BENCH_NODE_FLAGS
 * (flags for `node` before `server.js`, for both servers: the primary's, which the workers inherit and then override
 * with their own, e.g. `--max-semi-space-size=16`).
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { openDatabase, closeDatabase } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { seedBenchData } from './bench-data';

const run = promisify(execFile);

const options = z
  .object({
    BENCH_EMPLOYEES: z.coerce.number().int().min(10).max(1_000_000).default(100_000),
    BENCH_PORT: z.coerce.number().int().min(1024).max(65000).default(3391),
    BENCH_DIR: z.string().min(1).default('.tmp/bench-startup'),
    BENCH_BUILD: z.enum(['on', 'off']).default('on'),
    BENCH_RESTARTS: z.coerce.number().int().min(0).max(5).default(1),
    BENCH_BASELINE_DIR: z
      .string()
      .min(1)
      .refine(
        (dir) => fs.existsSync(path.join(dir, 'build', 'index.js')),
        'must hold a built checkout (build/index.js)',
      )
      .optional(),
    BENCH_NODE_FLAGS: z.string().default(''),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const workDir = path.resolve(root, options.BENCH_DIR);
const DATABASE_FILE = 'employees.sqlite';

/** The seeded database, made once per size and reused by later runs (seeding 100,000 takes a minute or more). */
async function seededDatabase(employees: number): Promise<string> {
  const dir = path.join(workDir, `seed-${employees}`);
  const marker = path.join(dir, 'seeded.json');
  if (fs.existsSync(marker)) return path.join(dir, DATABASE_FILE);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const db = openDatabase({ sqliteFile: path.join(dir, DATABASE_FILE) });
  await migrateDatabase(db.sequelize);
  await seedBenchData(db, employees);
  await closeDatabase(db);
  fs.writeFileSync(marker, JSON.stringify({ employees, seconds: (Date.now() - started) / 1000 }));
  console.error(
    `  seeded ${employees.toLocaleString('en')} employees in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return path.join(dir, DATABASE_FILE);
}

function procStatusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const kib = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) : null;
  } catch {
    return null;
  }
}

async function readyz(): Promise<{ status: number; search?: string } | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${options.BENCH_PORT}/readyz`);
    const body = (await response.json()) as { search?: string };
    return { status: response.status, search: body.search };
  } catch {
    return null; // not listening yet
  }
}

interface StartTiming {
  label: string;
  readySeconds: number;
  searchSeconds: number;
  primaryPeakRssMiB: number;
  loadBefore: number;
  loadAfter: number;
}

/**
 * Stops the server and waits until nothing answers on the port: a server still stopping (its workers draining, on
 * a loaded machine) would otherwise answer the next start's first /readyz and be timed in its place.
 */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 60_000))]);
  }
  // The whole group (the primary was spawned as its leader): workers or emulators left behind go too.
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
  await portIsFree();
}

/** Whether anything accepts a connection on the bench's port. */
function portTaken(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(options.BENCH_PORT, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function portIsFree(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (await portTaken()) {
    if (Date.now() > deadline) throw new Error(`something still answers on port ${options.BENCH_PORT}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** One start: spawn → /readyz 200 → `search: ready`, polled every 100 ms; then a clean stop. */
async function timeStart(label: string, dataDir: string, serverRoot = root): Promise<StartTiming> {
  await portIsFree();
  const loadBefore = os.loadavg()[0];
  const started = performance.now();
  const nodeFlags = options.BENCH_NODE_FLAGS.split(' ').filter(Boolean);
  const server = spawn(process.execPath, [...nodeFlags, 'server.js'], {
    cwd: serverRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_ENV: 'local',
      HOST: '127.0.0.1',
      PORT: String(options.BENCH_PORT),
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  try {
    let readySeconds = NaN;
    let searchSeconds = NaN;
    const deadline = Date.now() + 900_000;
    while (Date.now() < deadline && server.exitCode === null) {
      const answer = await readyz();
      const now = (performance.now() - started) / 1000;
      if (answer?.status === 200 && Number.isNaN(readySeconds)) readySeconds = now;
      if (answer?.status === 200 && answer.search === 'ready') {
        searchSeconds = now;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (Number.isNaN(searchSeconds)) throw new Error(`${label}: the index did not serve within 15 minutes`);
    const primaryPeakRssMiB = (procStatusKiB(server.pid!, 'VmHWM') ?? NaN) / 1024;
    console.error(
      `  ${label}: ready ${readySeconds.toFixed(1)} s, index serving ${searchSeconds.toFixed(1)} s, primary peak RSS ${primaryPeakRssMiB.toFixed(0)} MiB`,
    );
    return { label, readySeconds, searchSeconds, primaryPeakRssMiB, loadBefore, loadAfter: os.loadavg()[0] };
  } finally {
    await stop(server);
  }
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
  console.error(`Seeding (once) ${options.BENCH_EMPLOYEES.toLocaleString('en')} employees...`);
  const database = await seededDatabase(options.BENCH_EMPLOYEES);
  const servers: Array<{ name: string; serverRoot: string }> = [
    ...(options.BENCH_BASELINE_DIR ? [{ name: 'baseline', serverRoot: path.resolve(options.BENCH_BASELINE_DIR) }] : []),
    { name: 'this checkout', serverRoot: root },
  ];
  const dataDirs = servers.map((_, index) => {
    const dataDir = path.join(workDir, `run-${options.BENCH_EMPLOYEES}-${index}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true });
    fs.copyFileSync(database, path.join(dataDir, DATABASE_FILE));
    return dataDir;
  });
  const timings: StartTiming[] = [];
  for (let start = 0; start <= options.BENCH_RESTARTS; start += 1) {
    for (const [index, server] of servers.entries()) {
      const label = `${server.name}, ${start === 0 ? 'first start' : `restart ${start}`}`;
      timings.push(await timeStart(label, dataDirs[index], server.serverRoot));
    }
  }
  const report = [
    `Start-up at ${options.BENCH_EMPLOYEES.toLocaleString('en')} employees (SQLite, embedded search index, one worker per CPU), ${os.cpus().length} CPUs${options.BENCH_NODE_FLAGS ? `, node ${options.BENCH_NODE_FLAGS}` : ''}.`,
    '',
    '| start | /readyz 200 | index serving | primary peak RSS | load average (1 min) before → after |',
    '|---|---:|---:|---:|---|',
    ...timings.map(
      (timing) =>
        `| ${timing.label} | ${timing.readySeconds.toFixed(1)} s | ${timing.searchSeconds.toFixed(1)} s | ${timing.primaryPeakRssMiB.toFixed(0)} MiB | ${timing.loadBefore.toFixed(1)} → ${timing.loadAfter.toFixed(1)} |`,
    ),
  ].join('\n');
  console.log(report);
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'test-results', 'bench-startup.md'), `${report}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
