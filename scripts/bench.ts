/**
 * `npm run bench`: the directory page, a search and a profile page, signed in, at 50 connections, measured by
 * autocannon running in a separate process against the production build (`node server.js`), for 1,000 and
 * 100,000 employees, on the embedded SQLite and (when BENCH_MYSQL_URL names a throwaway MariaDB/MySQL
 * database, which is dropped and recreated) on MariaDB. Beside each, a bare node:http server answering the
 * same HTML bytes, as the ceiling. Both run as one process so that the ratio compares like with like on a
 * small machine (autocannon needs a core of its own).
 *
 * Environment: BENCH_SIZES (default "1000,100000"), BENCH_DURATION seconds (default 10), BENCH_CONNECTIONS
 * (default 50), BENCH_MYSQL_URL (optional; without it, a throwaway MariaDB is started with
 * scripts/mariadb-throwaway.sh when `mariadbd` is installed, and MariaDB is skipped with a notice otherwise;
 * BENCH_MARIADB=off skips it), BENCH_PORT (default 3390).
 */
import { spawn, fork, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { openDatabase, closeDatabase } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { seedBenchData } from './bench-data';
import { formatSummary, summariseProfile } from './bench-profile-summary';

const run = promisify(execFile);

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
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const workDir = path.join(root, '.tmp', 'bench');
const autocannonBin = path.join(root, 'node_modules', '.bin', 'autocannon');

interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  bytes: number;
}

interface Row {
  database: string;
  employees: number;
  page: string;
  app: Measurement;
  ceiling: Measurement;
}

