/**
 * npm run bench:verdict [-- --runs 10 --trigger-delay-ms 0 --width 4000 --height 3000 --baseline-root DIR]
 *
 * How long a new employee waits for the face check's verdict, and HR for the workflow's findings, on the
 * production server (`node server.js`, two workers, the local emulators and the photo function in the primary,
 * SQLite, the real face model): each run joins through `/api/join` with a portrait (a sample face, upscaled to a
 * phone photo's size and given grain) and consent to the face check, then follows
 *
 *   person      `/api/photo-state` as the new employee (every 50 ms) until the upload is no longer processing:
 *               what the person's page learns on its next poll
 *   person page when the person's page would learn it: its first poll (components/photo-state-poll.ts's
 *               schedule, counted from the join's answer) at or after the moment above
 *   HR          the pending page (`/admin`) as the demo admin (every 100 ms, once the verdict is out) until the
 *               person's card shows the workflow's findings
 *
 * all from the moment the join is sent (the upload is in it). One warm-up run first loads the face model. After
 * each run the stores say when each step happened (the photo record, the outbox, the local workflow's history),
 * printed as the median time from the send to each. `--baseline-root` runs the same against another checkout's
 * build (a worktree of the commit before, with its own `npm run build`), first, so both sets of figures come
 * from one sitting. Prints the load average: the two cores are shared, and figures move with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryTypes } from 'sequelize';
import sharp from 'sharp';
import { z } from 'zod';
import { closeDatabase, openDatabase, type Database } from '~/db/database.server';
import { DEMO_ADMIN } from '~/local/seed.server';
import { findRunningEmulators } from '~/local/running-emulators.server';
import { PHOTO_STATE_POLL_DELAYS_MS } from '~/components/photo-state-poll';
import { FACE_CHECK_CONSENT_FIELD } from '~/utils/face-check-notice';
import { getPhoto } from '@shared/photo-records';
import { verificationExecutionName } from '@shared/contracts/verification-workflow';
import { createConfirmedJoinToken } from '@test-support/join-links';
import { PERSON_A, cropJpeg } from '@test-support/face-samples';

const ArgsSchema = z.object({
  runs: z.coerce.number().int().min(1).max(100).default(10),
  triggerDelayMs: z.coerce.number().int().min(0).max(60_000).default(0),
  width: z.coerce.number().int().min(200).max(8000).default(4000),
  height: z.coerce.number().int().min(200).max(8000).default(3000),
  baselineRoot: z.string().optional(),
});
type Args = z.infer<typeof ArgsSchema>;

function parseArgs(argv: string[]): Args {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (!name || argv[i + 1] === undefined)
      throw new Error(
        `usage: bench-verdict [--runs N] [--trigger-delay-ms MS] [--width W --height H] [--baseline-root DIR] (got ${argv.join(' ')})`,
      );
    raw[name] = argv[i + 1];
  }
  return ArgsSchema.parse(raw);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TABLE = 'bench-verdict-metadata';
const BUCKET = 'bench-verdict-photos';
const PERSON_POLL_MS = 50;
const HR_POLL_MS = 100;
const GIVE_UP_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A portrait the face check verifies, at a phone photo's size, with grain so that each run's bytes differ. */
async function portraitJpeg(width: number, height: number, seed: number): Promise<Buffer> {
  const grain = await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 6 + (seed % 5) },
    },
  })
    .png()
    .toBuffer();
  return sharp(await cropJpeg(PERSON_A))
    .resize(width, height, { fit: 'cover' })
    .composite([{ input: grain, blend: 'overlay' }])
    .jpeg({ quality: 92 })
    .toBuffer();
}

interface Server {
  url: string;
  dataDir: string;
  child: ChildProcess;
}

async function startServer(serverRoot: string, args: Args): Promise<Server> {
  if (!existsSync(path.join(serverRoot, 'build', 'index.js')))
    throw new Error(`${serverRoot}/build/index.js is missing: run \`npm run build\` there first`);
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-verdict-'));
  const child = spawn(process.execPath, ['server.js'], {
    cwd: serverRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_ENV: 'local',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      WEB_CONCURRENCY: '2',
      SEED_DEMO_DATA: 'true',
      DEMO_EMPLOYEE_COUNT: '20',
      LOCAL_PHOTO_TRIGGER_DELAY_MS: String(args.triggerDelayMs),
      PHOTO_MAX_BYTES: String(20 * 1024 * 1024),
      ALLOWED_EMAIL_DOMAINS: 'xyz.example',
      DYNAMODB_TABLE: TABLE,
      PHOTO_BUCKET: BUCKET,
      LOG_LEVEL: 'warn',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) })
      .then((response) => response.ok)
      .catch(() => false);
    if (ready) return { url, dataDir, child };
    if (Date.now() - started > 180_000) throw new Error('the server was not ready within 3 minutes');
    await sleep(250);
  }
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode === null) {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await Promise.race([exited, sleep(30_000)]);
  }
  rmSync(server.dataDir, { recursive: true, force: true });
}

