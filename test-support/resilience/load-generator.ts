/**
 * The load, in a process of its own (forked by the harness with `--import tsx`) so that it never shares a core's
 * event loop with the probes that time the server. autocannon drives the mixed traffic; a small retrying client
 * beside it shows what a client that retries an idempotent GET once would have seen.
 *
 * Protocol: the parent sends one LoadPlan; this process answers with one LoadResult and exits. A 'stop' message
 * ends the load early (the SIGTERM check stops it when the server has gone).
 */
import autocannon from 'autocannon';
import { trafficMix, type TrafficPlan } from './traffic';

export interface LoadPlan {
  baseUrl: string;
  connections: number;
  durationSeconds: number;
  cookie: string;
  profileIds: string[];
  ownProfileForm: Record<string, string>;
  photoFile: string;
  runId: string;
  /** Concurrent loops of the retrying client (0: none). */
  retryingClients: number;
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
  acceptedJoinEmails: string[];
  retrying: { requests: number; retried: number; failedFirstTry: number; failedAfterRetry: number };
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
        if (response.status >= 500) throw new Error(`status ${response.status}`);
        break;
      } catch {
        if (attempt === 0) {
          tally.failedFirstTry += 1;
          tally.retried += 1;
        } else tally.failedAfterRetry += 1;
      }
    }
  }
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const byKind: Record<string, Record<string, number>> = {};
  const acceptedJoinEmails: string[] = [];
  const errorCodes: Record<string, number> = {};
  const context: TrafficPlan = {
    ...plan,
    onOutcome(kind, status, detail) {
      byKind[kind] ??= {};
      count(byKind[kind], String(status));
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
  const retrying = { requests: 0, retried: 0, failedFirstTry: 0, failedAfterRetry: 0 };
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
    acceptedJoinEmails,
    retrying,
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
