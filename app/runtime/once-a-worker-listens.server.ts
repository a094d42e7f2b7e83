/**
 * Work the primary defers until the server answers: the embedded search index's first build is seconds of CPU at
 * 100,000 people, and the HTTP workers starting beside it took that much longer to answer /readyz
 * (docs/decisions/027-search-index-built-after-the-workers-listen.md).
 */
import cluster from 'node:cluster';

/** The cluster's events this needs (a test passes an EventEmitter). */
interface WorkerEvents {
  on(event: 'listening', listener: () => void): unknown;
  off(event: 'listening', listener: () => void): unknown;
}

/**
 * Runs `start` once: when the first HTTP worker of this primary listens, or after `latestMs`, whichever comes
 * first. Returns a function that cancels it if it has not run yet.
 */
export function onceAWorkerListens(start: () => void, latestMs: number, workers: WorkerEvents = cluster): () => void {
  let started = false;
  const begin = () => {
    if (started) return;
    started = true;
    cancel();
    start();
  };
  const timer = setTimeout(begin, latestMs);
  timer.unref();
  workers.on('listening', begin);
  function cancel() {
    clearTimeout(timer);
    workers.off('listening', begin);
  }
  return () => {
    started = true;
    cancel();
  };
}
