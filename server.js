// The production HTTP server: Express in front of the Remix build, one worker per CPU (node:cluster).
// `node server.js` serves; `node server.js migrate` runs the database migrations and exits;
// `node server.js search-reindex` rebuilds the search index (docs/decisions/007).
import cluster from 'node:cluster';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import compression from 'compression';
import helmet from 'helmet';
import { createRequestHandler } from '@remix-run/express';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.NODE_ENV ??= 'production';
const root = path.dirname(fileURLToPath(import.meta.url));
const build = await import(path.join(root, 'build', 'index.js'));
const runtime = build.entry.module.runtime;

let env;
try {
  env = runtime.getEnv();
} catch (error) {
  // The operator sees which variable is wrong, and the process stops before serving anything.
  console.error(error instanceof runtime.EnvError ? error.message : error);
  process.exit(1);
}
if (env.APP_ENV === 'local') process.env.AWS_EC2_METADATA_DISABLED ??= 'true';
const log = runtime.createLogger({ level: env.LOG_LEVEL, base: { pid: process.pid } });
const SHUTDOWN_GRACE_MS = 25_000;
const SHUTDOWN_DRAIN_MS = 1_500;
const WORKER_SEMI_SPACE_MB = 8;
const WORKER_HEAP_GROWING_PERCENT = 100;

if (process.argv[2] === 'migrate') {
  const applied = await runtime.runMigrations(env);
  log.info('migrations done', { applied });
  process.exit(0);
} else if (process.argv[2] === 'search-reindex') {
  // The same command as `npm run search:reindex`, from the bundle (an app instance has no tsx).
  try {
    console.log(await runtime.runSearchReindex(env));
    process.exit(0);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
} else if (cluster.isPrimary) {
  await runPrimary();
} else {
  await runWorker();
}

async function runPrimary() {
  const started = Date.now();
  const primary = await runtime.startPrimary(env);
  const count = env.WEB_CONCURRENCY || os.availableParallelism();
  let stopping = false;
  // A worker's young generation is at most 2 x 8 MiB (docs/decisions/025, 031): on a machine with many GB Node 24
  // gives it 2 x 64 MiB, all of it touched under load. With requests taking turns, 8 instead of 16 took about 15 MiB
  // off a worker's peak for CPU per request within the bench's noise.
  // After each full collection V8 lets a worker's old space grow to up to four times what survived before the next
  // one (its factor scales with the heap limit, large by default): 392-422 MiB peak RSS in the bench. Twice bounds
  // the growth without capping the heap, so a worker under overload still grows instead of crashing; 1.5 times cost
  // about 20% more CPU per request (docs/decisions/028-worker-heap-growth-bounded.md). Not the primary: it builds
  // the search index.
  const workerFlags = [
    `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`,
    `--heap-growing-percent=${WORKER_HEAP_GROWING_PERCENT}`,
  ];
  // A worker's heap may be capped (WORKER_HEAP_MB, docs/decisions/316): uncapped, V8 lets each one grow to 250-400 MiB
  // under load before collecting. The primary is never capped: it holds the local search index.
  if (env.WORKER_HEAP_MB > 0) workerFlags.push(`--max-old-space-size=${env.WORKER_HEAP_MB}`);
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...workerFlags] });
  const forkWorker = () => cluster.fork({ ...primary.workerEnv });
  for (let i = 0; i < count; i += 1) forkWorker();
  let listening = 0;
  cluster.on('listening', () => {
    listening += 1;
    if (listening === count) {
      log.info('ready', { url: `http://${env.HOST}:${env.PORT}`, workers: count, startupMs: Date.now() - started });
      if (env.APP_ENV === 'local' && env.SEED_DEMO_DATA) {
        console.log(
          `\n  Employee Profiles is running on http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}\n` +
            `  Demo admin sign-in: ${runtime.DEMO_ADMIN.email} / ${runtime.DEMO_ADMIN.password}\n` +
            `  Every other demo employee: <their email> / ${runtime.DEMO_EMPLOYEE_PASSWORD}\n`,
        );
      }
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log.error('worker exited; starting another', { workerPid: worker.process.pid, code, signal });
    forkWorker();
  });
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    const exits = Object.values(cluster.workers ?? {}).map(
      (worker) => new Promise((resolve) => (worker.isDead() ? resolve() : worker.once('exit', resolve))),
    );
    for (const worker of Object.values(cluster.workers ?? {})) worker.process.kill('SIGTERM');
    await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS + 2_000))]);
    await primary.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/**
 * helmet's headers, worked out once: helmet rebuilds every header on every request (the CSP from its directives,
 * for the nonce), which cost about 4% of a worker's CPU under load. Its middleware runs once here with a
 * placeholder nonce; each request gets the same headers with its own nonce in the placeholder's place
 * (docs/decisions/312).
 */
