/**
 * Sends the pending webhook deliveries (docs/decisions/329-signed-webhooks.md), in the primary process. Each
 * delivery is claimed (so two instances never send the same one at once), signed with the endpoint's secrets in
 * force, sent to the address the target rules checked, and settled: delivered on a 2xx, otherwise tried again after
 * RETRY_DELAYS_MS, and failed after the last. At most `concurrency` attempts run at once and at most `perEndpoint`
 * for one endpoint, and the runner does not wait for a batch to finish before starting the next delivery: a slow or
 * failing receiver holds back no other.
 */
import type { Platform } from '~/platform.server';
import { privateTargetsAllowed } from '~/config/webhook-settings.server';
import {
  claimWebhookDelivery,
  listDueWebhookDeliveries,
  settleWebhookDelivery,
  type DeliveryOutcome,
  type WebhookDelivery,
} from '~/models/webhook-deliveries.server';
import { listWebhookEndpoints, type WebhookEndpoint } from '~/models/webhook-endpoints.server';
import { resolveTarget, systemResolver, TargetRefusedError, type Resolver } from './target-rules.server';
import { sendWebhook } from './send.server';
import { signedHeaders } from './signature.server';
import { secretsInForce } from './endpoint-secrets.server';

/** After the 1st, 2nd, ... failed attempt; after the last, the delivery has failed (about 5 hours in all). */
export const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** What the log keeps of an answer: a short line, control characters out. */
const LOGGED_ANSWER_CHARS = 200;

export function loggedAnswer(text: string): string | null {
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (!line) return null;
  return line.length > LOGGED_ANSWER_CHARS ? `${line.slice(0, LOGGED_ANSWER_CHARS - 1)}…` : line;
}

export interface DeliveryRunnerOptions {
  resolver?: Resolver;
  concurrency?: number;
  perEndpoint?: number;
  /** Deliveries read per look at the table. */
  batchSize?: number;
  now?: () => Date;
  /** Called whenever an attempt settles (the loop then looks for more at once rather than on its next tick). */
  onSettled?: () => void;
}

type RunnerPlatform = Pick<Platform, 'db' | 'env' | 'log'>;

export interface DeliveryRunner {
  /** Starts the due deliveries there is room for; resolves once they are started (not finished). */
  tick(): Promise<number>;
  /** Resolves when every started attempt has settled. */
  idle(): Promise<void>;
}

