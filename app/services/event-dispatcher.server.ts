/**
 * Hands outbox events to their subscribers. Each subscriber has its own delivery rows, its own loop and its
 * own backoff: a slow or failing subscriber delays only itself, and a retry re-delivers to that subscriber
 * alone. Within one subscriber, an employee's events arrive in the order they were written: while an earlier
 * event of an employee is undelivered (failing, or waiting for its retry), that employee's later events wait.
 * Delivery is at least once; subscribers deduplicate on `eventId` or are idempotent.
 */
import type { Database } from '~/db/database.server';
import { employeeEventSchema, type EmployeeEvent } from '@shared/contracts/employee-events';
import { claimDelivery, listPendingDeliveries, markDelivered, recordDeliveryError } from '~/models/event-outbox.server';
import type { Logger } from '@shared/logger';
import { startWakeableLoop } from '~/utils/wakeable-loop';

export interface Subscriber {
  /** The name in app/services/subscriptions.ts; its delivery rows carry it. */
  name: string;
  handle(event: EmployeeEvent): Promise<void>;
}

export interface DispatchResult {
  delivered: number;
  failed: number;
}

/** Exponential backoff: 2 s, 4 s, 8 s ... capped at 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** attempts * 1000, 5 * 60 * 1000);
}

/** One pass over a subscriber's undelivered events. */
export async function dispatchToSubscriber(
  db: Database,
  subscriber: Subscriber,
  options: { now?: Date; batchSize?: number; onError?: (error: unknown, eventSeq: number) => void } = {},
): Promise<DispatchResult> {
  const now = options.now ?? new Date();
  const pending = await listPendingDeliveries(db, subscriber.name, options.batchSize ?? 50);
  const waiting = new Set<string>();
  const result: DispatchResult = { delivered: 0, failed: 0 };
  for (const delivery of pending) {
    if (waiting.has(delivery.employeeId)) continue;
    if (delivery.nextAttemptAt > now) {
      waiting.add(delivery.employeeId);
      continue;
    }
    const retryAt = new Date(now.getTime() + retryDelayMs(delivery.attempts + 1));
    if (!(await claimDelivery(db, delivery, retryAt))) {
      // Another dispatcher has it: this employee's later events must wait for that one.
      waiting.add(delivery.employeeId);
      continue;
    }
    try {
      const event = employeeEventSchema.parse(JSON.parse(delivery.body));
      await subscriber.handle(event);
      await markDelivered(db, delivery);
      result.delivered += 1;
    } catch (error) {
      result.failed += 1;
      waiting.add(delivery.employeeId);
      await recordDeliveryError(db, delivery, String((error as Error)?.message ?? error));
      options.onError?.(error, delivery.eventSeq);
    }
  }
  return result;
}

/** Every subscriber once, side by side (tests and scripts; the primary runs startEventDispatch). */
export async function dispatchEvents(
  db: Database,
  subscribers: Subscriber[],
  options: Parameters<typeof dispatchToSubscriber>[2] = {},
): Promise<Record<string, DispatchResult>> {
  const results = await Promise.all(
    subscribers.map(async (subscriber) => [subscriber.name, await dispatchToSubscriber(db, subscriber, options)]),
  );
  return Object.fromEntries(results);
}

/**
 * One loop per subscriber, each ticking on its own, so one subscriber's slow call never holds another. `wakeOn`
 * (the outbox's wake-up, outbox-signal.server.ts) runs a subscriber's pass as soon as an event for it commits;
 * the tick stays as the safety net for events whose wake-up never arrives.
 */
export function startEventDispatch(
  db: Database,
  subscribers: Subscriber[],
  log: Logger,
  options: {
    intervalMs?: number;
    wakeOn?: (listener: (subscriberNames: readonly string[]) => void) => () => void;
  } = {},
): { stop(): Promise<void> } {
  const loops = new Map(
    subscribers.map((subscriber) => [
      subscriber.name,
      startWakeableLoop(
        () =>
          dispatchToSubscriber(db, subscriber, {
            onError: (error, eventSeq) =>
              log.warn('event delivery failed; will retry', { subscriber: subscriber.name, eventSeq, error }),
          }).then((result) => {
            if (result.delivered > 0) log.info('events delivered', { subscriber: subscriber.name, ...result });
          }),
        {
          intervalMs: options.intervalMs ?? 1_000,
          onError: (error) => log.error('event dispatch failed', { subscriber: subscriber.name, error }),
        },
      ),
    ]),
  );
  const stopWaking = options.wakeOn?.((names) => {
    for (const name of names) loops.get(name)?.wake();
  });
  return {
    async stop() {
      stopWaking?.();
      await Promise.all([...loops.values()].map((loop) => loop.stop()));
    },
  };
}