async function autocannon(url: string, headers: Record<string, string>): Promise<Measurement> {
  const args = ['-c', String(options.BENCH_CONNECTIONS), '-d', String(options.BENCH_DURATION), '--json'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  const { stdout } = await run(autocannonBin, [...args, url], { maxBuffer: 64 * 1024 * 1024 });
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

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
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

async function benchOne(database: 'sqlite' | 'mariadb', employees: number): Promise<Row[]> {
  const dataDir = path.join(workDir, `${database}-${employees}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const url = database === 'mariadb' ? options.BENCH_MYSQL_URL : undefined;
  if (url) await recreateMysqlDatabase(url);

  const seedStarted = Date.now();
  const db = openDatabase(url ? { url } : { sqliteFile: path.join(dataDir, 'employees.sqlite') });
  await migrateDatabase(db.sequelize);
  const data = await seedBenchData(db, employees);
  await closeDatabase(db);
  console.error(
    `  seeded ${employees} employees on ${database} in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`,
  );

  const port = options.BENCH_PORT;
  // Cluster workers inherit the primary's execArgv, so each process writes its own profile.
  const profileArgs =
    options.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(dataDir, 'profiles')}`] : [];
  const server = spawn(process.execPath, [...profileArgs, 'server.js'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_ENV: 'local',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: url ?? '',
      WEB_CONCURRENCY: '1',
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const rows: Row[] = [];
  try {
    await waitFor(`http://127.0.0.1:${port}/readyz`, 120_000);
    const base = `http://127.0.0.1:${port}`;
    const pages: Array<[string, string]> = [
      ['directory', '/employees'],
      ['search', '/employees?q=sch'],
      ['profile', `/employees/${data.profileId}`],
    ];
    const headers = { cookie: data.cookie };
    for (const [name, pagePath] of pages) {
      const response = await fetch(base + pagePath, { headers });
      const html = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200 || !html.includes('XYZ People')) {
        throw new Error(`${pagePath} answered ${response.status}; is the bench user signed in?`);
      }
      // Warm up (JIT, caches, connection pool), then measure.
      await run(autocannonBin, ['-c', '10', '-d', '2', base + pagePath, '-H', `cookie=${data.cookie}`]);
      const app = await autocannon(base + pagePath, headers);

      const file = path.join(dataDir, `${name}.html`);
      fs.writeFileSync(file, html);
      const ceilingPort = port + 1;
      const ceilingServer = fork(path.join(root, 'scripts', 'bench-ceiling.mjs'), [String(ceilingPort), file], {
        stdio: 'inherit',
      });
      await new Promise((resolve) => ceilingServer.once('message', resolve));
      const ceiling = await autocannon(`http://127.0.0.1:${ceilingPort}/`, {});
      await stop(ceilingServer);
      rows.push({ database, employees, page: name, app, ceiling });
      console.error(
        `  ${database} ${employees} ${name}: ${app.rps.toFixed(0)} req/s, p50 ${app.p50} ms, p99 ${app.p99} ms` +
          ` (ceiling ${ceiling.rps.toFixed(0)} req/s)${app.errors ? `, ${app.errors} errors` : ''}`,
      );
    }
  } finally {
    await stop(server);
  }
  if (options.BENCH_CPU_PROF === '1') printProfiles(path.join(dataDir, 'profiles'), server.pid);
  return rows;
}

function printProfiles(dir: string, primaryPid: number | undefined): void {
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const role = file.includes(`.${primaryPid}.`) ? 'primary' : 'worker';
    const summary = summariseProfile(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), 20);
    console.error(`\nCPU profile of the ${role} (${file}):\n${formatSummary(summary)}\n`);
  }
}

function table(rows: Row[]): string {
  const lines = [
    '| database | employees | page | req/s | p50 ms | p99 ms | errors | ceiling req/s | ceiling p50 ms | app/ceiling |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.database} | ${row.employees.toLocaleString('en')} | ${row.page} | ${row.app.rps.toFixed(0)} | ${row.app.p50} | ${row.app.p99} | ${row.app.errors} | ${row.ceiling.rps.toFixed(0)} | ${row.ceiling.p50} | ${((row.app.rps / row.ceiling.rps) * 100).toFixed(1)}% |`,
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
      const ratio = b.app.p50 / Math.max(a.app.p50, 0.001);
      verdicts.push(
        `${database} ${page}: p50 ${a.app.p50} ms at ${small.toLocaleString('en')} -> ${b.app.p50} ms at ${large.toLocaleString('en')} = ${ratio.toFixed(2)}x (${ratio <= 1.5 ? 'within' : 'OVER'} 1.5x)`,
      );
    }
  }
  return verdicts;
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
  console.error('Building the production bundle...');
  await run(path.join(root, 'node_modules', '.bin', 'remix'), ['build'], {
    cwd: root,
    env: { ...process.env, VITE_CJS_IGNORE_WARNING: 'true' },
  });
  let throwaway: Awaited<ReturnType<typeof startThrowawayMariadb>> = null;
  if (!options.BENCH_MYSQL_URL && options.BENCH_MARIADB === 'auto') {
    throwaway = await startThrowawayMariadb();
    if (throwaway) {
      options.BENCH_MYSQL_URL = throwaway.url;
      console.error(`Started a throwaway MariaDB for the bench: ${throwaway.url}`);
    }
  }
  const databases: Array<'sqlite' | 'mariadb'> = options.BENCH_MYSQL_URL ? ['sqlite', 'mariadb'] : ['sqlite'];
  if (!options.BENCH_MYSQL_URL) {
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
  for (const database of databases) {
    for (const size of options.BENCH_SIZES) {
      console.error(`Benchmarking ${database} with ${size.toLocaleString('en')} employees...`);
      rows.push(...(await benchOne(database, size)));
    }
  }
  const report = [
    `Bench: ${options.BENCH_CONNECTIONS} connections, ${options.BENCH_DURATION} s per page, signed in, one server process (app and ceiling), autocannon in its own process.`,
    `Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')} at the end: other work on the machine lowers both columns.`,
    '',
    table(rows),
    '',
    ...scaling(rows),
  ].join('\n');
  console.log(report);
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'test-results', 'bench.json'), JSON.stringify({ options, rows }, null, 2));
  fs.writeFileSync(path.join(root, 'test-results', 'bench.md'), `${report}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