function securityHeaders(helmetMiddleware) {
  const placeholder = 'cspnonceplaceholder0000'; // never a real nonce: those are base64 of 16 random bytes (24 chars)
  const headers = new Map();
  const recorder = {
    locals: { cspNonce: placeholder },
    setHeader: (name, value) => headers.set(name, value),
    removeHeader: (name) => headers.delete(name),
    getHeader: (name) => headers.get(name),
  };
  let ran = false;
  helmetMiddleware({ method: 'GET', headers: {}, secure: false }, recorder, (error) => {
    if (error) throw error;
    ran = true;
  });
  if (!ran) throw new Error('helmet did not finish synchronously: the headers cannot be worked out once');
  const fixed = [...headers].filter(([, value]) => !String(value).includes(placeholder));
  const withNonce = [...headers]
    .filter(([, value]) => String(value).includes(placeholder))
    .map(([name, value]) => [name, String(value).split(placeholder)]);
  return (_req, res, next) => {
    for (const [name, value] of fixed) res.setHeader(name, value);
    for (const [name, parts] of withNonce) res.setHeader(name, parts.join(res.locals.cspNonce));
    next();
  };
}

/**
 * express.static looks on disk for every request it sees, so every page request paid a failed stat (and an
 * ENOENT error with its stack): about 5% of a worker's CPU. public/ holds a few files fixed at deploy time
 * (the bundles are under /build, served above), so only their paths reach it (docs/decisions/311).
 */
function publicFilesOnly(dir, serveStatic) {
  const files = new Set(
    fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `/${entry.name}`),
  );
  return (req, res, next) => (files.has(req.path) ? serveStatic(req, res, next) : next());
}

/**
 * The front door (app/runtime/front-door.server.ts): a request for another host, a method the app does not answer
 * or a cross-site POST is refused here with a short text; every answer after it that names no Cache-Control of its
 * own (pages, `.data`, resource routes) gets the default, `private, no-store`. Static files set theirs.
 */
function frontDoor(door, defaultCacheControl) {
  return (req, res, next) => {
    const refusal = door.check(req.method, (name) => req.get(name), req.path);
    if (refusal) {
      res.locals.refused = refusal.reason;
      return res.status(refusal.status).set(refusal.headers).send(refusal.text);
    }
    const writeHead = res.writeHead;
    res.writeHead = function writeHeadWithCacheControl(...args) {
      if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', defaultCacheControl);
      return writeHead.apply(this, args);
    };
    next();
  };
}

/**
 * A body declared larger than its path allows is refused before the app reads it (app/runtime/body-limits.server.ts):
 * a SCIM error under /scim/, a short text elsewhere; the connection is closed so the rest is not read either.
 */
function bodyLimits(limits) {
  return (req, res, next) => {
    const refusal = limits.check(req.path, req.get('content-type'), req.get('content-length'));
    if (!refusal) return next();
    res.locals.refused = 'body-too-large';
    return res.status(refusal.status).set(refusal.headers).send(refusal.text);
  };
}

