/**
 * The production server as ops run it: `node server.js` on the Remix build (npm run build first; the test
 * command does). Health, readiness naming the failed dependency, configuration errors, and a graceful stop
 * that finishes the request in flight.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulators, type Emulators } from '@shared/local/emulators';
import { ensureLocalMetadataTable } from '@shared/local/metadata-table';

const root = path.resolve(__dirname, '..', '..');

async function freePort(): Promise<number> {
  const server = http.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function startServer(env: Record<string, string>, args: string[] = []): Promise<Started> {
  if (!fs.existsSync(path.join(root, 'build', 'index.js'))) throw new Error('No build: run `npm run build` first');
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['server.js', ...args], {
    cwd: root,
    env: {
      NODE_ENV: 'production',
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      PORT: String(port),
      WEB_CONCURRENCY: '1',
      LOG_LEVEL: 'warn',
      SEED_DEMO_DATA: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code: number | null) => resolve(code)));
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** One request as a client may send it: any method (fetch refuses TRACE) and any Host header. */
function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${url}${options.path}`,
      { method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

async function waitForHealth(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server at ${url} did not become healthy`);
}

describe('the production server', () => {
  let emulators: Emulators;
  let slowS3: http.Server;
  let slowS3Url: string;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'server-test-'));

  beforeAll(async () => {
    emulators = await startEmulators({ buckets: ['server-test-photos'] });
    await ensureLocalMetadataTable({
      region: 'us-east-1',
      endpoint: emulators.dynamodbEndpoint,
      tableName: 'server-test-metadata',
    });
    // An S3 stand-in that takes 1.5 s to answer: a request in flight while the server is told to stop.
    slowS3 = http.createServer((_req, res) => setTimeout(() => res.writeHead(200).end(), 1500)).listen(0, '127.0.0.1');
    await new Promise((resolve) => slowS3.once('listening', resolve));
    slowS3Url = `http://127.0.0.1:${(slowS3.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await emulators?.stop();
    slowS3?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const baseEnv = () => ({
    APP_ENV: 'local',
    DATA_DIR: dataDir,
    DYNAMODB_ENDPOINT: emulators.dynamodbEndpoint,
    DYNAMODB_TABLE: 'server-test-metadata',
    PHOTO_BUCKET: 'server-test-photos',
  });

  it('answers /healthz and /readyz with 200, with security headers and one JSON log line per request', async () => {
    const server = await startServer({ ...baseEnv(), S3_ENDPOINT: emulators.s3Endpoint, LOG_LEVEL: 'info' });
    try {
      await waitForHealth(server.url);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready' });
      // The search index is built from the database in the primary just after start; readiness reports it.
      let search: unknown;
      for (let tries = 0; tries < 50 && search !== 'ready'; tries += 1) {
        search = ((await (await fetch(`${server.url}/readyz`)).json()) as { search?: unknown }).search;
        if (search !== 'ready') await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(search).toBe('ready');
      const page = await fetch(`${server.url}/login`);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const lines = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toContainEqual(
        expect.objectContaining({ message: 'request', path: '/login', status: 200, method: 'GET' }),
      );
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('sends each page whole with its own nonce in the CSP and on its scripts, and still serves public files', async () => {
    const server = await startServer({ ...baseEnv(), S3_ENDPOINT: emulators.s3Endpoint });
    try {
      await waitForHealth(server.url);
      const nonces: string[] = [];
      // A URL no route matches too: its page has no root data, and its scripts still need the nonce.
      for (const [pagePath, status] of [
        ['/login', 200],
        ['/login', 200],
        ['/healthz-page', 200],
        ['/no/such/page', 404],
      ] as const) {
        // identity: with gzip (fetch asks for it) compression sends chunks without a length, as it should.
        const page = await fetch(`${server.url}${pagePath}`, { headers: { 'accept-encoding': 'identity' } });
        const html = await page.text();
        expect(page.status).toBe(status);
        // One body with its length, not a chunked stream (docs/decisions/313).
        expect(page.headers.get('content-length')).toBe(String(Buffer.byteLength(html)));
        const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(
          page.headers.get('content-security-policy')!,
        )?.[1];
        expect(nonce).toHaveLength(24);
        const scriptNonces = [...html.matchAll(/<script nonce="([^"]+)"/g)].map((match) => match[1]);
        expect(scriptNonces.length).toBeGreaterThan(0);
        expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
        nonces.push(nonce!);
        // helmet's whole set, worked out once at start (docs/decisions/312).
        expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(page.headers.get('referrer-policy')).toBe('same-origin');
        expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
        expect(page.headers.get('strict-transport-security')).toBeNull(); // http only locally
      }
      expect(new Set(nonces).size).toBe(nonces.length);
      // The page's catalogue, a script of its own kept for a year; an older name of it is answered, not kept
      // (docs/decisions/337-catalogue-as-a-cached-script.md).
      const german = await (await fetch(`${server.url}/login`, { headers: { 'accept-language': 'de' } })).text();
      const catalogue = /<script nonce="[^"]+" src="(\/locales\/de\.[0-9a-f]{16}\.js)"/.exec(german)?.[1];
      expect(catalogue).toBeDefined();
      const script = await fetch(`${server.url}${catalogue}`);
      expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await script.text()).toContain('"signIn.title":"Anmelden"');
      const older = await fetch(`${server.url}/locales/de.0123456789abcdef.js`);
      expect([older.status, older.headers.get('cache-control')]).toEqual([200, 'no-cache']);
      expect((await fetch(`${server.url}/locales/xx.0123456789abcdef.js`)).status).toBe(404);
      // public/'s own files still reach express.static (docs/decisions/311); other paths go to Remix.
      const icon = await fetch(`${server.url}/favicon.svg`);
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toContain('image/svg+xml');
      expect((await fetch(`${server.url}/favicon.txt`)).status).toBe(404);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('answers only at its own address (no PUBLIC_URL: http://HOST:PORT), health checks at any; refuses TRACE, cross-site posts and over-long bodies; pages are not cached, static files are; refusals, 404s and 405s are logged at info', async () => {
    const server = await startServer({ ...baseEnv(), S3_ENDPOINT: emulators.s3Endpoint, LOG_LEVEL: 'info' });
    try {
      await waitForHealth(server.url);
      const { port } = new URL(server.url);
      // A reset asked for through another host (with PUBLIC_URL unset, as locally and behind HOST=0.0.0.0).
      const elsewhere = await rawRequest(server.url, {
        method: 'POST',
        path: '/forgot-password',
        headers: { Host: 'evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'email=admin%40xyz.example',
      });
      expect(elsewhere.status).toBe(421);
      expect(elsewhere.body).toContain(`This server answers only at http://127.0.0.1:${port}`);
      expect((await rawRequest(server.url, { path: '/login', headers: { Host: `localhost:${port}` } })).status).toBe(
        421,
      );
      expect(
        (await rawRequest(server.url, { path: '/login', headers: { 'X-Forwarded-Host': 'evil.example' } })).status,
      ).toBe(421);
      // The load balancer's health check names the instance's own address.
      for (const path of ['/healthz', '/readyz']) {
        expect((await rawRequest(server.url, { path, headers: { Host: `10.0.1.23:${port}` } })).status, path).toBe(200);
      }

      const trace = await rawRequest(server.url, { method: 'TRACE', path: '/' });
      expect(trace.status).toBe(405);
      expect(trace.headers.allow).toBe('GET, HEAD, POST');
      const nullOrigin = await rawRequest(server.url, {
        method: 'POST',
        path: '/login',
        headers: { Origin: 'null', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'email=a%40xyz.example&password=x',
      });
      expect(nullOrigin.status).toBe(403);
      expect(nullOrigin.body).toContain('sent from another site');
      expect((await rawRequest(server.url, { path: '/no-such-page' })).status).toBe(404);
      expect((await rawRequest(server.url, { method: 'POST', path: '/employees' })).status).toBe(405);
      // A body declared over its path's limit is refused before the app reads it: a SCIM error under /scim/
      // (docs/decisions/112-public-routes-and-body-limits.md).
      const hugeScim = await rawRequest(server.url, {
        method: 'POST',
        path: '/scim/v2/Users',
        headers: { 'Content-Type': 'application/scim+json', 'Content-Length': String(2 * 1024 * 1024) },
        body: '{}',
      });
      expect(hugeScim.status).toBe(413);
      expect(hugeScim.headers['content-type']).toContain('application/scim+json');
      expect(JSON.parse(hugeScim.body)).toMatchObject({ status: '413' });
      const hugeForm = await rawRequest(server.url, {
        method: 'POST',
        path: '/login',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(2 * 1024 * 1024) },
        body: 'email=a',
      });
      expect(hugeForm.status).toBe(413);
      // A SCIM request's log line names the operation (and, with a token, the connection).
      expect((await rawRequest(server.url, { path: '/scim/v2/Schemas' })).status).toBe(401);

      const page = await fetch(`${server.url}/login`);
      expect(page.headers.get('cache-control')).toBe('private, no-store');
      const html = await page.text();
      const script = /"(\/build\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      expect((await fetch(`${server.url}${script}`)).headers.get('cache-control')).toBe(
        'public, max-age=31536000, immutable',
      );
      expect((await fetch(`${server.url}/favicon.svg`)).headers.get('cache-control')).toBe('public, max-age=3600');

      await new Promise((resolve) => setTimeout(resolve, 200));
      const lines = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.filter((line) => line.level !== 'info')).toEqual([]);
      expect(lines).toContainEqual(
        expect.objectContaining({ message: 'request', method: 'TRACE', status: 405, refused: 'method-not-allowed' }),
      );
      expect(lines).toContainEqual(
        expect.objectContaining({ message: 'request', path: '/login', status: 403, refused: 'cross-site-post' }),
      );
      expect(lines).toContainEqual(
        expect.objectContaining({ message: 'request', path: '/forgot-password', status: 421, refused: 'another-host' }),
      );
      expect(lines).toContainEqual(expect.objectContaining({ message: 'request', path: '/no-such-page', status: 404 }));
      expect(lines).toContainEqual(
        expect.objectContaining({ path: '/scim/v2/Users', status: 413, refused: 'body-too-large' }),
      );
      expect(lines).toContainEqual(
        expect.objectContaining({ path: '/scim/v2/Schemas', status: 401, scimOperation: 'Schemas.list' }),
      );
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('names the dependency that is down in a 503 from /readyz, while /healthz stays 200; a 5xx is logged at warn', async () => {
    const server = await startServer({ ...baseEnv(), S3_ENDPOINT: 'http://127.0.0.1:9', LOG_LEVEL: 'warn' });
    try {
      await waitForHealth(server.url);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', failed: 's3' });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/login`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // An operator at LOG_LEVEL=warn sees the request that failed, and not the ones that did not.
      const requests = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.message === 'request');
      expect(requests.map(({ level, path, status }) => ({ level, path, status }))).toEqual([
        { level: 'warn', path: '/readyz', status: 503 },
      ]);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it("caps each worker's heap at WORKER_HEAP_MB and leaves the primary's alone; bounds a worker's heap growth; a worker that has made no image has not loaded libvips", async () => {
    // docs/decisions/028-worker-heap-growth-bounded.md: V8 let a worker's old space grow to three or four times
    // what survives (416 MiB peak RSS in the bench); sharp's libvips is about 8 MiB more per process.
    const bundle = fs.readFileSync(path.join(root, 'build', 'index.js'), 'utf8');
    expect(bundle).not.toMatch(/^import\b[^;]*["']sharp["']/m);
    const server = await startServer({ ...baseEnv(), S3_ENDPOINT: emulators.s3Endpoint, WORKER_HEAP_MB: '200' });
    try {
      await waitForHealth(server.url);
      expect((await fetch(`${server.url}/login`)).status).toBe(200);
      const commandLine = (pid: number | string) =>
        fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const primary = server.child.pid!;
      const workers = fs
        .readFileSync(`/proc/${primary}/task/${primary}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter((pid) => commandLine(pid).some((arg) => arg.endsWith('server.js')));
      expect(workers).toHaveLength(1);
      expect(commandLine(workers[0])).toContain('--max-old-space-size=200');
      expect(commandLine(workers[0])).toContain('--heap-growing-percent=100');
      expect(fs.readFileSync(`/proc/${workers[0]}/maps`, 'utf8')).not.toContain('libvips');
      expect(commandLine(primary).some((arg) => arg.startsWith('--max-old-space-size'))).toBe(false);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('stops on a bad environment with a message naming the variable', async () => {
    const server = await startServer({ ...baseEnv(), PHOTO_MAX_BYTES: 'lots', S3_ENDPOINT: emulators.s3Endpoint });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PHOTO_MAX_BYTES');
  });

  it('on SIGTERM finishes the request in flight, refuses new ones and exits 0', async () => {
    const server = await startServer({ ...baseEnv(), S3_ENDPOINT: slowS3Url });
    await waitForHealth(server.url);
    const inFlight = fetch(`${server.url}/readyz`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await server.exited).toBe(0);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('loads the stand-in identity provider library only in the process that starts it, not in every worker', () => {
    // oidc-provider prints "WARNING: Unsupported runtime" on Node 20 as it loads: a top-level import in the one
    // server bundle printed it once per worker (measured: 3 times with 2 workers; 1 since).
    const bundle = fs.readFileSync(path.join(root, 'build', 'index.js'), 'utf8');
    expect(bundle).not.toMatch(/^import\b[^;]*["']oidc-provider["']/m);
    expect(bundle).toContain('await import("oidc-provider")');
  });
});
