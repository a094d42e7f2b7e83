/**
 * `npm run bench:scim`: SCIM throughput on one worker (`node server.js`, WEB_CONCURRENCY=1, SQLite, 1,000
 * employees), measured by autocannon in its own process, keep-alive. Each request takes the next of a pool of
 * bearer tokens (BENCH_TOKENS, default 100): a token's rate limit, 50 requests a second
 * (docs/decisions/330-scim-tokens.md), bounds a provider's connection, and with one token per connection the
 * bench measured the limiter instead of the server (about half of 2,000 discovery requests/s were 429s). A 429
 * still counts as an error, so a figure with errors says the pool was too small.
 *
 * The operations, written against RFC 7644's request shapes:
 * - `discovery`: GET /ServiceProviderConfig, GET /Schemas (the product extension built from HR's fields);
 * - `users`: GET /Users?filter=userName eq "<a work email>", GET /Users/<id>, POST /Users (a new userName per
 *   request), PATCH /Users/<id> (replace title, as Entra ID sends it). The SCIM id is taken to be the employee id.
 *
 * Environment: BENCH_SCIM_OPS ("discovery,users" by default), BENCH_DURATION seconds (default 10),
 * BENCH_CONNECTIONS (default 20), BENCH_TOKENS (default 100), BENCH_PORT (default: a free port, so
 * that another server on a fixed one is never measured instead),
 * BENCH_EMPLOYEES (default 1000), BENCH_CUSTOM_FIELDS (HR's fields, default 10). Needs a fresh `npm run build`.
 * Prints requests/s, p50 and p99 per operation, and writes .tmp/bench-scim/results.json.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { closeDatabase, openDatabase } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { createScimToken } from '~/models/scim-tokens.server';
import { seedBenchData } from './bench-data';

const run = promisify(execFile);

const options = z
  .object({
    BENCH_SCIM_OPS: z
      .string()
      .default('discovery,users')
      .transform((value) => value.split(',').map((name) => name.trim()))
      .pipe(z.array(z.enum(['discovery', 'users'])).min(1)),
    BENCH_DURATION: z.coerce.number().int().min(1).max(600).default(10),
    BENCH_CONNECTIONS: z.coerce.number().int().min(1).max(500).default(20),
    BENCH_TOKENS: z.coerce.number().int().min(1).max(1000).default(100),
    BENCH_PORT: z.coerce.number().int().min(1024).max(65000).optional(),
    BENCH_EMPLOYEES: z.coerce.number().int().min(10).max(200_000).default(1000),
    BENCH_CUSTOM_FIELDS: z.coerce.number().int().min(0).max(200).default(10),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const workDir = path.join(root, '.tmp', 'bench-scim');

interface Operation {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  /** A body per request (POST needs a new userName each time); `n` counts the connection's requests. */
  body?: string;
  /** A new userName per request for POST: the load generator puts a counter where this placeholder is. */
  unique?: boolean;
}

function operations(sample: { id: string; workEmail: string }): Operation[] {
  const list: Operation[] = [];
  if (options.BENCH_SCIM_OPS.includes('discovery')) {
    list.push({ name: 'GET /ServiceProviderConfig', method: 'GET', path: '/ServiceProviderConfig' });
    list.push({ name: 'GET /Schemas', method: 'GET', path: '/Schemas' });
  }
  if (options.BENCH_SCIM_OPS.includes('users')) {
    list.push({
      name: 'GET /Users?filter=userName eq',
      method: 'GET',
      path: `/Users?filter=${encodeURIComponent(`userName eq "${sample.workEmail}"`)}`,
    });
    list.push({ name: 'GET /Users/<id>', method: 'GET', path: `/Users/${sample.id}` });
    list.push({
      name: 'POST /Users',
      method: 'POST',
      path: '/Users',
      unique: true,
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'bench-UNIQUE@xyz.example',
        active: true,
        displayName: 'Bench Person',
        name: { givenName: 'Bench', familyName: 'Person' },
        emails: [{ primary: true, type: 'work', value: 'bench-UNIQUE@xyz.example' }],
        title: 'Engineer',
        externalId: 'ext-UNIQUE',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Engineering' },
      }),
    });
    list.push({
      name: 'PATCH /Users/<id>',
      method: 'PATCH',
      path: `/Users/${sample.id}`,
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Replace', path: 'title', value: 'Senior Engineer' }],
      }),
    });
  }
  return list;
}

