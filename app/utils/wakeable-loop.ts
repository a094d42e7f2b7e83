/**
 * A background pass that runs every `intervalMs` and also at once when woken. A notification (a photo the local
 * function has just finished, an event just written to the outbox) wakes it; the interval stays as the safety net
 * for a notification that never comes (another process, a lost message), so a missed wake-up costs one interval,
 * never the work. One pass at a time: a wake-up during a pass runs one more pass right after it, so nothing that
 * arrived meanwhile waits for the next tick.
 */
export interface WakeableLoop {
  /** Runs a pass now, or right after the one under way. */
  wake(): void;
  /** Stops the ticks and wake-ups; resolves once the pass under way (if any) has finished. */
  stop(): Promise<void>;
}

export function startWakeableLoop(
  pass: () => Promise<unknown>,
  options: { intervalMs: number; onError: (error: unknown) => void },
): WakeableLoop {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const run = (): void => {
    if (stopped) return;
    running = pass()
      .then(
        () => undefined,
        (error: unknown) => options.onError(error),
      )
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  };

  const timer = setInterval(() => {
    // A tick during a pass is skipped, as before wake-ups existed: the next tick comes soon enough.
    if (!running) run();
  }, options.intervalMs);
  timer.unref();

  return {
    wake() {
      if (stopped) return;
      if (running) again = true;
      else run();
    },
    async stop() {
      stopped = true;
      again = false;
      clearInterval(timer);
      await running;
    },
  };
}
