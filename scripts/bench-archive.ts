/**
 * `npm run bench:archive`: how long the personal archive ("My data") takes for a person with a photo history,
 * and how much memory the process needs while it streams. The person (test-support/photo-history.ts) has phone-
 * sized originals (BENCH_PHOTO_SIZE, default 4000x3000, noisy so that they weigh what a phone's photo does) with
 * six renditions each, plus one HR refused and one
 * pending, and the rest of a history (extras, activity, identity, session, emails, views), in the local stores
 * (SQLite, dynalite, s3rver, in this process). The archive is read to the end as a download would be, once per
 * BENCH_PHOTOS count (default "4,24": a typical person, and one with six times as many photos, to show that
 * memory does not grow with the archive). Prints one line per run and writes .tmp/bench-archive/results.json.
 *
 * Time: from the request (the sections read) to the archive's last byte. Memory: the process's resident set
 * sampled every 5 ms during the build, against the same just before it (after a GC; the npm script passes
 * --expose-gc), the heap's and Buffers' peaks, and how far the archive runs ahead of a reader that pauses for a
 * second (what a slow browser costs the server). The target is under 10 s for a typical person.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { streamPersonalArchive } from '~/services/personal-archive/build-archive.server';
import { addPersonWithHistory } from '@test-support/photo-history';
import { startTestPlatform } from '@test-support/platform';
import type { Platform } from '~/platform.server';

const options = z
  .object({
    BENCH_PHOTOS: z
      .string()
      .default('4,24')
      .transform((value) => value.split(',').map((count) => Number(count.trim())))
      .pipe(z.array(z.number().int().min(1).max(200)).min(1)),
    BENCH_PHOTO_SIZE: z
      .string()
      .default('4000x3000')
      .transform((value) => value.split('x').map(Number))
      .pipe(z.tuple([z.number().int().min(64).max(8000), z.number().int().min(64).max(8000)])),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));

/** Figures are in MiB (printed as MB). */
const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

interface Run {
  photos: number;
  files: number;
  photoMegabytes: number;
  archiveMegabytes: number;
  seconds: number;
  baselineRssMegabytes: number;
  peakRssMegabytes: number;
  peakRssGrowthMegabytes: number;
  peakHeapMegabytes: number;
  /** Node's Buffers (outside the heap): file chunks in flight, in the archive and in the in-process s3rver. */
  peakBuffersMegabytes: number;
  /** How far the archive runs ahead of a reader that stops after its first chunk (a slow browser): backpressure. */
  aheadOfPausedReaderMegabytes: number;
}

async function benchOnce(readyPhotos: number): Promise<Run> {
  const platform = await startTestPlatform({ photoTrigger: false });
  try {
    const [width, height] = options.BENCH_PHOTO_SIZE;
    // Ready photos: the current one and the earlier ones; the refused and pending ones come on top.
    const history = await addPersonWithHistory(platform, {
      earlierPhotos: readyPhotos - 1,
      photoWidth: width,
      photoHeight: height,
      noise: true,
    });
    gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    let peakBuffers = baseline.arrayBuffers;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
      peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
    }, 5);
    let bytes = 0;
    const started = performance.now();
    const archive = await streamPersonalArchive(platform, history.person.id);
    await pipeline(
      archive!,
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          done();
        },
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const runAhead = await bytesAheadOfPausedReader(platform, history.person.id);
    const photos = readyPhotos + 2;
    return {
      photos,
      files: 2 + photos + readyPhotos * 6,
      photoMegabytes: round(history.photoBytes / MB),
      archiveMegabytes: round(bytes / MB),
      seconds: round(seconds, 3),
      baselineRssMegabytes: round(baseline.rss / MB),
      peakRssMegabytes: round(peakRss / MB),
      peakRssGrowthMegabytes: round((peakRss - baseline.rss) / MB),
      peakHeapMegabytes: round(peakHeap / MB),
      peakBuffersMegabytes: round(peakBuffers / MB),
      aheadOfPausedReaderMegabytes: round(runAhead / MB),
    };
  } finally {
    await platform.close();
  }
}

/** Reads one chunk, stops for a second, and measures what the archive produced meanwhile; then reads the rest. */
async function bytesAheadOfPausedReader(platform: Platform, employeeId: string): Promise<number> {
  const archive = (await streamPersonalArchive(platform, employeeId)) as Readable & { pointer(): number };
  const first = await new Promise<number>((resolve) =>
    archive.once('data', (chunk: Buffer) => {
      archive.pause();
      resolve(chunk.length);
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const ahead = archive.pointer() - first;
  archive.resume();
  await finished(archive);
  return ahead;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function main() {
  if (!gc) console.warn('run with --expose-gc (npm run bench:archive does) for a steady baseline');
  const runs: Run[] = [];
  for (const readyPhotos of options.BENCH_PHOTOS) {
    const run = await benchOnce(readyPhotos);
    runs.push(run);
    console.log(
      `${run.photos} photos (${run.files} files, ${run.photoMegabytes} MB in the bucket) -> ` +
        `${run.archiveMegabytes} MB archive in ${run.seconds} s; RSS ${run.baselineRssMegabytes} MB before, ` +
        `peak ${run.peakRssMegabytes} MB (+${run.peakRssGrowthMegabytes} MB); heap peak ${run.peakHeapMegabytes} MB, ` +
        `buffers peak ${run.peakBuffersMegabytes} MB; ${run.aheadOfPausedReaderMegabytes} MB ahead of a paused reader` +
        (run.seconds < 10 ? '' : '  <- over the 10 s target'),
    );
  }
  const directory = path.join('.tmp', 'bench-archive');
  fs.mkdirSync(directory, { recursive: true });
  fs.writeFileSync(
    path.join(directory, 'results.json'),
    JSON.stringify({ at: new Date().toISOString(), photoSize: options.BENCH_PHOTO_SIZE, runs }, null, 2),
  );
  console.log(`results: ${path.join(directory, 'results.json')}`);
}

await main();
