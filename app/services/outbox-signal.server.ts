/**
 * The outbox's wake-up: once a transaction that wrote events has committed, the subscribers of those events are
 * named here, and the primary's dispatch loops (event-dispatcher.server.ts) deliver at once instead of on their
 * next tick. An HTTP worker, which runs no dispatch, passes its wake-ups to the primary over the cluster channel
 * (the channel the search index uses, decision 007); the primary relays them into its own process.
 *
 * Only a hint: nothing is lost without it. The dispatch still ticks every second, so a wake-up that never
 * arrives (a worker whose channel is closing, a process that is not this server's) costs at most that second.
 */
import cluster, { type Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { z } from 'zod';

const NEW_EVENTS = 'outbox:new-events';

const wakeUpSchema = z.object({
  kind: z.literal(NEW_EVENTS),
  subscribers: z.array(z.string().max(100)).max(100),
});

const local = new EventEmitter();
local.setMaxListeners(0);

/** Names the subscribers of events that have just committed (domain-events.server.ts calls this). */
export function signalNewEvents(subscriberNames: readonly string[]): void {
  if (subscriberNames.length === 0) return;
  local.emit(NEW_EVENTS, subscriberNames);
  if (cluster.isWorker && process.send && process.connected) {
    // The callback swallows a send on a channel that is closing: the primary's tick delivers the events anyway.
    process.send({ kind: NEW_EVENTS, subscribers: [...subscriberNames] }, undefined, {}, () => {});
  }
}

/** Listens for wake-ups in this process (the primary's dispatch); returns how to stop listening. */
export function onNewEvents(listener: (subscriberNames: readonly string[]) => void): () => void {
  local.on(NEW_EVENTS, listener);
  return () => local.off(NEW_EVENTS, listener);
}

/** In the primary: the HTTP workers' wake-ups, relayed into this process. Returns how to stop. */
export function relayWorkerWakeUps(): () => void {
  const onMessage = (_worker: Worker, message: unknown) => {
    // The same channel carries every search of every worker: those are told apart before any parsing.
    if ((message as { kind?: unknown } | null)?.kind !== NEW_EVENTS) return;
    const parsed = wakeUpSchema.safeParse(message);
    if (parsed.success) local.emit(NEW_EVENTS, parsed.data.subscribers);
  };
  cluster.on('message', onMessage);
  return () => cluster.off('message', onMessage);
}
