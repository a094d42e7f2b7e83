/**
 * `npm run test:resilience`: the product's promises under load and faults, on the production server
 * (`node server.js`, all workers) against MariaDB, dynalite and s3rver each in a process of its own, driven by
 * autocannon from another process (loopback only, bounded in time and connections), signed in. Every check
 * prints its figures (and writes them to test-results/resilience-figures-node<major>.json).
 *
 * Durations: RESILIENCE_CONNECTIONS (50), RESILIENCE_SUSTAINED_SECONDS (60), RESILIENCE_OUTAGE_SECONDS (10),
 * RESILIENCE_WORKERS (one per CPU), RESILIENCE_DEMO_EMPLOYEES (30). Needs `npm run build` and `mariadbd`.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { writeTestJpeg } from '@test-support/photos';
import {
  JOIN_TOKENS_PER_LOAD_SECOND,
  loadJoinEmails,
  mintConfirmedJoins,
  probeJoinEmails,
  type ConfirmedJoin,
} from './join-tokens';
import type { LoadPlan, LoadResult } from './load-generator';
import { HANG_MS, INDEPENDENT_OF, PAGE_KINDS, probe, probeAll, type PageKind, type ProbeTarget } from './probes';
import { reconcile } from './reconcile';
import { signIn, signInEditors } from './session';
import { trickleBody, trickleHeaders } from './slow-client';
import { READINESS_NAME, Stack, waitUntil, type Store } from './stack';

const settings = z
  .object({
    RESILIENCE_CONNECTIONS: z.coerce.number().int().min(1).max(500).default(50),
    RESILIENCE_SUSTAINED_SECONDS: z.coerce.number().int().min(5).max(600).default(60),
    RESILIENCE_OUTAGE_SECONDS: z.coerce.number().int().min(2).max(120).default(10),
    RESILIENCE_WORKERS: z.coerce.number().int().min(1).max(16).default(os.availableParallelism()),
    RESILIENCE_DEMO_EMPLOYEES: z.coerce.number().int().min(5).max(500).default(30),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));

const root = path.resolve(__dirname, '..', '..');
const figures: Record<string, unknown> = {};
function report(check: string, values: Record<string, unknown>) {
  figures[check] = values;
  console.log(`[resilience] ${check}: ${JSON.stringify(values)}`);
}

// Server timeouts short enough for the slow-client check to see them act within the suite's time.
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** People editing their own profiles under load (the probes edit as yet another person). */
const EDITORS = 10;
/** How long after SIGTERM the SIGTERM check's clients stop sending (a load balancer's health check interval, shortened). */
const LOAD_BALANCER_NOTICES_MS = 1_000;

let stack: Stack;
let target: ProbeTarget;
let plan: Omit<LoadPlan, 'durationSeconds' | 'connections' | 'retryingClients' | 'joins'>;
/** Join links minted before the faults, for the loads to come (each load takes what its duration may use). */
let loadJoins: ConfirmedJoin[] = [];
const acceptedJoinEmails: string[] = [];

interface RunningLoad {
  result: Promise<LoadResult>;
  stop(): void;
}

function startLoad(
  durationSeconds: number,
  options: { connections?: number; retryingClients?: number; politeClients?: number } = {},
): RunningLoad {
  const child = fork(path.join(__dirname, 'load-generator.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const result = new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (message) => resolve(message as LoadResult));
    child.once('exit', (code) => reject(new Error(`the load generator exited with ${code} before reporting`)));
  });
  child.send({
    ...plan,
    joins: options.politeClients ? [] : loadJoins.splice(0, durationSeconds * JOIN_TOKENS_PER_LOAD_SECOND),
    durationSeconds,
    connections: options.connections ?? settings.RESILIENCE_CONNECTIONS,
    retryingClients: options.retryingClients ?? 0,
    politeClients: options.politeClients,
  } satisfies LoadPlan);
  void result.then((load) => acceptedJoinEmails.push(...load.acceptedJoinEmails)).catch(() => {});
  return { result, stop: () => child.connected && child.send('stop') };
}