/**
 * The load generator, run as its own Node process (so it does not share the server's cores' scheduling with this
 * script): autocannon's API, each request with the next token of the pool, a fresh userName per POST.
 */
const LOAD_GENERATOR = `
import autocannon from ${JSON.stringify(path.join(root, 'node_modules', 'autocannon', 'autocannon.js'))};
const { url, tokens, connections, duration, operation } = JSON.parse(process.argv[1]);
let next = 0;
let unique = 0;
const result = await autocannon({
  url,
  connections,
  duration,
  requests: [{
    method: operation.method,
    setupRequest: (request) => {
      const headers = {
        ...request.headers,
        authorization: 'Bearer ' + tokens[next++ % tokens.length],
        'content-type': 'application/scim+json',
        accept: 'application/scim+json',
      };
      if (!operation.body) return { ...request, headers };
      const body = operation.unique ? operation.body.replaceAll('UNIQUE', process.pid + '-' + (unique++)) : operation.body;
      return { ...request, headers, body };
    },
  }],
});
process.stdout.write(JSON.stringify({
  rps: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
  statusCodes: result.statusCodeStats,
}));
`;

async function measure(operation: Operation, tokens: string[]) {
  const { stdout } = await run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      LOAD_GENERATOR,
      JSON.stringify({
        url: `${base}${operation.path}`,
        tokens,
        connections: options.BENCH_CONNECTIONS,
        duration: options.BENCH_DURATION,
        operation,
      }),
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as {
    rps: number;
    p50: number;
    p99: number;
    non2xx: number;
    errors: number;
    statusCodes: Record<string, { count: number }>;
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

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

async function freePort(): Promise<number> {
  const probe = http.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const port = options.BENCH_PORT ?? (await freePort());
const base = `http://127.0.0.1:${port}/scim/v2`;

fs.rmSync(workDir, { recursive: true, force: true });
fs.mkdirSync(workDir, { recursive: true });
const db = openDatabase({ sqliteFile: path.join(workDir, 'employees.sqlite') });
await migrateDatabase(db.sequelize);
await seedBenchData(db, options.BENCH_EMPLOYEES, { customFields: options.BENCH_CUSTOM_FIELDS });
const [sample] = await db.sequelize.query<{ id: string; workEmail: string }>(
  "SELECT id, work_email AS workEmail FROM employees WHERE status = 'active' ORDER BY id LIMIT 1",
  { type: QueryTypes.SELECT },
);
const tokens: string[] = [];
for (let i = 0; i < options.BENCH_TOKENS; i += 1) {
  const created = await createScimToken(db, {
    name: `bench ${i + 1}`,
    createdBy: null,
    expiresAt: new Date(Date.now() + 24 * 3_600_000),
  });
  tokens.push(created.token);
}
await closeDatabase(db);

const server = spawn(process.execPath, ['server.js'], {
  cwd: root,
  env: {
    ...process.env,
    NODE_ENV: 'production',
    APP_ENV: 'local',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: workDir,
    DATABASE_URL: '',
    WEB_CONCURRENCY: '1',
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const results: Array<{ name: string } & Awaited<ReturnType<typeof measure>>> = [];
try {
  await waitFor(`http://127.0.0.1:${port}/readyz`, 300_000);
  if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}): is port ${port} taken?`);
  console.error(
    `SCIM bench: one worker, SQLite, ${options.BENCH_EMPLOYEES} employees, ${options.BENCH_CUSTOM_FIELDS} HR fields, ` +
      `${options.BENCH_CONNECTIONS} connections, ${options.BENCH_TOKENS} tokens in turn, ${options.BENCH_DURATION} s per operation`,
  );
  for (const operation of operations(sample!)) {
    // A short first run warms the JIT, the token lookups and the connection pool.
    await measure(operation, tokens).catch(() => undefined);
    const measured = await measure(operation, tokens);
    results.push({ name: operation.name, ...measured });
    const codes = Object.entries(measured.statusCodes)
      .map(([code, { count }]) => `${count}×${code}`)
      .join(' ');
    console.log(
      `${operation.name.padEnd(32)} ${measured.rps.toFixed(0).padStart(6)} req/s  p50 ${measured.p50} ms  p99 ${measured.p99} ms  (${codes}${measured.errors ? `, ${measured.errors} errors` : ''})`,
    );
  }
} finally {
  await stop(server);
}
fs.writeFileSync(path.join(workDir, 'results.json'), JSON.stringify(results, null, 2));