async function runWorker() {
  const platform = await runtime.getPlatform();
  let shuttingDown = false;
  const app = express();
  app.disable('x-powered-by');
  if (env.APP_ENV === 'aws') app.set('trust proxy', 1); // the load balancer is the one proxy in front

  app.use((req, res, next) => {
    // While stopping, every response closes its connection: a keep-alive client then opens a new one (to another
    // worker or instance) instead of sending its next request on a socket this worker is about to close.
    if (shuttingDown) res.setHeader('Connection', 'close');
    const started = process.hrtime.bigint();
    const requestId = /^[A-Za-z0-9-]{1,64}$/.test(req.get('x-request-id') ?? '')
      ? req.get('x-request-id')
      : crypto.randomUUID();
    res.setHeader('X-Request-Id', requestId);
    res.locals.cspNonce = crypto.randomBytes(16).toString('base64');
    res.on('finish', () => {
      if (req.path === '/healthz') return;
      // A 5xx is a warning: an operator running at LOG_LEVEL=warn still sees which request failed and how slowly.
      // A 4xx (a refusal at the front door, a 404, a 405) is the client's doing: this info line is its one record.
      (res.statusCode >= 500 ? log.warn : log.info)('request', {
        requestId,
        method: req.method,
        path: req.path, // the path only: query strings may carry search terms or reset tokens
        status: res.statusCode,
        refused: res.locals.refused,
        // What the route added (the SCIM routes: the connection's name and the operation), never a personal value.
        ...res.locals.requestLog,
        durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        bytes: Number(res.getHeader('content-length') ?? 0) || undefined,
        ip: req.ip,
      });
    });
    next();
  });

  app.use(
    securityHeaders(
      helmet({
        contentSecurityPolicy: {
          useDefaults: true,
          directives: {
            'script-src': ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
            'style-src': ["'self'"],
            // blob: for the photo picker's preview of the chosen file (an object URL), and for nothing else.
            'img-src': ["'self'", 'data:', 'blob:'],
            // No blob: here: Chromium reports a connect-src violation only for a blob: image that fails to decode,
            // and the picker now decodes the file off-screen first and never shows one (components/photo-input.tsx).
            'connect-src': ["'self'"],
            'form-action': ["'self'"],
            'frame-ancestors': ["'none'"],
            'upgrade-insecure-requests': env.APP_ENV === 'aws' ? [] : null,
          },
        },
        strictTransportSecurity: env.APP_ENV === 'aws' ? { maxAge: 31536000, includeSubDomains: true } : false,
        crossOriginEmbedderPolicy: false,
        // helmet's default no-referrer makes Chromium send `Origin: null` on form posts, which fails the origin check.
        referrerPolicy: { policy: 'same-origin' },
      }),
    ),
  );
  app.use(compression());

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (shuttingDown) return res.status(503).json({ status: 'stopping' });
    const result = await runtime.checkReadiness(platform);
    if (result.ok) return res.json({ status: 'ready', search: result.search });
    log.warn('not ready', { failed: result.failed, error: result.error });
    return res.status(503).json({ status: 'unavailable', failed: result.failed });
  });

  // After the health checks, which answer whatever the Host (the load balancer's names the instance's address).
  app.use(frontDoor(runtime.createFrontDoor(env), runtime.DEFAULT_CACHE_CONTROL));
  app.use(bodyLimits(runtime.createBodyLimits(env)));
  // Each language's browser catalogue, a script named by its content (app/i18n/catalogue-asset.server.ts).
  app.get('/locales/:file', (req, res, next) => {
    const asset = runtime.catalogueAsset(req.path);
    if (!asset) return next();
    return res.set(asset.headers).send(asset.body);
  });
  app.use('/build', express.static(path.join(root, 'public', 'build'), { immutable: true, maxAge: '1y' }));
  app.use(publicFilesOnly(path.join(root, 'public'), express.static(path.join(root, 'public'), { maxAge: '1h' })));
  // The app's requests take turns, WORKER_REQUESTS_AT_ONCE at a time (docs/decisions/031): the health checks and
  // static files above never wait behind pages.
  app.all(
    '*',
    runtime.takeTurns(
      env.WORKER_REQUESTS_AT_ONCE,
      createRequestHandler({
        build: runtime.answerStoreOutagesWith503(build, log),
        mode: 'production',
        getLoadContext: (req, res) => ({
          cspNonce: res.locals.cspNonce,
          clientAddress: req.ip,
          requestLog: (res.locals.requestLog = {}),
        }),
      }),
    ),
  );

  const server = http.createServer(
    {
      keepAliveTimeout: 65_000, // longer than the load balancer's idle timeout (60 s)
      // A client trickling its headers or its upload is answered 408 and disconnected. Node (18+) times headers
      // from the request's first byte, not from the keep-alive idle time, so this may be shorter than the
      // keep-alive timeout. Node checks these only every connectionsCheckingInterval (30 s by default), which let
      // a stalled client hold its socket for up to half a minute past the limit: check every second.
      headersTimeout: env.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: env.HTTP_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: 1_000,
    },
    app,
  );
  server.listen(env.PORT, env.HOST);

  const stop = () => {
    if (shuttingDown) return;
    shuttingDown = true;
    // First a short drain: requests still arrive on open keep-alive sockets and are answered with
    // `Connection: close`, so no client has its next request reset by the close below (found by the resilience
    // harness: closing at once reset about one request in five hundred under load). Then stop accepting, let
    // requests in flight finish, close the sockets left idle, and leave.
    setTimeout(() => {
      server.close(async () => {
        await runtime.shutdownPlatform();
        process.exit(0);
      });
      // Keep-alive sockets become idle as their last response ends; close each as soon as it does.
      setInterval(() => server.closeIdleConnections(), 100).unref();
    }, SHUTDOWN_DRAIN_MS);
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', () => {}); // the primary decides; Ctrl-C reaches the whole group
  process.on('disconnect', stop); // the primary is gone
}
