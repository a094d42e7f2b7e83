/**
 * The local trigger's queue: a burst of uploads runs the photo function at most `concurrency` at a time, every
 * upload is processed once it succeeds, and a failing invocation is retried (as Lambda's asynchronous
 * invocation is) without holding the queue.
 */
import { describe, expect, it } from 'vitest';
import type { S3rverObjectEvent } from '@shared/local/emulators';
import { silentLogger } from '@shared/logger';
import { startLocalPhotoTrigger, type PhotoRun } from './photo-trigger.server';

function s3rverEvent(key: string): S3rverObjectEvent {
  return {
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: 'employee-photos' }, object: { key, size: 10 } },
      },
    ],
  } as unknown as S3rverObjectEvent;
}

function fakeS3() {
  let listener: (event: S3rverObjectEvent) => void = () => {};
  return {
    onS3Event: (next: (event: S3rverObjectEvent) => void) => {
      listener = next;
    },
    put: (key: string) => listener(s3rverEvent(key)),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the local photo trigger', () => {
  it('runs a burst of 12 uploads one at a time, each once', async () => {
    const s3 = fakeS3();
    let running = 0;
    let mostAtOnce = 0;
    const processed: string[] = [];
    const run: PhotoRun = async (event) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(5);
      processed.push(event.Records[0]!.s3.object.key);
      running -= 1;
    };
    const trigger = startLocalPhotoTrigger(s3, { run, log: silentLogger, concurrency: 1 });
    const keys = Array.from({ length: 12 }, (_, i) => `originals/e${i}/p${i}.jpg`);
    keys.forEach((key) => s3.put(key));
    expect(trigger.backlog()).toEqual({ waiting: 11, running: 1 });
    await sleep(300);
    expect(mostAtOnce).toBe(1);
    expect(processed.sort()).toEqual([...keys].sort());
    expect(trigger.backlog()).toEqual({ waiting: 0, running: 0 });
  });

  it('keeps to a concurrency of 3, retries a failed invocation while the others go on, and tells of each photo done', async () => {
    const s3 = fakeS3();
    let running = 0;
    let mostAtOnce = 0;
    const attempts = new Map<string, number>();
    const run: PhotoRun = async (event) => {
      const key = event.Records[0]!.s3.object.key;
      attempts.set(key, (attempts.get(key) ?? 0) + 1);
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(5);
      running -= 1;
      if (key.includes('flaky') && attempts.get(key) === 1) throw new Error('DynamoDB was not answering');
    };
    // What wakes the photo watcher: once per photo the function finished, not for a failed invocation.
    let processed = 0;
    const trigger = startLocalPhotoTrigger(s3, {
      run,
      log: silentLogger,
      concurrency: 3,
      onProcessed: () => (processed += 1),
    });
    ['flaky', ...Array.from({ length: 8 }, (_, i) => `ok${i}`)].forEach((name) => s3.put(`originals/e/${name}.jpg`));
    await sleep(200);
    // The others finished while the flaky one waited for its retry (1 s).
    expect([...attempts.entries()].filter(([key]) => key.includes('ok')).length).toBe(8);
    expect(attempts.get('originals/e/flaky.jpg')).toBe(1);
    expect(processed).toBe(8);
    await sleep(1_200);
    expect(attempts.get('originals/e/flaky.jpg')).toBe(2);
    expect(processed).toBe(9);
    expect(mostAtOnce).toBe(3);
    expect(trigger.backlog()).toEqual({ waiting: 0, running: 0 });
  });

  it('drops an event for an object that is already waiting (a redrive of a photo still in line), not one running', async () => {
    const s3 = fakeS3();
    const runs: string[] = [];
    const run: PhotoRun = async (event) => {
      runs.push(event.Records[0]!.s3.object.key);
      await sleep(20);
    };
    const trigger = startLocalPhotoTrigger(s3, { run, log: silentLogger, concurrency: 1 });
    s3.put('originals/e/running.jpg');
    s3.put('originals/e/waiting.jpg');
    s3.put('originals/e/waiting.jpg');
    s3.put('originals/e/running.jpg');
    expect(trigger.backlog()).toEqual({ waiting: 2, running: 1 });
    await sleep(200);
    expect(runs).toEqual(['originals/e/running.jpg', 'originals/e/waiting.jpg', 'originals/e/running.jpg']);
  });
});
