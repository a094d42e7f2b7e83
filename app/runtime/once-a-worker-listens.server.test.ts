import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onceAWorkerListens } from './once-a-worker-listens.server';

describe('onceAWorkerListens', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for the first worker to listen, then runs once', () => {
    const workers = new EventEmitter();
    const start = vi.fn();
    onceAWorkerListens(start, 30_000, workers);
    vi.advanceTimersByTime(29_000);
    expect(start).not.toHaveBeenCalled();
    workers.emit('listening');
    workers.emit('listening');
    vi.advanceTimersByTime(60_000);
    expect(start).toHaveBeenCalledTimes(1);
    expect(workers.listenerCount('listening')).toBe(0);
  });

  it('runs after the longest wait when no worker ever listens', () => {
    const workers = new EventEmitter();
    const start = vi.fn();
    onceAWorkerListens(start, 30_000, workers);
    vi.advanceTimersByTime(30_000);
    expect(start).toHaveBeenCalledTimes(1);
    workers.emit('listening');
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('never runs once cancelled (the server stopping before a worker listened)', () => {
    const workers = new EventEmitter();
    const start = vi.fn();
    const cancel = onceAWorkerListens(start, 30_000, workers);
    cancel();
    workers.emit('listening');
    vi.advanceTimersByTime(60_000);
    expect(start).not.toHaveBeenCalled();
  });
});