export function createDeliveryRunner(platform: RunnerPlatform, options: DeliveryRunnerOptions = {}): DeliveryRunner {
  const concurrency = options.concurrency ?? 16;
  const perEndpoint = options.perEndpoint ?? 4;
  const now = options.now ?? (() => new Date());
  const running = new Set<Promise<void>>();
  const byEndpoint = new Map<string, number>();
  const inFlight = new Set<number>();

  async function attempt(delivery: WebhookDelivery, endpoint: WebhookEndpoint): Promise<void> {
    const outcome = await attemptDelivery(platform, delivery, endpoint, { resolver: options.resolver, now: now() });
    await settleWebhookDelivery(platform.db, { id: delivery.id, attempts: delivery.attempts + 1 }, outcome);
    if (outcome.status === 'failed') {
      platform.log.warn('webhook delivery failed for good', {
        endpointId: endpoint.id,
        deliveryId: delivery.id,
        attempts: delivery.attempts + 1,
      });
    }
  }

  return {
    async tick() {
      if (running.size >= concurrency) return 0;
      const due = await listDueWebhookDeliveries(platform.db, now(), options.batchSize ?? 100);
      if (due.length === 0) return 0;
      const endpoints = new Map(
        (await listWebhookEndpoints(platform.db, { enabledOnly: true })).map((endpoint) => [endpoint.id, endpoint]),
      );
      let started = 0;
      for (const delivery of due) {
        if (running.size >= concurrency) break;
        const endpoint = endpoints.get(delivery.endpointId);
        const busy = byEndpoint.get(delivery.endpointId) ?? 0;
        // A disabled endpoint's deliveries were cancelled with it; one disabled meanwhile waits for "send again".
        if (!endpoint || busy >= perEndpoint || inFlight.has(delivery.id)) continue;
        const at = now();
        const leaseUntil = new Date(at.getTime() + platform.env.WEBHOOK_TIMEOUT_MS + 30_000);
        if (!(await claimWebhookDelivery(platform.db, delivery, at, leaseUntil))) continue;
        byEndpoint.set(delivery.endpointId, busy + 1);
        inFlight.add(delivery.id);
        const task = attempt(delivery, endpoint)
          .catch((error: unknown) =>
            platform.log.error('webhook delivery attempt broke', { deliveryId: delivery.id, error }),
          )
          .finally(() => {
            running.delete(task);
            inFlight.delete(delivery.id);
            byEndpoint.set(delivery.endpointId, (byEndpoint.get(delivery.endpointId) ?? 1) - 1);
            options.onSettled?.();
          });
        running.add(task);
        started += 1;
      }
      return started;
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

/** One attempt: resolve and check the target, sign, send, and say what the row becomes. */
export async function attemptDelivery(
  platform: Pick<Platform, 'env'>,
  delivery: WebhookDelivery,
  endpoint: WebhookEndpoint,
  options: { resolver?: Resolver; now: Date },
): Promise<DeliveryOutcome> {
  const attempts = delivery.attempts + 1;
  const retry = (statusCode: number | null, text: string): DeliveryOutcome => {
    const last = attempts >= MAX_ATTEMPTS;
    return {
      status: last ? 'failed' : 'pending',
      nextAttemptAt: last ? null : new Date(options.now.getTime() + RETRY_DELAYS_MS[attempts - 1]),
      statusCode,
      response: loggedAnswer(text),
      deliveredAt: null,
    };
  };
  const url = new URL(endpoint.url);
  let address;
  try {
    address = await resolveTarget(url, !privateTargetsAllowed(platform.env), options.resolver ?? systemResolver);
  } catch (error) {
    if (error instanceof TargetRefusedError) return retry(null, `Refused: ${error.message}`);
    throw error;
  }
  const secrets = await secretsInForce(platform.env, endpoint, options.now);
  const timestamp = Math.floor(options.now.getTime() / 1000);
  const result = await sendWebhook({
    url,
    address,
    headers: signedHeaders(secrets, delivery.eventId, timestamp, delivery.payload),
    body: delivery.payload,
    timeoutMs: platform.env.WEBHOOK_TIMEOUT_MS,
  });
  if (result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300) {
    return {
      status: 'delivered',
      nextAttemptAt: null,
      statusCode: result.statusCode,
      response: loggedAnswer(result.text),
      deliveredAt: options.now,
    };
  }
  if (result.statusCode !== null && result.statusCode >= 300 && result.statusCode < 400) {
    return retry(result.statusCode, `Redirect not followed. ${result.text}`);
  }
  return retry(result.statusCode, result.text);
}

/**
 * The primary's loop: a look every intervalMs, and another as soon as an attempt settles while there is work (so
 * a backlog drains at the receivers' pace, not one batch per interval); never two looks at once.
 */
export function startWebhookDelivery(
  platform: RunnerPlatform,
  options: DeliveryRunnerOptions & { intervalMs?: number } = {},
): { stop(): Promise<void> } {
  let stopped = false;
  let looking: Promise<unknown> | null = null;
  let again = false;
  const look = () => {
    if (stopped) return;
    if (looking) {
      again = true;
      return;
    }
    again = false;
    looking = runner
      .tick()
      .catch((error: unknown) => platform.log.error('webhook delivery round failed', { error }))
      .finally(() => {
        looking = null;
        if (again) look();
      });
  };
  const runner = createDeliveryRunner(platform, { ...options, onSettled: look });
  const timer = setInterval(look, options.intervalMs ?? 500);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await looking;
      await runner.idle();
    },
  };
}
