// A prototype, for one measurement: server.js with its worker on @remix-run/node-fetch-server instead of Express
// (the primary unchanged), doing the same work per page request: request id, CSP nonce, the security headers, the
// front door, the default Cache-Control, the request's log line, gzip above 1 KB when asked. Static files are read
// from disk without caching headers' niceties: the bench asks for none. `npm run bench` with BENCH_ADAPTERS=1.
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
import { createRequestHandler as createFetchHandler } from '@remix-run/node';
import { createRequestListener } from '@remix-run/node-fetch-server';
import zlib from 'node:zlib';
import { promisify } from 'node:util';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.NODE_ENV ??= 'production';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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
  // A worker's heap may be capped (WORKER_HEAP_MB, docs/decisions/316): uncapped, V8 lets each one grow to 250-400 MiB
  // under load before collecting. The primary is never capped: it holds the local search index.
  if (env.WORKER_HEAP_MB > 0) {
    cluster.setupPrimary({ execArgv: [...process.execArgv, `--max-old-space-size=${env.WORKER_HEAP_MB}`] });
  }
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
    const refusal = door.check(req.method, (name) => req.get(name));
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

async function runWorker() {
  const platform = await runtime.getPlatform();
  let shuttingDown = false;
  const helmetHeaders = new Map();
  securityHeaders(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'script-src': ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'connect-src': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': env.APP_ENV === 'aws' ? [] : null,
        },
      },
      strictTransportSecurity: env.APP_ENV === 'aws' ? { maxAge: 31536000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'same-origin' },
    }),
  )(null, { locals: { cspNonce: '\u0000' }, setHeader: (name, value) => helmetHeaders.set(name, value) }, () => {});
  const fixed = [...helmetHeaders].filter(([, value]) => !String(value).includes('\u0000'));
  const withNonce = [...helmetHeaders]
    .filter(([, value]) => String(value).includes('\u0000'))
    .map(([name, value]) => [name, String(value).split('\u0000')]);
  const door = runtime.createFrontDoor(env);
  const publicDir = path.join(root, 'public');
  const publicFiles = new Set(
    fs
      .readdirSync(publicDir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => `/${e.name}`),
  );
  const remix = createFetchHandler(runtime.answerStoreOutagesWith503(build, log), 'production');
  const gzip = promisify(zlib.gzip);

  async function handle(request, client, url, cspNonce) {
    if (url.pathname === '/healthz') {
      return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
    }
    if (url.pathname === '/readyz') {
      const headers = { 'Cache-Control': 'no-store' };
      if (shuttingDown) return Response.json({ status: 'stopping' }, { status: 503, headers });
      const result = await runtime.checkReadiness(platform);
      if (result.ok) return Response.json({ status: 'ready', search: result.search }, { headers });
      return Response.json({ status: 'unavailable', failed: result.failed }, { status: 503, headers });
    }
    const refusal = door.check(request.method, (name) => request.headers.get(name));
    if (refusal) return new Response(refusal.text, { status: refusal.status, headers: refusal.headers });
    if (url.pathname.startsWith('/build/') || publicFiles.has(url.pathname)) {
      const file = path.join(publicDir, path.normalize(url.pathname));
      if (file.startsWith(publicDir) && fs.existsSync(file)) return new Response(fs.readFileSync(file));
    }
    return remix(request, { cspNonce, clientAddress: client.address });
  }

  const listener = createRequestListener(async (request, client) => {
    const started = process.hrtime.bigint();
    const url = new URL(request.url);
    const given = request.headers.get('x-request-id') ?? '';
    const requestId = /^[A-Za-z0-9-]{1,64}$/.test(given) ? given : crypto.randomUUID();
    const cspNonce = crypto.randomBytes(16).toString('base64');
    let response = await handle(request, client, url, cspNonce);
    const headers = new Headers(response.headers);
    if (shuttingDown) headers.set('Connection', 'close');
    headers.set('X-Request-Id', requestId);
    for (const [name, value] of fixed) headers.set(name, value);
    for (const [name, parts] of withNonce) headers.set(name, parts.join(cspNonce));
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', runtime.DEFAULT_CACHE_CONTROL);
    let body = response.body;
    const length = Number(headers.get('Content-Length') ?? 0);
    if (body && length >= 1024 && /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) {
      body = await gzip(Buffer.from(await response.arrayBuffer()));
      headers.set('Content-Encoding', 'gzip');
      headers.set('Content-Length', String(body.length));
      headers.append('Vary', 'Accept-Encoding');
    }
    response = new Response(body, { status: response.status, statusText: response.statusText, headers });
    const status = response.status;
    if (url.pathname !== '/healthz') {
      queueMicrotask(() =>
        (status >= 500 ? log.warn : log.info)('request', {
          requestId,
          method: request.method,
          path: url.pathname,
          status,
          durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          bytes: Number(headers.get('content-length') ?? 0) || undefined,
          ip: client.address,
        }),
      );
    }
    return response;
  });

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
    listener,
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
