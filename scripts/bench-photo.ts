/**
 * npm run bench:photo [-- --photos 4 --e2e-runs 5]
 *
 * Measures the photo function on 12-megapixel (4000 x 3000) photo-like JPEGs, beside libvips' own
 * `vipsthumbnail` (Debian's libvips-tools) making the same six renditions from the same files:
 *
 *   sharp logic     inspectImage + makeRenditions on the original's bytes: S3 I/O excluded (files read first)
 *   handler e2e     record + PutObject + processS3Event against in-process s3rver and dynalite (emulators' cost included),
 *                   without the face check (photos recorded as not to be checked), then with it on 12 MP portraits
 *                   made from a sample photo shipped in @vladmandic/face-api: the real local model, and Rekognition
 *                   answered from recorded response shapes after ASSUMED per-call latencies (no AWS access here)
 *   vipsthumbnail   six runs per photo (96/256/512 x WebP/JPEG), square centre crops, metadata stripped
 *
 * Each side runs in its own child process, one photo at a time, so its peak memory is its own:
 * process.resourceUsage().maxRSS for the Node sides, GNU time's %M (the child's getrusage) for vipsthumbnail.
 * Then one 12 MP JPEG goes from upload to `ready` through the real Lambda handler (handler.ts), triggered by
 * s3rver's object-created event normalised to the S3 shape, as the local runtime does.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { PHOTO_MAX_INPUT_PIXELS } from '@shared/contracts/photo-limits';

const ArgsSchema = z.object({
  photos: z.coerce.number().int().min(1).max(20).default(4),
  e2eRuns: z.coerce.number().int().min(1).max(20).default(5),
  side: z
    .enum([
      'sharp',
      'handler',
      'handler-faces',
      'handler-rekognition',
      'vips',
      'vips-batch',
      'vips-largest',
      'latency',
      'latency-faces',
    ])
    .optional(),
  dir: z.string().optional(),
});
type Args = z.infer<typeof ArgsSchema>;

function parseArgs(argv: string[]): Args {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (!name || argv[i + 1] === undefined)
      throw new Error(`usage: bench-photo [--photos N] [--e2e-runs N] (got ${argv.join(' ')})`);
    raw[name] = argv[i + 1];
  }
  return ArgsSchema.parse(raw);
}

const WIDTH = 4000;
const HEIGHT = 3000;
const SIZES = [512, 256, 96] as const;

/**
 * A photo-like 12 MP JPEG: smooth colour fields, a soft bright disc and sensor-like noise, at quality 92, so it
 * weighs what a phone photo does (about 3-4 MB) rather than a flat test card's few hundred KB.
 */
async function makePhotoLikeJpeg(seed: number): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const raw = Buffer.alloc(WIDTH * HEIGHT * 3);
  let state = seed * 2654435761;
  const noise = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return (state >>> 24) / 255 - 0.5;
  };
  const cx = WIDTH * (0.4 + 0.05 * seed);
  const cy = HEIGHT * 0.45;
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const i = (y * WIDTH + x) * 3;
      const d = Math.hypot(x - cx, y - cy) / 1400;
      const face = d < 1 ? 1 - d * d : 0; // a bright soft disc, like a face in a portrait
      const wave = Math.sin(x / (180 + seed * 20)) * Math.cos(y / 230);
      raw[i] = clamp(90 + 60 * wave + 120 * face + 30 * noise());
      raw[i + 1] = clamp(80 + 40 * Math.sin((x + y) / 500 + seed) + 90 * face + 30 * noise());
      raw[i + 2] = clamp(120 - 50 * wave + 40 * face + 30 * noise());
    }
  }
  return sharp(raw, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}
const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

/** A 12 MP portrait: one face (a crop of a sample photo), upscaled and given sensor-like grain, at quality 92. */
async function makePortraitJpeg(seed: number): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const { PERSON_A, cropJpeg } = await import('@test-support/face-samples');
  const grain = await sharp({
    create: {
      width: WIDTH,
      height: HEIGHT,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 6 + seed },
    },
  })
    .png()
    .toBuffer();
  return sharp(await cropJpeg(PERSON_A))
    .resize(WIDTH, HEIGHT, { fit: 'cover' })
    .composite([{ input: grain, blend: 'overlay' }])
    .jpeg({ quality: 92 })
    .toBuffer();
}

