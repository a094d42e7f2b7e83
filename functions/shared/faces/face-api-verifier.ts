/**
 * The local FaceVerifier: a real detector (SSD MobileNet v1), 68-point landmarks and a 128-number descriptor
 * model, all shipped inside @vladmandic/face-api, run on TensorFlow.js's WebAssembly backend. No network.
 *
 * Loaded once per process, lazily, on the first check (about 0.3 s): importing this module costs nothing, so
 * the quick start and e2e start-up never wait for it. `dist/face-api.node-wasm.js` is loaded explicitly because
 * the package's main requires @tensorflow/tfjs-node, whose install downloads from outside the registries.
 * The package reports no brightness, sharpness or pose: those are measured here from the pixels and the
 * landmarks, on the same 0..100 and degree scales Rekognition uses, so one set of limits fits both.
 *
 * The SSD detector also fires on animals (a cat scored 93%). A second, separately trained detector shipped
 * in the package (Tiny Face Detector) is asked about a square around each face: on the corpus it scored
 * people's faces 53-99 and the animals and masks the SSD took for faces 0-29, so a face is a person's from
 * `minSecondDetectorScore` (decision 204).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as FaceApi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import {
  FaceCheckUnavailableError,
  type DetectedFace,
  type FaceBox,
  type FaceComparison,
  type FaceImage,
  type FaceReference,
  type FaceVerifier,
} from './face-verifier';
import { measurePixels } from './pixel-measures';

type FaceApiModule = typeof FaceApi;
type Point = { x: number; y: number };

export const FACE_API_MODEL = 'face-api-1.7.15-ssd-mobilenetv1-recognition';

export interface FaceApiVerifierOptions {
  /** Euclidean distance between descriptors at or under which two faces are the same person (decision 204). */
  maxMatchDistance: number;
  /** Tiny Face Detector score (0..100) on the face's surroundings from which it is a person's (decision 204). */
  minSecondDetectorScore: number;
}

/** The second detector's view: a square twice the face's size around it, at the detector's 160 px input. */
const SECOND_LOOK_SCALE = 2;
const SECOND_LOOK_INPUT = 160;

const require = createRequire(import.meta.url);
let loading: Promise<FaceApiModule> | undefined;

/** The model, loaded on first use and shared by every verifier in this process. */
export function loadFaceModel(): Promise<FaceApiModule> {
  loading ??= (async () => {
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApiModule;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    // Local files, not the CDN the package's demo uses; `false`: the directory holds the stock file names.
    wasm.setWasmPaths(
      path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/',
      false,
    );
    // The same @tensorflow/tfjs instance face-api requires (one copy in node_modules).
    const tf = require('@tensorflow/tfjs') as typeof import('@tensorflow/tfjs');
    await tf.setBackend('wasm');
    await tf.ready();
    const models = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(models);
    await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
    await faceapi.nets.faceRecognitionNet.loadFromDisk(models);
    await faceapi.nets.tinyFaceDetector.loadFromDisk(models);
    return faceapi;
  })();
  // A failed load (a missing file) is retried on the next check rather than remembered for good.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

interface Analysed {
  face: DetectedFace;
  descriptor: Float32Array;
}

export function createFaceApiVerifier(options: FaceApiVerifierOptions): FaceVerifier {
  // One analysis per image object: detect, enrol and compare on the same upload run the model once.
  const analyses = new WeakMap<FaceImage, Promise<Analysed[]>>();
  const analyse = (image: FaceImage) => {
    let analysis = analyses.get(image);
    if (!analysis) {
      analysis = runModel(image, options.minSecondDetectorScore);
      analyses.set(image, analysis);
    }
    return analysis;
  };
  const oneFace = async (image: FaceImage) => {
    const [largest] = await analyse(image);
    if (!largest) throw new FaceCheckUnavailableError('No face to describe in this image');
    return largest;
  };

  return {
    name: 'face-api',
    async detectFaces(image) {
      return (await analyse(image)).map((analysed) => analysed.face);
    },
    async enrolFace(image) {
      const { descriptor } = await oneFace(image);
      return { kind: 'descriptor', model: FACE_API_MODEL, descriptor: Array.from(descriptor, round6) };
    },
    async compareWithReference(image, reference): Promise<FaceComparison> {
      if (reference.kind !== 'descriptor' || reference.model !== FACE_API_MODEL) {
        throw new FaceCheckUnavailableError(`A ${reference.kind} reference cannot be compared by the local model`);
      }
      const { descriptor } = await oneFace(image);
      const distance = euclidean(descriptor, reference.descriptor);
      return {
        similarity: Math.max(0, Math.round((1 - distance) * 1000) / 10),
        samePerson: distance <= options.maxMatchDistance,
      };
    },
    async forgetFace() {
      // The descriptor lives on the photo record only: deleting the record forgets it.
    },
  };
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

function euclidean(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += (a[i] - b[i]) ** 2;
  return Math.sqrt(sum);
}

async function runModel(image: FaceImage, minSecondDetectorScore: number): Promise<Analysed[]> {
  let faceapi: FaceApiModule;
  try {
    faceapi = await loadFaceModel();
  } catch (error) {
    throw new FaceCheckUnavailableError('The face model could not be loaded', { cause: error });
  }
  const tensor = faceapi.tf.tensor3d(Int32Array.from(image.rgb), [image.height, image.width, 3], 'int32');
  try {
    const results = await faceapi
      .detectAllFaces(tensor as never, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 10 }))
      .withFaceLandmarks()
      .withFaceDescriptors();
    const secondScores: number[] = [];
    for (const result of results) secondScores.push(await secondDetectorScore(faceapi, tensor, result.detection.box));
    return results
      .map((result, i) => {
        const { box, score } = result.detection;
        const fractionBox: FaceBox = {
          left: clamp01(box.x / image.width),
          top: clamp01(box.y / image.height),
          width: Math.min(box.width / image.width, 1),
          height: Math.min(box.height / image.height, 1),
        };
        const { brightness, sharpness } = measurePixels(image, fractionBox);
        return {
          face: {
            box: fractionBox,
            confidence: Math.round(score * 1000) / 10,
            brightness,
            sharpness,
            pose: poseFromLandmarks(result.landmarks.positions),
            looksHuman: secondScores[i] >= minSecondDetectorScore,
          },
          descriptor: result.descriptor,
        };
      })
      .sort((a, b) => b.face.box.width - a.face.box.width);
  } catch (error) {
    throw new FaceCheckUnavailableError('The face model failed on this image', { cause: error });
  } finally {
    tensor.dispose();
  }
}

