/**
 * The labelled corpus for "is this a person's face?" (docs/decisions/204-face-check-thresholds.md): every
 * image the face check must pass as one person, and every non-human face it must never pass. Three parts:
 * - the files in test-support/fixtures/faces/, listed with source package, path and licence in corpus.json
 *   (photos of people and of groups, animals, statues, paintings, prints, masks, cartoons, objects);
 * - every face in the six sample photos of @vladmandic/face-api, cut square around it (face-samples.ts);
 * - the portraits the e2e tests upload (a phone-sized 1200 × 1600 cut of PERSON_A and PERSON_B).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { faceImageFromFile } from '@shared/faces/decode-for-faces';
import {
  FACE_REJECTION_REASONS,
  judgeFaces,
  type FaceJudgement,
  type FaceQualityLimits,
} from '@shared/faces/face-quality';
import type { FaceVerifier } from '@shared/faces/face-verifier';
import { measurePixels } from '@shared/faces/pixel-measures';
import { PERSON_A, PERSON_B, SAMPLE_FACES, cropJpeg } from './face-samples';

/**
 * person: one real person's face, must pass; not-a-person: must never pass as a person's face;
 * several-people: a group photo, must be refused as several people (counted apart from both rates).
 */
export type CorpusLabel = 'person' | 'not-a-person' | 'several-people';

export interface CorpusImage {
  name: string;
  label: CorpusLabel;
  /** photo, animal, statue, painting, print, mask, cartoon, object */
  kind: string;
  load(): Promise<Buffer>;
}

interface ManifestEntry {
  file: string;
  label: CorpusLabel;
  kind: string;
}

export const FACE_CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'faces');

function fixtureImages(): CorpusImage[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(FACE_CORPUS_DIR, 'corpus.json'), 'utf8')) as {
    images: ManifestEntry[];
  };
  return manifest.images.map((entry) => ({
    name: entry.file,
    label: entry.label,
    kind: entry.kind,
    // The drawn faces are kept as SVG (readable, tiny) and rendered here: the photo function refuses SVG.
    load: () =>
      entry.file.endsWith('.svg')
        ? sharp(path.join(FACE_CORPUS_DIR, entry.file)).jpeg({ quality: 90 }).toBuffer()
        : Promise.resolve(fs.readFileSync(path.join(FACE_CORPUS_DIR, entry.file))),
  }));
}

/** As e2e/images.ts makes the portrait it uploads: the crop filled into a 1200 × 1600 phone photo. */
const phonePortrait = async (crop: typeof PERSON_A) =>
  sharp(await cropJpeg(crop))
    .resize(1200, 1600, { fit: 'cover' })
    .jpeg({ quality: 85 })
    .toBuffer();

export function faceCorpus(): CorpusImage[] {
  return [
    ...fixtureImages(),
    ...SAMPLE_FACES.map((crop, i) => ({
      name: `face-api sample${crop.sample} face ${i + 1}`,
      label: 'person' as const,
      kind: 'photo',
      load: () => cropJpeg(crop),
    })),
    { name: 'e2e portrait (PERSON_A)', label: 'person', kind: 'photo', load: () => phonePortrait(PERSON_A) },
    { name: 'e2e other person (PERSON_B)', label: 'person', kind: 'photo', load: () => phonePortrait(PERSON_B) },
  ];
}

export interface CorpusRow {
  image: CorpusImage;
  /** The largest face's detector confidence, if any. */
  confidence: number | null;
  /** The rule as it was before faces were told from non-human ones: every face counted as a person's. */
  before: FaceJudgement;
  after: FaceJudgement;
}

/** Runs the verifier on every corpus image and judges its answer with and without `looksHuman`. */
export async function judgeCorpus(verifier: FaceVerifier, limits: FaceQualityLimits): Promise<CorpusRow[]> {
  const rows: CorpusRow[] = [];
  for (const image of faceCorpus()) {
    const faceImage = await faceImageFromFile(await image.load());
    const faces = await verifier.detectFaces(faceImage);
    const frame = { width: faceImage.width, height: faceImage.height, measures: measurePixels(faceImage) };
    rows.push({
      image,
      confidence: faces[0]?.confidence ?? null,
      before: judgeFaces(
        faces.map((face) => ({ ...face, looksHuman: true })),
        frame,
        limits,
      ),
      after: judgeFaces(faces, frame, limits),
    });
  }
  return rows;
}

export interface CorpusRates {
  people: number;
  notPeople: number;
  groups: number;
  /** Group photos refused as several people (any other outcome is a miss, whichever way it went). */
  groupsRefusedAsSeveral: { before: number; after: number };
  /** Non-human images accepted as a person's face, of all non-human images. */
  falseAccepts: { before: number; after: number };
  /** People's photos not accepted, of all people's photos. */
  falseRejects: { before: number; after: number };
}

const outcome = (judgement: FaceJudgement) => (judgement.accepted ? 'accepted' : judgement.reason);

export function corpusRates(rows: CorpusRow[]): CorpusRates {
  const people = rows.filter((row) => row.image.label === 'person');
  const notPeople = rows.filter((row) => row.image.label === 'not-a-person');
  const groups = rows.filter((row) => row.image.label === 'several-people');
  const count = (list: CorpusRow[], when: 'before' | 'after', accepted: boolean) =>
    list.filter((row) => row[when].accepted === accepted).length;
  const refusedAsSeveral = (when: 'before' | 'after') =>
    groups.filter((row) => outcome(row[when]) === FACE_REJECTION_REASONS.severalFaces).length;
  return {
    people: people.length,
    notPeople: notPeople.length,
    groups: groups.length,
    groupsRefusedAsSeveral: { before: refusedAsSeveral('before'), after: refusedAsSeveral('after') },
    falseAccepts: { before: count(notPeople, 'before', true), after: count(notPeople, 'after', true) },
    falseRejects: { before: count(people, 'before', false), after: count(people, 'after', false) },
  };
}

/** A plain-text table of every image and the rates, for the test's output and decision 204. */
export function formatCorpusTable(rows: CorpusRow[]): string {
  const rates = corpusRates(rows);
  const percent = (n: number, of: number) => `${n}/${of} (${of ? Math.round((100 * n) / of) : 0}%)`;
  const lines = rows.map((row) =>
    [
      row.image.label.padEnd(14),
      row.image.kind.padEnd(8),
      row.image.name.slice(0, 38).padEnd(38),
      String(row.confidence ?? '-').padStart(5),
      outcome(row.before).slice(0, 40).padEnd(40),
      outcome(row.after),
    ].join(' '),
  );
  return [
    `${'label'.padEnd(14)} ${'kind'.padEnd(8)} ${'image'.padEnd(38)} ${'score'.padStart(5)} ${'before'.padEnd(40)} after`,
    ...lines,
    `false accepts (not-a-person passed): before ${percent(rates.falseAccepts.before, rates.notPeople)}, after ${percent(rates.falseAccepts.after, rates.notPeople)}`,
    `false rejects (person refused):      before ${percent(rates.falseRejects.before, rates.people)}, after ${percent(rates.falseRejects.after, rates.people)}`,
    `groups refused as several people:    before ${percent(rates.groupsRefusedAsSeveral.before, rates.groups)}, after ${percent(rates.groupsRefusedAsSeveral.after, rates.groups)}`,
  ].join('\n');
}
