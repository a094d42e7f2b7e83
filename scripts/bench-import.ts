/**
 * `npm run bench:import`: HR's CSV import at its largest, and what it costs the worker that takes it. Seeds 1,000
 * employees, starts the production server (`node server.js`, one worker) and posts, signed in as HR, two files
 * of IMPORT_BENCH_ROWS rows (default 5,000, the import's limit) whose rows carry a long bio (about 5 MB each):
 * one where every row is refused (a work email outside the allowed domain), then a clean one that is imported.
 * Prints each answer's status and time, and the worker's RSS before and its peak (VmHWM) after each post.
 *
 * Environment: IMPORT_BENCH_ROWS (default 5000), IMPORT_BENCH_SERVER_DIR (another checkout's built server to
 * measure instead of this one, e.g. an older commit exported with `git archive`; it shares these packages),
 * BENCH_PORT (default 3391), BENCH_DIR (default .tmp/bench-import).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { openDatabase, closeDatabase } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { seedBenchData } from './bench-data';

const options = z
  .object({
    IMPORT_BENCH_ROWS: z.coerce.number().int().min(1).max(5000).default(5000),
    IMPORT_BENCH_SERVER_DIR: z.string().min(1).optional(),
    BENCH_PORT: z.coerce.number().int().min(1024).max(65000).default(3391),
    BENCH_DIR: z.string().min(1).default('.tmp/bench-import'),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const serverDir = path.resolve(options.IMPORT_BENCH_SERVER_DIR ?? root);
const dataDir = path.resolve(root, options.BENCH_DIR);
const base = `http://127.0.0.1:${options.BENCH_PORT}`;

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : NaN;
}

function workerPid(primaryPid: number): number {
  const children = fs
    .readFileSync(`/proc/${primaryPid}/task/${primaryPid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .map(Number);
  if (children.length !== 1) throw new Error(`expected one worker, found ${children.length}`);
  return children[0];
}

/** A file of `rows` rows, about 1 KB each; `refused` puts every row's work email outside the allowed domain. */
function csvFile(rows: number, refused: boolean, tag: string): string {
  const bio = 'Keeps the quarterly numbers honest and the coffee machine running. '.repeat(14).trim();
  const lines = ['firstName,lastName,workEmail,jobTitle,department,officeLocation,bio'];
  for (let index = 0; index < rows; index += 1) {
    const email = `imported.${tag}.${index}@${refused ? 'elsewhere.example' : 'xyz.example'}`;
    lines.push(`Imported,Person ${lettersOf(index)},${email},Analyst,Finance,London,"${bio}"`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** 0 -> "a", 25 -> "z", 26 -> "ba": names may not carry digits. */
function lettersOf(index: number): string {
  let text = '';
  let rest = index;
  do {
    text = String.fromCharCode(97 + (rest % 26)) + text;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return text;
}

async function waitForReady(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the server did not become ready');
}

async function post(cookie: string, csv: string, name: string): Promise<{ status: number; ms: number; text: string }> {
  const form = new FormData();
  form.append('csv', new Blob([csv], { type: 'text/csv' }), name);
  const started = Date.now();
  const response = await fetch(`${base}/admin/import`, {
    method: 'POST',
    body: form,
    headers: { cookie, origin: base },
  });
  const text = await response.text();
  return { status: response.status, ms: Date.now() - started, text };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
}

async function main(): Promise<void> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const db = openDatabase({ sqliteFile: path.join(dataDir, 'employees.sqlite') });
  await migrateDatabase(db.sequelize);
  const { adminCookie } = await seedBenchData(db, 1000);
  await closeDatabase(db);

  const server = spawn(process.execPath, ['server.js'], {
    cwd: serverDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_ENV: 'local',
      HOST: '127.0.0.1',
      PORT: String(options.BENCH_PORT),
      DATA_DIR: dataDir,
      WEB_CONCURRENCY: '1',
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const lines: string[] = [];
  try {
    await waitForReady();
    const worker = workerPid(server.pid!);
    const files = [
      { label: 'every row refused', csv: csvFile(options.IMPORT_BENCH_ROWS, true, 'refused') },
      { label: 'clean, imported', csv: csvFile(options.IMPORT_BENCH_ROWS, false, 'clean') },
    ];
    for (const { label, csv } of files) {
      const before = statusKiB(worker, 'VmRSS');
      const answer = await post(adminCookie, csv, `${label.split(',')[0].replace(/ /g, '-')}.csv`);
      const verdict = /Imported \d+ employees?|Nothing was imported: \d+ of \d+ rows need fixing/.exec(
        answer.text.replaceAll('<!-- -->', ''), // React's markers between adjacent text nodes
      )?.[0];
      lines.push(
        `${label} (${options.IMPORT_BENCH_ROWS} rows, ${(Buffer.byteLength(csv) / 1024 / 1024).toFixed(1)} MB): ` +
          `${answer.status} in ${(answer.ms / 1000).toFixed(1)} s (${verdict ?? 'no verdict on the page'}); ` +
          `worker RSS ${(before / 1024).toFixed(0)} MiB before, peak ${(statusKiB(worker, 'VmHWM') / 1024).toFixed(0)} MiB so far`,
      );
      console.error(`  ${lines.at(-1)}`);
    }
  } finally {
    await stop(server);
  }
  console.log(
    [
      `CSV import bench: ${serverDir === root ? 'this checkout' : serverDir}, one worker, load ${os.loadavg()[0].toFixed(1)} at the end.`,
      ...lines,
    ].join('\n'),
  );
}

await main();
