/**
 * The production bundle (build/index.js, what `node server.js` serves) driven in-process through Remix's own
 * request handler, with the load context server.js gives it: no sockets, so thousands of hand-made requests take
 * seconds. The bundle's platform is the one its routes use (local mode: a fresh SQLite file or MariaDB database,
 * in-process dynalite and s3rver), so a test reads exactly what a request stored.
 *
 * One per test file: the bundle caches its environment and platform per process, and vitest gives each file its
 * own worker.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequestHandler, type ServerBuild } from '@remix-run/node';
import type { Platform } from '~/platform.server';
import type { Logger, LogLevel } from '@shared/logger';
import { createTestDatabase, type TestDialect } from '../databases';

const root = path.resolve(__dirname, '..', '..');
const buildFile = path.join(root, 'build', 'index.js');

export const APP_ORIGIN = 'http://people.test';

interface Runtime {
  getEnv(): unknown;
  getPlatform(): Promise<Platform>;
  runMigrations(env: unknown): Promise<string[]>;
  shutdownPlatform(): Promise<void>;
  answerStoreOutagesWith503(build: ServerBuild, log: Logger): ServerBuild;
  createFrontDoor(env: unknown): FrontDoor;
  DEFAULT_CACHE_CONTROL: string;
  createLogger(options: { level: LogLevel; write?: (line: string) => void }): Logger;
}

/** server.js's front door (app/runtime/front-door.server.ts), as the bundle exports it. */
interface FrontDoor {
  check(
    method: string,
    header: (name: string) => string | null,
    path?: string,
  ): { status: number; text: string; reason: string; headers: Record<string, string> } | null;
}

export interface AppUnderTest {
  build: ServerBuild;
  platform: Platform;
  /** What the outage wrapper logged (server.js's own logger, here at info), one parsed JSON line each. */
  servedLog: Array<Record<string, unknown>>;
  /** This app's temp directory (TMPDIR), where uploads are staged while a request reads them. */
  tempDir: string;
  /**
   * One request through the handler; `clientAddress` stands in for the socket address server.js passes on, and
   * `requestLog` for the fields server.js puts on the request's log line (what the route added is left in it).
   */
  fetch(
    request: Request,
    options?: { clientAddress?: string; requestLog?: Record<string, string | number | undefined> },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** Newest modification time of the files the bundle is built from. */
function newestSourceTime(directory: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(full));
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Fails with what to do when the bundle is missing or older than app/ or functions/shared/: a stale bundle
 * would test code that no longer exists.
 */
function assertFreshBuild(): void {
  if (!fs.existsSync(buildFile)) throw new Error('No build: run `npm run build` first (the test command does).');
  const built = fs.statSync(buildFile).mtimeMs;
  const sources = Math.max(
    newestSourceTime(path.join(root, 'app')),
    newestSourceTime(path.join(root, 'functions', 'shared')),
  );
  if (sources > built) throw new Error('The build is older than app/: run `npm run build` first.');
}

let started = false;

export async function startAppUnderTest(options: { dialect?: TestDialect } = {}): Promise<AppUnderTest> {
  if (started) throw new Error('One app under test per test file: the bundle keeps one platform per process.');
  started = true;
  assertFreshBuild();
  const previousTempDir = process.env.TMPDIR;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-under-test-'));
  const tempDir = path.join(dataDir, 'tmp');
  fs.mkdirSync(tempDir);
  // SQLite: the bundle's default file under DATA_DIR. MariaDB: a fresh database on TEST_MYSQL_URL's server.
  const database = options.dialect === 'mariadb' ? await createTestDatabase('mariadb') : null;
  Object.assign(process.env, {
    APP_ENV: 'local',
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    SEED_DEMO_DATA: 'false',
    PUBLIC_URL: APP_ORIGIN,
    DYNAMODB_TABLE: 'app-under-test',
    // Its own temp directory, so that a test can see an upload left behind (os.tmpdir() reads TMPDIR).
    TMPDIR: tempDir,
    PHOTO_BUCKET: 'app-under-test',
  });
  if (database?.config.url) process.env.DATABASE_URL = database.config.url;
  else delete process.env.DATABASE_URL;
  const build = (await import(/* @vite-ignore */ pathToFileURL(buildFile).href)) as ServerBuild & {
    entry: { module: { runtime: Runtime } };
  };
  const runtime = build.entry.module.runtime;
  await runtime.runMigrations(runtime.getEnv());
  const platform = await runtime.getPlatform();
  // Served as server.js serves it, store outages answered 503.
  const servedLog: Array<Record<string, unknown>> = [];
  const served = runtime.answerStoreOutagesWith503(
    build,
    runtime.createLogger({
      level: 'info',
      write: (line) => servedLog.push(JSON.parse(line) as Record<string, unknown>),
    }),
  );
  const handle = createRequestHandler(served, 'production');
  // server.js's front door, before the app and on its answers: another host, another method or a cross-site POST
  // refused, and the default Cache-Control on an answer that names none.
  const door = runtime.createFrontDoor(runtime.getEnv());
  return {
    build,
    platform,
    servedLog,
    tempDir,
    async fetch(request, { clientAddress = '127.0.0.1', requestLog = {} } = {}) {
      // Express always passes the Host header on (HTTP/1.1 requires it); Remix's own origin check needs it.
      if (!request.headers.has('host')) request.headers.set('host', new URL(request.url).host);
      const refusal = door.check(request.method, (name) => request.headers.get(name), new URL(request.url).pathname);
      if (refusal) return new Response(refusal.text, { status: refusal.status, headers: refusal.headers });
      const response = await handle(request, { cspNonce: 'test', clientAddress, requestLog });
      if (response.headers.has('cache-control')) return response;
      // A redirect's headers are immutable: the answer is copied with the default added.
      const headers = new Headers(response.headers);
      headers.set('Cache-Control', runtime.DEFAULT_CACHE_CONTROL);
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    },
    async close() {
      await runtime.shutdownPlatform();
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (previousTempDir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTempDir;
    },
  };
}