const listPhotos = (dir: string, prefix = 'photo-') =>
  readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.jpg'))
    .sort()
    .map((f) => path.join(dir, f));

interface SideResult {
  side: string;
  photos: number;
  seconds: number;
  photosPerSecond: number;
  peakRssMiB: number;
  /** The side's own high-water mark before its first photo (imports, files in memory, emulators started). */
  startRssMiB?: number;
  note: string;
}

// ---- children -------------------------------------------------------------------------------------------

async function runSharpSide(dir: string): Promise<SideResult> {
  const { inspectImage, makeRenditions } = await import('../functions/photo-processor/renditions');
  const limits = { maxInputPixels: PHOTO_MAX_INPUT_PIXELS };
  const files = listPhotos(dir).map((f) => readFileSync(f)); // S3 I/O excluded: bytes in memory first
  const startRss = ownPeakRssKiB();
  await makeRenditions(files[0], limits); // warm-up: library load and first-use costs, as in a warm Lambda
  const start = performance.now();
  for (const original of files) {
    await inspectImage(original, limits);
    const outputs = await makeRenditions(original, limits);
    if (outputs.length !== 6) throw new Error('expected six renditions');
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    ...result(
      'sharp logic (S3 I/O excluded)',
      files.length,
      seconds,
      ownPeakRssKiB(),
      'inspect + 6 renditions, in process',
    ),
    startRssMiB: startRss / 1024,
  };
}

type FaceMode = 'none' | 'face-api' | 'rekognition';

/** The face check's dependencies for a bench side: the real local model, or Rekognition on recorded answers. */
async function benchFaces(mode: FaceMode) {
  const { FACE_CHECK_DEFAULTS } = await import('@shared/faces/face-check-settings');
  const { createFaceApiVerifier, loadFaceModel } = await import('@shared/faces/face-api-verifier');
  if (mode !== 'rekognition') {
    // Loaded before timing starts, as in a warm Lambda or the local runtime after its first photo.
    if (mode === 'face-api') await loadFaceModel();
    return {
      verifier: createFaceApiVerifier({
        maxMatchDistance: FACE_CHECK_DEFAULTS.FACE_MATCH_MAX_DISTANCE,
        minSecondDetectorScore: FACE_CHECK_DEFAULTS.FACE_MIN_SECOND_DETECTOR_SCORE,
      }),
      settings: FACE_CHECK_DEFAULTS,
    };
  }
  const { createRekognitionVerifier } = await import('@shared/faces/rekognition-verifier');
  const recorded = await import('@shared/faces/rekognition-recorded-responses');
  const answers: Record<string, [unknown, number]> = {
    DetectFacesCommand: [recorded.DETECT_ONE_FACE, recorded.ASSUMED_LATENCY_MS.DetectFaces],
    DetectLabelsCommand: [recorded.LABELS_ONE_PERSON, recorded.ASSUMED_LATENCY_MS.DetectLabels],
    IndexFacesCommand: [recorded.INDEX_ONE_FACE, recorded.ASSUMED_LATENCY_MS.IndexFaces],
    SearchFacesByImageCommand: [recorded.SEARCH_MATCHES_STORED_FACE, recorded.ASSUMED_LATENCY_MS.SearchFacesByImage],
    DeleteFacesCommand: [{ DeletedFaces: [] }, recorded.ASSUMED_LATENCY_MS.DeleteFaces],
  };
  // Recorded response shapes, answered after the assumed latency: what the function's own work costs around them.
  const client = {
    send: async (command: { constructor: { name: string } }) => {
      const [answer, ms] = answers[command.constructor.name];
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { $metadata: {}, ...(answer as object) };
    },
  } as never;
  return {
    verifier: createRekognitionVerifier({
      client,
      collectionId: 'bench-faces',
      minSimilarity: FACE_CHECK_DEFAULTS.FACE_MATCH_MIN_SIMILARITY,
      minPersonConfidence: FACE_CHECK_DEFAULTS.FACE_MIN_PERSON_CONFIDENCE,
    }),
    settings: FACE_CHECK_DEFAULTS,
  };
}