function multipart(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }) {
  const boundary = `----bench${randomUUID()}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function signInAsAdmin(url: string): Promise<string> {
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password, redirectTo: '' }).toString(),
  });
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!cookie.includes('=')) throw new Error(`sign-in answered ${response.status} without a session cookie`);
  return cookie;
}

/** Milliseconds from the join's send to each step, as the stores recorded them. */
type Trace = Record<string, number | undefined>;

interface RunResult {
  person: number;
  personPage: number;
  hr: number;
  verdict: string;
  trace: Trace;
}

/** The person's page polls at these offsets from its load; the join's answer stands in for the load. */
function pageSeesAt(answeredMs: number, visibleMs: number): number {
  let at = answeredMs;
  for (const delay of PHOTO_STATE_POLL_DELAYS_MS) {
    at += delay;
    if (at >= visibleMs) return at;
  }
  return Number.POSITIVE_INFINITY;
}

async function oneRun(server: Server, context: RunContext, photo: Buffer): Promise<RunResult> {
  const email = `verdict-${randomUUID().slice(0, 12)}@xyz.example`;
  const token = await createConfirmedJoinToken(context.db, email);
  const { body, contentType } = multipart(
    {
      token,
      firstName: 'Vera',
      lastName: `Dict${randomUUID().slice(0, 6).replace(/\d/g, 'x')}`,
      workEmail: email,
      jobTitle: 'Analyst',
      department: 'Finance',
      password: 'a long bench password 2026',
      [FACE_CHECK_CONSENT_FIELD]: 'given',
    },
    { name: 'me.jpg', type: 'image/jpeg', bytes: photo },
  );
  let sentAt = 0;
  let joined: Response | undefined;
  // A store that did not answer in time (the machine overloaded) answers 503 and writes nothing: send it again.
  for (let attempt = 1; ; attempt += 1) {
    sentAt = Date.now();
    joined = await fetch(`${server.url}/api/join`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': contentType },
      body,
    });
    if (joined.status !== 503 || attempt === 5) break;
    console.log(`  (the join answered 503: ${await joined.text()}; sent again)`);
    await sleep(2_000);
  }
  const text = await joined.text();
  const answeredMs = Date.now() - sentAt;
  if (!joined.ok || !(JSON.parse(text) as { ok?: boolean }).ok)
    throw new Error(`join answered ${joined.status}: ${text}`);
  const cookie = (joined.headers.get('set-cookie') ?? '').split(';')[0]!;
  const [row] = await context.db.sequelize.query<{ id: string }>(
    'SELECT id FROM employees WHERE work_email_normalized = :email',
    { replacements: { email }, type: QueryTypes.SELECT },
  );
  if (!row) throw new Error('the joined employee is not in the database');
  const employeeId = row.id;

  let verdict = 'processing';
  let person = 0;
  while (verdict === 'processing') {
    if (Date.now() - sentAt > GIVE_UP_MS) throw new Error('no verdict within a minute');
    const response = await fetch(`${server.url}/api/photo-state?employee=${employeeId}`, { headers: { cookie } });
    // A 503 (a store slow to answer on the overloaded machine) is asked again, as the page does.
    const state = response.ok ? ((await response.json()) as { photos?: Array<{ state: string }> }) : {};
    if (!response.ok) await response.arrayBuffer();
    verdict = state.photos?.[0]?.state ?? 'processing';
    person = Date.now() - sentAt;
    if (verdict === 'processing') await sleep(PERSON_POLL_MS);
  }

  let hr = 0;
  for (;;) {
    if (Date.now() - sentAt > GIVE_UP_MS) throw new Error('no findings for HR within a minute');
    const html = await fetch(`${server.url}/admin`, { headers: { cookie: context.adminCookie } }).then((r) => r.text());
    hr = Date.now() - sentAt;
    if (cardHasFindings(html, employeeId)) break;
    await sleep(HR_POLL_MS);
  }
  return {
    person,
    personPage: pageSeesAt(answeredMs, person),
    hr,
    verdict,
    trace: { 'join answered': answeredMs, ...(await traceOf(context, employeeId, sentAt)) },
  };
}

function cardHasFindings(html: string, employeeId: string): boolean {
  const start = html.indexOf(`id="pending-${employeeId}"`);
  if (start < 0) return false;
  const next = html.indexOf('data-testid="pending-employee"', start);
  return html.slice(start, next < 0 ? undefined : next).includes('data-testid="workflow-findings"');
}

interface RunContext {
  db: Database;
  dynamo: DynamoDBDocumentClient;
  adminCookie: string;
}

/** When each step happened, from what the stores kept (the server's clock, the same machine's). */
async function traceOf(context: RunContext, employeeId: string, sentAt: number): Promise<Trace> {
  const since = (at: number | string | Date | null | undefined) =>
    at === null || at === undefined ? undefined : new Date(at).getTime() - sentAt;
  const events = await context.db.sequelize.query<{ type: string; occurred_at: string; delivered_at: string | null }>(
    `SELECT e.type, e.occurred_at, d.delivered_at FROM events e
       LEFT JOIN event_deliveries d ON d.event_seq = e.seq AND d.subscriber = 'verification-workflow'
      WHERE e.employee_id = :employeeId ORDER BY e.seq`,
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  const event = (type: RegExp) => events.find((row) => type.test(row.type));
  const created = event(/^employee\.created$/);
  const settled = event(/^employee\.photo-(ready|held|failed)$/);
  const history = await context.db.sequelize.query<{ state: string; entered_at: string; exited_at: string | null }>(
    'SELECT state, entered_at, exited_at FROM local_workflow_history WHERE execution_name = :name ORDER BY seq',
    { replacements: { name: verificationExecutionName(employeeId) }, type: QueryTypes.SELECT },
  );
  const step = (state: string) => history.find((entry) => entry.state === state);
  const [{ pendingPhotoId } = { pendingPhotoId: null }] = await context.db.sequelize.query<{
    pendingPhotoId: string | null;
  }>('SELECT COALESCE(pending_photo_id, photo_id) AS pendingPhotoId FROM employees WHERE id = :employeeId', {
    replacements: { employeeId },
    type: QueryTypes.SELECT,
  });
  const record = pendingPhotoId
    ? await getPhoto({ client: context.dynamo, tableName: TABLE }, { employeeId, photoId: pendingPhotoId })
    : null;
  return {
    'photo recorded': since(record?.createdAt),
    'created: workflow told': since(created?.delivered_at),
    'WaitForPhoto entered': since(step('WaitForPhoto')?.entered_at),
    'photo function done': since(record?.updatedAt),
    'photo settled (event)': since(settled?.occurred_at),
    'settled: workflow told': since(settled?.delivered_at),
    'WaitForPhoto exited': since(step('WaitForPhoto')?.exited_at),
    'AwaitHrDecision entered': since(step('AwaitHrDecision')?.entered_at),
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function benchOne(label: string, serverRoot: string, args: Args) {
  console.log(`\n== ${label} (${serverRoot}) ==`);
  const server = await startServer(serverRoot, args);
  try {
    const emulators = await findRunningEmulators(server.dataDir);
    if (!emulators) throw new Error('the server recorded no running emulators');
    const context: RunContext = {
      db: openDatabase({ sqliteFile: path.join(server.dataDir, 'employees.sqlite') }),
      dynamo: DynamoDBDocumentClient.from(
        new DynamoDBClient({
          region: process.env.AWS_REGION ?? 'eu-west-1',
          endpoint: emulators.dynamodbEndpoint,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
      ),
      adminCookie: await signInAsAdmin(server.url),
    };
    try {
      const photos = await Promise.all(
        Array.from({ length: args.runs + 1 }, (_, n) => portraitJpeg(args.width, args.height, n)),
      );
      console.log(
        `Photo: ${args.width}x${args.height} JPEG, ${(photos[0]!.length / 1024 / 1024).toFixed(1)} MiB; ` +
          `trigger delay ${args.triggerDelayMs} ms; load average before: ${load()}`,
      );
      const warm = await oneRun(server, context, photos[0]!);
      console.log(`  warm-up (face model loads): person ${warm.person} ms, HR ${warm.hr} ms (${warm.verdict})`);
      const results: RunResult[] = [];
      for (let n = 1; n <= args.runs; n += 1) {
        const result = await oneRun(server, context, photos[n]!);
        results.push(result);
        console.log(
          `  run ${n}: person ${result.person} ms (page ${result.personPage} ms), HR ${result.hr} ms (${result.verdict})`,
        );
      }
      const row = (name: string, values: number[]) =>
        `  ${name.padEnd(28)} p50 ${String(percentile(values, 50)).padStart(6)} ms   p90 ${String(percentile(values, 90)).padStart(6)} ms`;
      console.log(`Over ${results.length} runs (load average after: ${load()}):`);
      console.log(
        row(
          'upload -> verdict (API)',
          results.map((r) => r.person),
        ),
      );
      console.log(
        row(
          'upload -> verdict (page)',
          results.map((r) => r.personPage),
        ),
      );
      console.log(
        row(
          'upload -> HR sees findings',
          results.map((r) => r.hr),
        ),
      );
      // The load on the cores stretches the function itself; these leave it out: the waits the app adds after it.
      const afterFunction = (seen: (r: RunResult) => number) =>
        results.flatMap((r) => {
          const done = r.trace['photo function done'];
          return done === undefined ? [] : [seen(r) - done];
        });
      console.log(
        row(
          "function's write -> page",
          afterFunction((r) => r.personPage),
        ),
      );
      console.log(
        row(
          "function's write -> HR",
          afterFunction((r) => r.hr),
        ),
      );
      console.log('Median time from the send to each step (the stores record it):');
      for (const name of Object.keys(results[0]!.trace)) {
        const values = results.map((r) => r.trace[name]).filter((v): v is number => v !== undefined);
        if (values.length > 0) console.log(`  ${name.padEnd(28)} ${String(percentile(values, 50)).padStart(6)} ms`);
      }
      return results;
    } finally {
      await closeDatabase(context.db);
      context.dynamo.destroy();
    }
  } finally {
    await stopServer(server);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.baselineRoot) await benchOne('baseline', path.resolve(args.baselineRoot), args);
  await benchOne('this checkout', root, args);
}

await main();