type PixelBox = { x: number; y: number; width: number; height: number };

/**
 * The Tiny Face Detector's best score (0..100) for a face overlapping the SSD's box, looking at a square
 * around that box only: at the whole picture's scale its score for a real face swung with the framing (6-98
 * for the same faces), on the square it held 53-99. The square is always twice the face's size: where it
 * runs past the picture's edge (a close-up, the face filling the frame) the missing part is black. Cutting
 * the square down to the picture instead left the face filling the detector's view, and a man's close
 * portrait scored 24 (a false "not a person"); with the border it scores 74 (decision 204).
 */
async function secondDetectorScore(faceapi: FaceApiModule, tensor: FaceApi.tf.Tensor3D, box: PixelBox) {
  const [height, width] = tensor.shape;
  const side = Math.round(Math.max(box.width, box.height) * SECOND_LOOK_SCALE);
  const left = Math.round(box.x + box.width / 2 - side / 2);
  const top = Math.round(box.y + box.height / 2 - side / 2);
  const inside = {
    left: Math.max(0, left),
    top: Math.max(0, top),
    right: Math.min(width, left + side),
    bottom: Math.min(height, top + side),
  };
  const square = faceapi.tf.tidy(() =>
    faceapi.tf.pad(
      faceapi.tf.slice(
        tensor,
        [inside.top, inside.left, 0],
        [inside.bottom - inside.top, inside.right - inside.left, 3],
      ),
      [
        [inside.top - top, top + side - inside.bottom],
        [inside.left - left, left + side - inside.right],
        [0, 0],
      ],
    ),
  );
  try {
    const found = await faceapi.detectAllFaces(
      square as never,
      new faceapi.TinyFaceDetectorOptions({ inputSize: SECOND_LOOK_INPUT, scoreThreshold: 0.01 }),
    );
    const inSquare = { x: box.x - left, y: box.y - top, width: box.width, height: box.height };
    const overlapping = found.filter((detection) => overlap(detection.box, inSquare) > 0.3);
    return Math.round(Math.max(0, ...overlapping.map((detection) => detection.score)) * 1000) / 10;
  } finally {
    square.dispose();
  }
}

/** Intersection over union of two boxes. */
function overlap(a: PixelBox, b: PixelBox): number {
  const width = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const height = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const shared = width * height;
  return shared / (a.width * a.height + b.width * b.height - shared);
}

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));
const degrees = (radians: number) => Math.round((radians * 180) / Math.PI);
const mean = (points: Point[]): Point => ({
  x: points.reduce((sum, p) => sum + p.x, 0) / points.length,
  y: points.reduce((sum, p) => sum + p.y, 0) / points.length,
});

/**
 * Head pose from the 68 landmarks, in degrees (a geometric estimate, good to about ±10°, enough to tell a
 * face turned away from one facing the camera). Yaw: where the nose tip sits between the jaw's ends.
 * Pitch: where it sits between the eyes and the mouth, against a frontal face's usual 0.55.
 * Roll: the slope of the line through the eyes.
 */
export function poseFromLandmarks(points: Point[]): DetectedFace['pose'] {
  const nose = points[30];
  const jawLeft = points[0];
  const jawRight = points[16];
  const leftEye = mean(points.slice(36, 42));
  const rightEye = mean(points.slice(42, 48));
  const mouth = mean(points.slice(48, 68));
  const eyes = mean([leftEye, rightEye]);
  const across = (nose.x - jawLeft.x) / (jawRight.x - jawLeft.x || 1);
  const down = (nose.y - eyes.y) / (mouth.y - eyes.y || 1);
  const asin = (value: number) => Math.asin(Math.max(-1, Math.min(1, value)));
  return {
    yaw: degrees(asin((across - 0.5) * 2)),
    pitch: degrees(asin((down - 0.55) * 2.5)),
    roll: degrees(Math.atan2(rightEye.y - leftEye.y, rightEye.x - leftEye.x)),
  };
}