async function runHandlerSide(dir: string, mode: FaceMode): Promise<SideResult> {
  const { startLocalAws } = await import('@test-support/aws-emulators');
  const { processS3Event } = await import('../functions/photo-processor/process-photo');
  const { recordUploadedPhoto, getPhoto } = await import('@shared/photo-records');
  const { originalKey } = await import('@shared/contracts/s3-keys');
  const { encodeS3Key } = await import('@shared/contracts/s3-event');
  const aws = await startLocalAws();
  try {
    const deps = { s3: aws.s3, table: aws.table, faces: await benchFaces(mode) };
    const files = listPhotos(dir, mode === 'none' ? 'photo-' : 'face-').map((f) => readFileSync(f));
    const startRss = ownPeakRssKiB();
    const once = async (body: Buffer) => {
      const ids = { employeeId: randomUUID(), photoId: randomUUID() };
      await recordUploadedPhoto(aws.table, { ...ids, faceCheckPolicy: mode === 'none' ? 'demo-not-checked' : 'check' });
      const key = originalKey(ids.employeeId, ids.photoId);
      await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body }));
      const event = {
        Records: [
          { eventName: 'ObjectCreated:Put', s3: { bucket: { name: aws.bucket }, object: { key: encodeS3Key(key) } } },
        ],
      };
      const [outcome] = await processS3Event(event, deps);
      const record = await getPhoto(aws.table, ids);
      if (outcome.status !== 'ready' || record?.state !== 'ready') throw new Error(`not ready: ${outcome.status}`);
      const expected = mode === 'none' ? 'not-checked' : 'verified';
      if (record.faceCheck?.outcome !== expected)
        throw new Error(`face check ${record.faceCheck?.outcome}, expected ${expected}`);
    };
    await once(files[0]); // warm-up
    const start = performance.now();
    for (const body of files) await once(body);
    const seconds = (performance.now() - start) / 1000;
    return {
      ...result(
        {
          none: 'handler, no face check',
          'face-api': 'handler + face check, local model',
          rekognition: 'handler + Rekognition (recorded)',
        }[mode],
        files.length,
        seconds,
        ownPeakRssKiB(),
        {
          none: 'upload, record, read, 6 renditions written, ready; emulators in the same process',
          'face-api':
            'the same on 12 MP portraits, plus detect + landmarks + descriptor (face-api, tfjs wasm) and crop on the face',
          rekognition:
            'the same on 12 MP portraits; DetectFaces + IndexFaces answered from recorded shapes after ASSUMED latencies',
        }[mode],
      ),
      startRssMiB: startRss / 1024,
    };
  } finally {
    await aws.stop();
  }
}

const VIPS_OUTPUTS = SIZES.flatMap((size) => [
  { size, ext: 'webp', q: 80 },
  { size, ext: 'jpg', q: 82 },
]);

/** Runs vipsthumbnail under GNU time; returns its peak RSS in KiB (time's %M, from wait4's rusage). */
function vipsthumbnail(files: string[], size: number, output: string): number {
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', 'vipsthumbnail', ...files, '--size', `${size}x${size}`, '--smartcrop', 'centre', '-o', output],
    {
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`vipsthumbnail failed: ${run.stderr}`);
  const lines = run.stderr.trim().split('\n');
  return Number(lines[lines.length - 1]);
}

/**
 * vipsthumbnail makes one size and format per run. `perPhoto`: six runs for each photo, as a per-upload job would.
 * Otherwise six runs in all, each over every photo, so the process start (about 0.1 s for Debian's libvips) is shared.
 */
