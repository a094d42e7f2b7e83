/**
 * The wake-up and its safety net: a woken loop runs at once, a wake-up during a pass is not lost (one more pass
 * follows), and a loop never woken (the notification lost) still runs on its interval.
 */
import { describe, expect, it } from 'vitest';
import { startWakeableLoop } from './wakeable-loop';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function countingPass(ms = 0) {
  const state = { passes: 0, running: 0, mostAtOnce: 0 };
  const pass = async () => {
    state.running += 1;
    state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
    await sleep(ms);
    state.passes += 1;
    state.running -= 1;
  };
  return { state, pass };
}

describe('a wakeable loop', () => {
  it('runs a pass as soon as it is woken, long before its interval', async () => {
    const { state, pass } = countingPass();
    const loop = startWakeableLoop(pass, { intervalMs: 60_000, onError: () => {} });
    loop.wake();
    await sleep(20);
    expect(state.passes).toBe(1);
    await loop.stop();
  });

  it('runs one more pass after a pass during which it was woken, never two at once', async () => {
    const { state, pass } = countingPass(40);
    const loop = startWakeableLoop(pass, { intervalMs: 60_000, onError: () => {} });
    loop.wake();
    await sleep(10);
    loop.wake();
    loop.wake();
    await sleep(150);
    expect(state.passes).toBe(2);
    expect(state.mostAtOnce).toBe(1);
    await loop.stop();
  });

  it('still runs on its interval when the wake-up never comes (the safety net)', async () => {
    const { state, pass } = countingPass();
    const loop = startWakeableLoop(pass, { intervalMs: 30, onError: () => {} });
    await sleep(100);
    expect(state.passes).toBeGreaterThanOrEqual(2);
    await loop.stop();
  });

  it('reports a failed pass and carries on; stops after the pass under way', async () => {
    const errors: unknown[] = [];
    let passes = 0;
    const loop = startWakeableLoop(
      async () => {
        passes += 1;
        await sleep(30);
        if (passes === 1) throw new Error('store down');
      },
      { intervalMs: 60_000, onError: (error) => errors.push(error) },
    );
    loop.wake();
    await sleep(50);
    loop.wake();
    await sleep(5);
    await loop.stop();
    expect(passes).toBe(2);
    expect(errors).toHaveLength(1);
    loop.wake();
    await sleep(40);
    expect(passes).toBe(2);
  });
});
