/**
 * The load, in a process of its own (forked by the harness with `--import tsx`) so that it never shares a core's
 * event loop with the probes that time the server. autocannon drives the mixed traffic; a small retrying client
 * beside it shows what a client that retries an idempotent GET once would have seen.
 *
 * Protocol: the parent sends one LoadPlan; this process answers with one LoadResult and exits. A 'stop' message
 * ends the load early (the SIGTERM check stops it when the server has gone).
 */
import autocannon from 'autocannon';
import type { ConfirmedJoin } from './join-tokens';
import type { Editor } from './session';
import { trafficMix, type TrafficPlan } from './traffic';

export interface LoadPlan {
  baseUrl: string;
  connections: number;
  durationSeconds: number;
  cookie: string;
  profileIds: string[];
  editors: Editor[];
  photoFile: string;
  runId: string;
  /** A join link for each join the load may send (the harness mints them beforehand). */
  joins: ConfirmedJoin[];
  /** Concurrent loops of the retrying client (0: none). */
  retryingClients: number;
  /**
   * Instead of autocannon: this many clients that, like a load balancer's targets, stop sending once told the
   * server is going away ('stop'), and count every request they sent that got no full answer (the SIGTERM check).
   */
  politeClients?: number;
}

export interface LoadResult {
  requests: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requestsPerSecond: number;
  statusCounts: Record<string, number>;
  fiveHundreds: number;
  errors: number;
  timeouts: number;
  errorCodes: Record<string, number>;
  byKind: Record<string, Record<string, number>>;
  /** Latency of the answered requests of each kind (timeouts have none): where the tail comes from. */
  latencyByKind: Record<string, { count: number; p50: number; p99: number; max: number }>;
  acceptedJoinEmails: string[];
  retrying: {
    requests: number;
    retried: number;
    failedFirstTry: number;
    failedAfterRetry: number;
    /** Why attempts failed (an error's code, a status, or TimeoutError): a failure in CI explains itself. */
    causes: Record<string, number>;
  };
  polite: { requests: number; failed: number; failures: Record<string, number> };
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

function summarise(samples: Record<string, number[]>): LoadResult['latencyByKind'] {
  return Object.fromEntries(
    Object.entries(samples).map(([kind, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const max = sorted.at(-1) ?? 0;
      return [kind, { count: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max }];
    }),
  );
}

function count(map: Record<string, number>, key: string) {
  map[key] = (map[key] ?? 0) + 1;
}

async function retryingLoop(plan: LoadPlan, stopAt: () => boolean, tally: LoadResult['retrying']): Promise<void> {
  const paths = ['/employees', ...plan.profileIds.slice(0, 5).map((id) => `/employees/${id}`)];
  for (let i = 0; !stopAt(); i += 1) {
    const url = plan.baseUrl + paths[i % paths.length];
    tally.requests += 1;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const response = await fetch(url, { headers: { cookie: plan.cookie }, signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        if (response.status >= 500)
          throw Object.assign(new Error(`status ${response.status}`), { name: `status ${response.status}` });
        break;
      } catch (error) {
        const cause = (error as Error & { cause?: NodeJS.ErrnoException }).cause;
        count(tally.causes, `${attempt === 0 ? 'first' : 'retry'}: ${cause?.code ?? (error as Error).name}`);
        if (attempt === 0) {
          tally.failedFirstTry += 1;
          tally.retried += 1;
          // As an SDK's retry does, after a short pause: an immediate retry can be handed another pooled keep-alive
          // socket to the killed worker whose close this process has not read yet, a failure of the client's pool.
          await new Promise((resolve) => setTimeout(resolve, 250));
        } else tally.failedAfterRetry += 1;
      }
    }
  }
}

async function politeLoop(plan: LoadPlan, stopped: () => boolean, tally: LoadResult['polite']): Promise<void> {
  const paths = ['/employees', '/employees?q=an', ...plan.profileIds.slice(0, 5).map((id) => `/employees/${id}`)];
  for (let i = 0; !stopped(); i += 1) {
    tally.requests += 1;
    try {
      const response = await fetch(plan.baseUrl + paths[i % paths.length], {
        headers: { cookie: plan.cookie },
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      if (response.status >= 500) count(tally.failures, String(response.status));
    } catch (error) {
      const cause = (error as Error & { cause?: NodeJS.ErrnoException }).cause;
      count(tally.failures, cause?.code ?? (error as Error).name);
    }
  }
  tally.failed = Object.values(tally.failures).reduce((sum, n) => sum + n, 0);
}

async function runPolitely(plan: LoadPlan): Promise<LoadResult> {
  let stopped = false;
  process.on('message', (message) => {
    if (message === 'stop') stopped = true;
  });
  const polite = { requests: 0, failed: 0, failures: {} as Record<string, number> };
  const endsAt = Date.now() + plan.durationSeconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: plan.politeClients! }, () => politeLoop(plan, () => stopped || Date.now() >= endsAt, polite)),
  );
  polite.failed = Object.values(polite.failures).reduce((sum, n) => sum + n, 0);
  const seconds = (Date.now() - started) / 1000;
  return {
    requests: polite.requests,
    p50: 0,
    p90: 0,
    p99: 0,
    max: 0,
    requestsPerSecond: polite.requests / seconds,
    statusCounts: {},
    fiveHundreds: 0,
    errors: 0,
    timeouts: 0,
    errorCodes: {},
    byKind: {},
    latencyByKind: {},
    acceptedJoinEmails: [],
    retrying: { requests: 0, retried: 0, failedFirstTry: 0, failedAfterRetry: 0, causes: {} },
    polite,
  };
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  if (plan.politeClients) return runPolitely(plan);
  const byKind: Record<string, Record<string, number>> = {};
  const samples: Record<string, number[]> = {};
  const acceptedJoinEmails: string[] = [];
  const errorCodes: Record<string, number> = {};
  const context: TrafficPlan = {
    ...plan,
    onOutcome(kind, status, detail) {
      byKind[kind] ??= {};
      count(byKind[kind], String(status));
      if (detail?.ms !== undefined) (samples[kind] ??= []).push(detail.ms);
      if (kind === 'join' && detail?.acceptedEmail) acceptedJoinEmails.push(detail.acceptedEmail);
    },
  };
  const instance = autocannon({
    url: plan.baseUrl,
    connections: plan.connections,
    duration: plan.durationSeconds,
    timeout: 10,
    requests: trafficMix(context),
  });
  instance.on('reqError', (error: NodeJS.ErrnoException) => count(errorCodes, error.code ?? error.message));
  let stopped = false;
  process.on('message', (message) => {
    if (message === 'stop') {
      stopped = true;
      instance.stop();
    }
  });
  const retrying: LoadResult['retrying'] = {
    requests: 0,
    retried: 0,
    failedFirstTry: 0,
    failedAfterRetry: 0,
    causes: {},
  };
  const endsAt = Date.now() + plan.durationSeconds * 1000;
  const loops = Array.from({ length: plan.retryingClients }, () =>
    retryingLoop(plan, () => stopped || Date.now() >= endsAt, retrying),
  );
  const result = await instance;
  stopped = true;
  await Promise.all(loops);
  const statusCounts: Record<string, number> = {};
  let fiveHundreds = 0;
  for (const [status, { count: n }] of Object.entries(result.statusCodeStats ?? {}) as Array<
    [string, { count: number }]
  >) {
    statusCounts[status] = Number(n);
    if (Number(status) >= 500) fiveHundreds += Number(n);
  }
  return {
    requests: result.requests.total,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    requestsPerSecond: result.requests.average,
    statusCounts,
    fiveHundreds,
    errors: result.errors,
    timeouts: result.timeouts,
    errorCodes,
    byKind,
    latencyByKind: summarise(samples),
    acceptedJoinEmails,
    retrying,
    polite: { requests: 0, failed: 0, failures: {} },
  };
}

process.once('message', (plan: LoadPlan) => {
  run(plan).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