async function runVipsSide(dir: string, perPhoto: boolean): Promise<SideResult> {
  const out = mkdtempSync(path.join(tmpdir(), 'bench-vips-out-'));
  const files = listPhotos(dir, 'photo-');
  let peakKiB = 0;
  const batch = (inputs: string[]) => {
    for (const { size, ext, q } of VIPS_OUTPUTS) {
      // %s is the input's base name: photo-0-512.webp and so on
      peakKiB = Math.max(peakKiB, vipsthumbnail(inputs, size, path.join(out, `%s-${size}.${ext}[Q=${q},strip]`)));
    }
  };
  batch([files[0]]); // warm-up (page cache)
  peakKiB = 0;
  const start = performance.now();
  if (perPhoto) for (const file of files) batch([file]);
  else batch(files);
  const seconds = (performance.now() - start) / 1000;
  const outputs = readdirSync(out).length;
  rmSync(out, { recursive: true, force: true });
  if (outputs !== files.length * 6)
    throw new Error(`vipsthumbnail made ${outputs} files, expected ${files.length * 6}`);
  return perPhoto
    ? result(
        'vipsthumbnail, 6 runs per photo',
        files.length,
        seconds,
        peakKiB,
        'a process per output; each run decodes with shrink-on-load; peak of any one run',
      )
    : result(
        'vipsthumbnail, 6 runs over all photos',
        files.length,
        seconds,
        peakKiB,
        'a process per size and format, over all photos; peak of any one run',
      );
}

/**
 * The issue-14 yardstick: vipsthumbnail making only the largest rendition (512 px WebP, square centre crop,
 * stripped) of each photo, in one process over all photos, so its start-up is shared (the strictest fair case:
 * libvips' own shrink-on-load and nothing else). The function must make all six in at most 1.5x this time.
 */
async function runVipsLargestSide(dir: string): Promise<SideResult> {
  const out = mkdtempSync(path.join(tmpdir(), 'bench-vips-largest-'));
  const files = listPhotos(dir, 'photo-');
  const largest = Math.max(...SIZES);
  const once = () => vipsthumbnail(files, largest, path.join(out, `%s-${largest}.webp[Q=80,strip]`));
  once(); // warm-up (page cache)
  const start = performance.now();
  const peakKiB = once();
  const seconds = (performance.now() - start) / 1000;
  rmSync(out, { recursive: true, force: true });
  return result(
    'vipsthumbnail, largest rendition only',
    files.length,
    seconds,
    peakKiB,
    `one process over all photos, ${largest} px WebP only (libvips shrink-on-load); the 1.5x yardstick`,
  );
}

/** Upload to `ready` through the real Lambda handler, triggered by s3rver's event as the local runtime does. */
async function runLatency(dir: string, runs: number, faces: boolean) {
  const { startLocalAws } = await import('@test-support/aws-emulators');
  const { recordUploadedPhoto, getPhoto } = await import('@shared/photo-records');
  const { normaliseS3rverEvent } = await import('@shared/local/s3rver-event');
  const { silentLogger } = await import('@shared/logger');
  const { originalKey } = await import('@shared/contracts/s3-keys');
  const aws = await startLocalAws({ tableName: 'bench-metadata' });
  const { createPhotoHandler } = await import('../functions/photo-processor/handler');
  // The handler's JSON log lines would interleave with the figures.
  const handler = createPhotoHandler({
    s3: aws.s3,
    table: aws.table,
    faces: await benchFaces(faces ? 'face-api' : 'none'),
    log: silentLogger,
  });
  const pending = new Map<string, Promise<unknown>>();
  aws.onS3Event((raw) => {
    const event = normaliseS3rverEvent(raw);
    const key = decodeURIComponent(event.Records[0].s3.object.key.replace(/\+/g, ' '));
    pending.set(key, handler(event));
  });
  try {
    const file = readFileSync(listPhotos(dir, faces ? 'face-' : 'photo-')[0]);
    const timings: number[] = [];
    for (let i = 0; i < runs; i++) {
      const ids = { employeeId: randomUUID(), photoId: randomUUID() };
      await recordUploadedPhoto(aws.table, { ...ids, faceCheckPolicy: faces ? 'check' : 'demo-not-checked' });
      const key = originalKey(ids.employeeId, ids.photoId);
      const start = performance.now();
      await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: file }));
      await pending.get(key);
      const record = await getPhoto(aws.table, ids);
      const ms = performance.now() - start;
      if (record?.state !== 'ready' || record.renditions.length !== 6)
        throw new Error(`photo not ready: ${record?.state}`);
      if (faces && record.faceCheck?.outcome !== 'verified')
        throw new Error(`not verified: ${record.faceCheck?.outcome}`);
      timings.push(ms);
    }
    return { bytes: file.length, timings };
  } finally {
    await aws.stop();
  }
}