/** One line for a failed load check: which kinds of request did not answer 200, and what the server logged. */
function whatWentWrong(load: LoadResult, serverProblems: { count: number; first: string[] }): string {
  const notOk = Object.fromEntries(
    Object.entries(load.byKind)
      .map(([kind, statuses]) => [kind, Object.fromEntries(Object.entries(statuses).filter(([s]) => s !== '200'))])
      .filter(([, statuses]) => Object.keys(statuses as object).length > 0),
  );
  return [
    `not 200 by kind ${JSON.stringify(notOk)}`,
    `client errors ${JSON.stringify(load.errorCodes)}`,
    `server logged ${serverProblems.count} warnings: ${serverProblems.first.join(' | ') || 'none'}`,
  ].join('; ');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long after a store's restart the harness keeps asking a page for an OK answer (the limit is 10 s of it). */
const RECOVERY_LIMIT_MS = 30_000;

/**
 * Asks for one kind of page until it answers OK, each try given until RECOVERY_LIMIT_MS after `since`: when its first
 * OK answer arrived (null: none did), and how each earlier try ended.
 */
async function firstOkAnswer(
  kind: PageKind,
  since: number,
): Promise<{ kind: PageKind; okAfterMs: number | null; failures: string[] }> {
  const failures: string[] = [];
  for (let left = RECOVERY_LIMIT_MS; left > 0; left = RECOVERY_LIMIT_MS - (Date.now() - since)) {
    const result = await probe(target, kind, { timeoutMs: left });
    if (result.outcome === 'ok') return { kind, okAfterMs: Date.now() - since, failures };
    failures.push(`${result.outcome} ${result.status ?? '-'} ${result.ms}ms`);
    await sleep(100);
  }
  return { kind, okAfterMs: null, failures };
}

async function readiness(): Promise<{ status: number; failed?: string }> {
  const response = await fetch(`${stack.serverUrl}/readyz`, { signal: AbortSignal.timeout(HANG_MS) });
  const body = (await response.json()) as { failed?: string };
  return { status: response.status, failed: body.failed };
}

describe('resilience of the production server', () => {
  beforeAll(async () => {
    if (!fs.existsSync(path.join(root, 'build', 'index.js'))) throw new Error('No build: run `npm run build` first');
    stack = await Stack.create({
      workDir: path.join(root, '.tmp', 'resilience'),
      workers: settings.RESILIENCE_WORKERS,
      demoEmployees: settings.RESILIENCE_DEMO_EMPLOYEES,
      serverEnv: {
        HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      },
    });
    const started = Date.now();
    await stack.startAll();
    const session = await signIn(stack);
    const photoFile = await writeTestJpeg({ width: 1200, height: 900 });
    const runId = Date.now().toString(36);
    // Every load's seconds: the sustained run, one outage per store, the retrying clients' 15 s.
    const loadSeconds = settings.RESILIENCE_SUSTAINED_SECONDS + 3 * (settings.RESILIENCE_OUTAGE_SECONDS + 25) + 15;
    loadJoins = await mintConfirmedJoins(
      stack.mysqlUrl,
      loadJoinEmails(runId, loadSeconds * JOIN_TOKENS_PER_LOAD_SECOND),
    );
    // The join probes: a few per check, and up to one every 100 ms while a page recovers (30 s at most, 3 stores).
    const probeJoins = await mintConfirmedJoins(stack.mysqlUrl, probeJoinEmails(1_200));
    target = { baseUrl: stack.serverUrl, photoFile, ...session, joins: probeJoins };
    plan = {
      baseUrl: stack.serverUrl,
      cookie: session.cookie,
      profileIds: session.profileIds,
      editors: await signInEditors(stack, EDITORS),
      photoFile,
      runId,
    };
    for (const kind of PAGE_KINDS) {
      const result = await probe(target, kind);
      if (result.outcome !== 'ok')
        throw new Error(`before any fault, ${kind} answered ${result.status} (${result.outcome}): ${result.detail}`);
    }
    report('setup', {
      node: process.version,
      workers: stack.workerPids().length,
      startupSeconds: (Date.now() - started) / 1000,
      // The machine may be shared: every latency figure below depends on it.
      loadAverage: os.loadavg().map((value) => Math.round(value * 10) / 10),
      ...settings,
    });
  }, 300_000);

  afterAll(async () => {
    await stack?.stopAll();
    fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'test-results', `resilience-figures-node${process.versions.node.split('.')[0]}.json`),
      JSON.stringify(figures, null, 2) + '\n',
    );
  }, 60_000);

  it(
    `sustained load: ${settings.RESILIENCE_CONNECTIONS} connections for ${settings.RESILIENCE_SUSTAINED_SECONDS} s, 0 errors, 0 5xx, p99 <= 5x p50 for each kind of request`,
    async () => {
      const logMark = stack.serverLogMark();
      const load = await startLoad(settings.RESILIENCE_SUSTAINED_SECONDS).result;
      const serverProblems = stack.serverProblemsSince(logMark);
      report('sustained', {
        requests: load.requests,
        requestsPerSecond: Math.round(load.requestsPerSecond),
        p50ms: load.p50,
        p90ms: load.p90,
        p99ms: load.p99,
        p99OverP50: Math.round((load.p99 / Math.max(1, load.p50)) * 10) / 10,
        maxMs: load.max,
        errors: load.errors,
        timeouts: load.timeouts,
        fiveHundreds: load.fiveHundreds,
        statuses: load.statusCounts,
        byKind: load.byKind,
        latencyByKind: load.latencyByKind,
        loadAverage: os.loadavg().map((value) => Math.round(value * 10) / 10),
        serverProblems,
        workerExitsSoFar: stack.workerExits(),
      });
      expect(load.requests).toBeGreaterThan(0);
      // CI's summary keeps one line of a failure: this one names the failed kinds and what the server logged.
      expect(
        { errors: load.errors, timeouts: load.timeouts, fiveHundreds: load.fiveHundreds },
        whatWentWrong(load, serverProblems),
      ).toEqual({ errors: 0, timeouts: 0, fiveHundreds: 0 });
      // Every kind of request did what the person asked (299 marks a 200 that did not say "saved"/"ok").
      for (const [kind, statuses] of Object.entries(load.byKind)) {
        expect({ kind, statuses: Object.keys(statuses) }).toEqual({ kind, statuses: ['200'] });
      }
      // The tail is judged per kind of request (decision 015): over the whole mix, p99 falls among the joins,
      // which cost several pages each by design (a memory-hard password hash, a photo upload), so p99/p50 of the
      // mix measures the mix. Printed above all the same: p99ms / p50ms.
      expect(Object.keys(load.latencyByKind).sort()).toEqual([
        'directory',
        'edit-extras',
        'edit-profile',
        'join',
        'profile',
        'search',
      ]);
      const tails = Object.entries(load.latencyByKind).map(([kind, { p50, p99 }]) => ({
        kind,
        p99WithinFiveTimesP50: p99 <= 5 * p50,
      }));
      expect(tails).toEqual(tails.map(({ kind }) => ({ kind, p99WithinFiveTimesP50: true })));
    },
    (settings.RESILIENCE_SUSTAINED_SECONDS + 60) * 1000,
  );

  for (const store of ['mariadb', 'dynamodb', 's3'] as const satisfies Store[]) {
    it(`${store} killed under load for ${settings.RESILIENCE_OUTAGE_SECONDS} s: /readyz names it within 5 s, no process exits, independent pages work, the others fail kindly, all answer within 10 s of the restart`, async () => {
      const workersBefore = stack.workerPids();
      const load = startLoad(settings.RESILIENCE_OUTAGE_SECONDS + 25, {
        connections: Math.max(1, Math.floor(settings.RESILIENCE_CONNECTIONS / 2)),
      });
      await sleep(3_000);
      await stack.kill(store);
      const killedAt = Date.now();
      const readyzNamesItMs = await waitUntil(
        `/readyz naming ${store}`,
        async () => {
          const ready = await readiness();
          return ready.status === 503 && ready.failed === READINESS_NAME[store];
        },
        15_000,
      );
      const during = await probeAll(target);
      const remaining = settings.RESILIENCE_OUTAGE_SECONDS * 1000 - (Date.now() - killedAt);
      if (remaining > 0) await sleep(remaining);
      const duringLate = await probeAll(target);
      await stack.start(store);
      const restartedAt = Date.now();
      const restartLogMark = stack.serverLogMark();
      // "Within 10 s of the restart everything answers again": each kind of page, asked again and again from the
      // restart on, each try given until RECOVERY_LIMIT_MS, gets an OK answer that arrives within 10 s of the restart
      // (decision 016). A join under this load takes 2-5 s; one started at 4 s and answered at 8 s has answered.
      const [recovery, readyAgainMs] = await Promise.all([
        Promise.all(PAGE_KINDS.map((kind) => firstOkAnswer(kind, restartedAt))),
        waitUntil('/readyz 200', async () => (await readiness()).status === 200, RECOVERY_LIMIT_MS).catch(() => null),
      ]);
      const answersAgainAfterMs = Object.fromEntries(recovery.map((r) => [r.kind, r.okAfterMs]));
      const recoveredMs = recovery.some((r) => r.okAfterMs === null)
        ? null
        : Math.max(...recovery.map((r) => r.okAfterMs!));
      // What each page answered before its first OK: a slow recovery says which page held it back, and how.
      const beforeOk = Object.fromEntries(
        recovery.filter((r) => r.failures.length > 0).map((r) => [r.kind, r.failures]),
      );
      load.stop();
      const loadResult = await load.result;
      const workersAfter = stack.workerPids();
      const serverProblemsAfterRestart = stack.serverProblemsSince(restartLogMark);
      report(`outage:${store}`, {
        readyzNamesItWithinMs: readyzNamesItMs,
        probesDuring: Object.fromEntries(during.map((r) => [r.kind, `${r.outcome} ${r.status ?? '-'} ${r.ms}ms`])),
        probesLate: Object.fromEntries(duringLate.map((r) => [r.kind, `${r.outcome} ${r.status ?? '-'} ${r.ms}ms`])),
        everythingAnswersAgainMs: recoveredMs,
        answersAgainAfterMs,
        answersBeforeOk: beforeOk,
        readyAgainMs,
        load: {
          requests: loadResult.requests,
          statuses: loadResult.statusCounts,
          errors: loadResult.errors,
          timeouts: loadResult.timeouts,
        },
        primaryExits: stack.primaryExits,
        workersReplaced: workersBefore.filter((pid) => !workersAfter.includes(pid)).length,
        workerExitsSoFar: stack.workerExits(),
        serverProblemsAfterRestart,
      });
      expect(readyzNamesItMs).toBeLessThanOrEqual(5_000);
      expect(stack.primaryExits).toBe(0);
      expect(workersAfter.sort()).toEqual(workersBefore.sort());
      for (const result of [...during, ...duringLate]) {
        const allowed = INDEPENDENT_OF[store].includes(result.kind) ? ['ok'] : ['ok', 'friendly-error'];
        expect({ kind: result.kind, outcome: result.outcome, allowed: allowed.includes(result.outcome) }).toMatchObject(
          {
            allowed: true,
          },
        );
      }
      const slowRecovery = `answers before the first OK: ${JSON.stringify(beforeOk)}; server logged after the restart ${
        serverProblemsAfterRestart.count
      } warnings: ${serverProblemsAfterRestart.first.join(' | ') || 'none'}`;
      expect(recoveredMs, slowRecovery).not.toBeNull();
      expect(recoveredMs!, slowRecovery).toBeLessThanOrEqual(10_000);
    }, 120_000);
  }

  it('slow clients (trickled headers, a trickled upload) hold no worker and are closed by the server timeouts', async () => {
    const clients = 20;
    const started = Date.now();
    const slow = [
      ...Array.from({ length: clients }, () => trickleHeaders(stack.serverUrl)),
      ...Array.from({ length: clients }, () => trickleBody(stack.serverUrl, '/api/join')),
    ];
    await sleep(1_500);
    const meanwhile = [];
    for (let i = 0; i < 5; i += 1) meanwhile.push(await probe(target, 'directory'));
    const closed = await Promise.all(slow);
    const headerClosures = closed.slice(0, clients).map((c) => c.closedAfterMs);
    const bodyClosures = closed.slice(clients).map((c) => c.closedAfterMs);
    report('slow-clients', {
      trickledHeaderConnections: clients,
      trickledUploadConnections: clients,
      directoryMeanwhileMs: meanwhile.map((r) => r.ms),
      headersClosedAfterMs: { min: Math.min(...headerClosures), max: Math.max(...headerClosures) },
      uploadsClosedAfterMs: { min: Math.min(...bodyClosures), max: Math.max(...bodyClosures) },
      uploadAnswers: [...new Set(closed.slice(clients).map((c) => c.response))],
      serverTimeouts: { headersMs: HEADERS_TIMEOUT_MS, requestMs: REQUEST_TIMEOUT_MS },
      totalMs: Date.now() - started,
    });
    for (const result of meanwhile)
      expect({ outcome: result.outcome, fast: result.ms < 2_000 }).toEqual({ outcome: 'ok', fast: true });
    for (const ms of headerClosures) expect(ms).toBeLessThanOrEqual(HEADERS_TIMEOUT_MS + 2_500);
    for (const ms of bodyClosures) expect(ms).toBeLessThanOrEqual(REQUEST_TIMEOUT_MS + 2_500);
  }, 60_000);

  it('kill -9 of one worker under load: the primary forks another; failures counted, none with one client retry', async () => {
    const logMark = stack.serverLogMark();
    const workersBefore = stack.workerPids();
    const load = startLoad(15, { connections: settings.RESILIENCE_CONNECTIONS - 10, retryingClients: 10 });
    await sleep(4_000);
    const victim = workersBefore[0]!;
    process.kill(victim, 'SIGKILL');
    const replacedMs = await waitUntil(
      'a new worker',
      async () => {
        const now = stack.workerPids();
        return now.length === workersBefore.length && !now.includes(victim);
      },
      15_000,
    );
    const loadResult = await load.result;
    const serverProblems = stack.serverProblemsSince(logMark);
    report('worker-kill', {
      replacedWithinMs: replacedMs,
      requests: loadResult.requests,
      failedWithoutRetry: loadResult.errors + loadResult.timeouts + loadResult.fiveHundreds,
      errorCodes: loadResult.errorCodes,
      retryingClient: loadResult.retrying,
      workerExitsSoFar: stack.workerExits(),
      serverProblems,
    });
    expect(stack.workerPids()).toHaveLength(workersBefore.length);
    expect(loadResult.retrying.requests).toBeGreaterThan(0);
    expect(
      loadResult.retrying.failedAfterRetry,
      `the retrying client's failures: ${JSON.stringify(loadResult.retrying.causes)}`,
    ).toBe(0);
    expect(loadResult.fiveHundreds, whatWentWrong(loadResult, serverProblems)).toBe(0);
  }, 60_000);

  it('afterwards the three stores reconcile: 0 lost, 0 half-written, every outbox message delivered once per subscriber', async () => {
    const check = () =>
      reconcile({
        mysqlUrl: stack.mysqlUrl,
        dynamodbEndpoint: stack.dynamodbEndpoint,
        s3Endpoint: stack.s3Endpoint,
        tableName: 'employee-metadata',
        bucket: 'employee-photos',
        acceptedJoinEmails,
      });
    let result = await check();
    // Photos still being processed (locally one at a time: decision 013; or redriven: app/services/photo-redrive.server.ts,
    // 30 s after their upload, every 15 s) and events still queued. A backlog that keeps shrinking is work in
    // progress, not loss: wait while it shrinks, and stop once nothing has settled for STALL_MS (a lost event
    // never settles) or after MAX_SETTLE_MS in all. The assertions below still demand that everything settled.
    const STALL_MS = 60_000;
    const MAX_SETTLE_MS = 480_000;
    const settleStarted = Date.now();
    const backlogAtStart = result.unsettledPhotos + result.undelivered;
    let lastProgressAt = settleStarted;
    let smallestBacklog = backlogAtStart;
    let settledMs: number | null = null;
    while (Date.now() - settleStarted < MAX_SETTLE_MS && Date.now() - lastProgressAt < STALL_MS) {
      result = await check();
      const backlog = result.unsettledPhotos + result.undelivered;
      if (backlog === 0) {
        settledMs = Date.now() - settleStarted;
        break;
      }
      if (backlog < smallestBacklog) {
        smallestBacklog = backlog;
        lastProgressAt = Date.now();
      }
      await sleep(1_000);
    }
    report('reconciliation', {
      ...result,
      acceptedJoins: acceptedJoinEmails.length,
      backlogAtStart,
      settledWithinMs: settledMs,
      stalledForMs: settledMs === null ? Date.now() - lastProgressAt : 0,
    });
    expect(acceptedJoinEmails.length).toBeGreaterThan(0);
    expect(result.lostJoins).toEqual([]);
    expect(result.halfWritten).toEqual([]);
    expect(result.orphanObjectsPastWindow).toBe(0);
    expect(result.recordsWithoutEmployeePastWindow).toBe(0);
    expect(result.unsettledDetails).toEqual([]);
    expect(result.subscribers.length).toBeGreaterThan(0);
    expect({
      missing: result.missingDeliveries,
      undelivered: result.undelivered,
      duplicates: result.duplicateMessages,
    }).toEqual({
      missing: 0,
      undelivered: 0,
      duplicates: 0,
    });
  }, 600_000);

  it('SIGTERM to the primary under load: 0 failed requests, the load stops cleanly, exit 0', async () => {
    // Clients that behave as a load balancer's targets do: once the instance is going away (its /readyz says
    // "stopping" and its answers say Connection: close; a load balancer takes about a health check to notice),
    // they send nothing new. Every request they did send must be answered in full.
    const load = startLoad(60, { politeClients: settings.RESILIENCE_CONNECTIONS });
    await sleep(4_000);
    const signalledAt = Date.now();
    const stopped = stack.stopServer('SIGTERM');
    await sleep(LOAD_BALANCER_NOTICES_MS);
    load.stop();
    const loadResult = await load.result;
    await stopped;
    const stoppedMs = Date.now() - signalledAt;
    report('sigterm', {
      stoppedWithinMs: stoppedMs,
      exitCode: stack.serverExitCode(),
      clients: settings.RESILIENCE_CONNECTIONS,
      requests: loadResult.requests,
      failed: loadResult.polite.failed,
      failures: loadResult.polite.failures,
      clientsStoppedAfterMs: LOAD_BALANCER_NOTICES_MS,
    });
    expect(stack.serverExitCode()).toBe(0);
    expect(loadResult.requests).toBeGreaterThan(0);
    expect(loadResult.polite.failures).toEqual({});
  }, 90_000);
});