/**
 * This process's own RSS high-water mark. Not resourceUsage().maxRSS: Linux carries the parent's high-water
 * mark into a child across fork+exec, so a child of a big parent would report the parent's peak.
 */
function ownPeakRssKiB(): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!match) throw new Error('VmHWM not found in /proc/self/status');
  return Number(match[1]);
}

function result(side: string, photos: number, seconds: number, maxRssKiB: number, note: string): SideResult {
  return { side, photos, seconds, photosPerSecond: photos / seconds, peakRssMiB: maxRssKiB / 1024, note };
}

// ---- parent -----------------------------------------------------------------------------------------------

const self = fileURLToPath(import.meta.url);

function runChild(args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, self, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench child ${args.join(' ')} exited with ${code}`));
      const line = out.trim().split('\n').pop() ?? '';
      resolve(JSON.parse(line));
    });
  });
}

function requireTool(file: string, install: string) {
  if (!existsSync(file)) throw new Error(`${file} is missing: install it with \`${install}\``);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.side) {
    const dir = z.string().parse(args.dir);
    const out =
      args.side === 'sharp'
        ? await runSharpSide(dir)
        : args.side === 'handler'
          ? await runHandlerSide(dir, 'none')
          : args.side === 'handler-faces'
            ? await runHandlerSide(dir, 'face-api')
            : args.side === 'handler-rekognition'
              ? await runHandlerSide(dir, 'rekognition')
              : args.side === 'vips-largest'
                ? await runVipsLargestSide(dir)
                : args.side === 'vips' || args.side === 'vips-batch'
                  ? await runVipsSide(dir, args.side === 'vips')
                  : await runLatency(dir, args.e2eRuns, args.side === 'latency-faces');
    process.stdout.write(`\n${JSON.stringify(out)}\n`);
    return;
  }

  requireTool('/usr/bin/vipsthumbnail', 'apt-get install -y libvips-tools');
  requireTool('/usr/bin/time', 'apt-get install -y time');
  const { default: sharp } = await import('sharp');
  const vipsVersion = spawnSync('vipsthumbnail', ['--vips-version'], { encoding: 'utf8' }).stdout.trim();

  // --dir keeps the generated photos there (and reuses them on the next run); by default they go to a temp dir.
  const dir = args.dir ?? mkdtempSync(path.join(tmpdir(), 'bench-photo-'));
  mkdirSync(dir, { recursive: true });
  try {
    console.log(`Generating ${args.photos} photo-like ${WIDTH}x${HEIGHT} JPEGs...`);
    for (const name of readdirSync(dir))
      if (/^photo-\d+\.jpg$/.test(name) && Number(name.slice(6, -4)) >= args.photos) rmSync(path.join(dir, name));
    for (let i = 0; i < args.photos; i++) {
      const file = path.join(dir, `photo-${i}.jpg`);
      if (!existsSync(file)) writeFileSync(file, await makePhotoLikeJpeg(i + 1));
      const portrait = path.join(dir, `face-${i}.jpg`);
      if (!existsSync(portrait)) writeFileSync(portrait, await makePortraitJpeg(i + 1));
    }
    const sizes = listPhotos(dir).map((f) => (statSync(f).size / 1024 / 1024).toFixed(1));
    console.log(`  sizes (MiB): ${sizes.join(', ')}`);
    console.log(
      `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}; Node ${process.version}; sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}); ${vipsVersion} (vipsthumbnail)`,
    );
    console.log(
      `Load average before the run: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (figures are noisy when others share the cores)`,
    );
    console.log('Each side: one warm-up photo, then the photos one at a time, in its own child process.\n');

    const sides: SideResult[] = [];
    for (const side of [
      'sharp',
      'vips-largest',
      'vips',
      'vips-batch',
      'handler',
      'handler-faces',
      'handler-rekognition',
    ] as const) {
      sides.push((await runChild(['--side', side, '--dir', dir])) as SideResult);
    }
    const rows = sides.map((s) => [
      s.side,
      String(s.photos),
      s.seconds.toFixed(2),
      s.photosPerSecond.toFixed(2),
      `${(1000 / s.photosPerSecond).toFixed(0)} ms`,
      `${s.peakRssMiB.toFixed(0)} MiB`,
      s.startRssMiB === undefined ? '-' : `${s.startRssMiB.toFixed(0)} MiB`,
    ]);
    printTable(['side', 'photos', 'seconds', 'photos/s', 'per photo', 'peak RSS', 'RSS before 1st photo'], rows);
    for (const s of sides) console.log(`  ${s.side}: ${s.note}`);
    const [sharpSide, vipsLargest, vips, vipsBatch] = sides;
    const timeRatio = vipsLargest.photosPerSecond / sharpSide.photosPerSecond;
    console.log(
      `\nAll six renditions (sharp logic) against vipsthumbnail's largest rendition alone, same photos, same run: ` +
        `${timeRatio.toFixed(2)}x its time per photo (${timeRatio <= 1.5 ? 'PASS' : 'OVER'}: at most 1.5x); ` +
        `peak RSS ${sharpSide.peakRssMiB.toFixed(0)} MiB (${sharpSide.peakRssMiB <= 150 ? 'PASS' : 'OVER'}: at most 150 MiB).`,
    );
    console.log(
      '\nRatio, sharp logic / vipsthumbnail (throughput: higher is faster for sharp; memory: higher is more for sharp):',
    );
    for (const other of [vips, vipsBatch]) {
      console.log(
        `  vs ${other.side}: ${(sharpSide.photosPerSecond / other.photosPerSecond).toFixed(2)}x the photos/s, ` +
          `${(sharpSide.peakRssMiB / other.peakRssMiB).toFixed(2)}x the peak RSS`,
      );
    }
    console.log(
      "  (sharp's peak includes the Node process itself: see 'RSS before 1st photo'; vipsthumbnail's is a lone C process.)",
    );

    for (const faces of [false, true]) {
      const latency = (await runChild([
        '--side',
        faces ? 'latency-faces' : 'latency',
        '--dir',
        dir,
        '--e2e-runs',
        String(args.e2eRuns),
      ])) as { bytes: number; timings: number[] };
      const sorted = [...latency.timings].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      console.log(
        `\nUpload to ${faces ? 'verified (face check, local model loaded before the first run)' : 'ready (no face check)'} ` +
          `through handler.ts (s3rver event -> normaliseS3rverEvent -> handler), one ${WIDTH}x${HEIGHT} JPEG of ` +
          `${(latency.bytes / 1024 / 1024).toFixed(1)} MiB, ${latency.timings.length} runs:`,
      );
      console.log(
        `  first ${latency.timings[0].toFixed(0)} ms (first invocation of the loaded module), median ${median.toFixed(0)} ms, worst ${sorted[sorted.length - 1].toFixed(0)} ms`,
      );
      // The face check's time is reported, not judged: it moves with the load on shared cores (decision 204).
      if (!faces) {
        console.log(`  ${sorted[sorted.length - 1] < 2000 ? 'PASS' : 'FAIL'}: every run under 2 s`);
        if (sorted[sorted.length - 1] >= 2000) process.exitCode = 1;
      }
    }
  } finally {
    if (!args.dir) rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

await main();
