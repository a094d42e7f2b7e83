/**
 * Consent to the face check (docs/decisions/206-face-check-consent.md). A person reads the notice
 * (app/components/face-check-notice.tsx) before a photo of theirs is checked and answers yes or no; either answer
 * lets them go on. Only a `given` answer under the current notice version lets the photo function check their
 * photos: the policy on each new photo record is derived here from the recorded answer, never taken from a form.
 * Withdrawing deletes every face reference kept for them at once.
 */
import type { Transaction } from 'sequelize';
import type { FaceCheckPolicy } from '@shared/contracts/photo-record';
import {
  insertFaceCheckConsent,
  latestFaceCheckConsent,
  listFaceCheckConsents,
  type FaceCheckChoice,
  type FaceCheckConsent,
  type FaceCheckConsentPlace,
} from '~/models/face-check-consents.server';
import type { Platform } from '~/platform.server';
import {
  FACE_CHECK_CONSENT_FIELD,
  type FaceCheckConsentState,
  type FaceCheckNoticeFacts,
} from '~/utils/face-check-notice';
import { deleteFaceReferences } from './face-references.server';

export type FaceCheckAnswer = Extract<FaceCheckChoice, 'given' | 'declined'>;

/** A person's answer as pages show it. */
export type FaceCheckConsentView = FaceCheckConsentState;

type Env = Platform['env'];

export function faceCheckNoticeFacts(env: Env): FaceCheckNoticeFacts {
  return {
    noticeVersion: env.FACE_CHECK_NOTICE_VERSION,
    store:
      env.FACE_VERIFIER === 'rekognition' ? { kind: 'rekognition', region: env.AWS_REGION } : { kind: 'local-model' },
    faceRetentionDaysAfterDeactivation: env.RETENTION_FACE_AFTER_DEACTIVATION_DAYS,
  };
}

/** The answer a form carried, or null when the person chose neither. */
export function faceCheckAnswerFrom(formData: FormData): FaceCheckAnswer | null {
  const value = formData.get(FACE_CHECK_CONSENT_FIELD);
  return value === 'given' || value === 'declined' ? value : null;
}

/**
 * The photo function's policy for a person's next photo: checked only with consent given under the current
 * notice; declined, withdrawn, never asked, or agreed to an older notice: not checked (HR looks at it).
 */
export function faceCheckPolicyFor(
  latest: Pick<FaceCheckConsent, 'choice' | 'noticeVersion'> | null,
  noticeVersion: string,
): FaceCheckPolicy {
  return latest?.choice === 'given' && latest.noticeVersion === noticeVersion ? 'check' : 'no-consent';
}

function consentView(latest: FaceCheckConsent | null, noticeVersion: string): FaceCheckConsentView {
  const current = latest?.noticeVersion === noticeVersion;
  return { latest, current, checked: faceCheckPolicyFor(latest, noticeVersion) === 'check' };
}

export async function getFaceCheckConsent(platform: Platform, employeeId: string): Promise<FaceCheckConsentView> {
  return consentView(await latestFaceCheckConsent(platform.db, employeeId), platform.env.FACE_CHECK_NOTICE_VERSION);
}

/** The policy for the person's next photo, from their recorded answer. */
export async function faceCheckPolicyOf(
  platform: Platform,
  employeeId: string,
  options: { transaction?: Transaction } = {},
): Promise<FaceCheckPolicy> {
  const latest = await latestFaceCheckConsent(platform.db, employeeId, options);
  return faceCheckPolicyFor(latest, platform.env.FACE_CHECK_NOTICE_VERSION);
}

/**
 * Records an answer under the current notice. An answer that repeats the current one (same choice, same version)
 * adds no row: the history lists changes of mind, not every upload.
 */
export async function recordFaceCheckAnswer(
  platform: Platform,
  input: { employeeId: string; choice: FaceCheckChoice; place: FaceCheckConsentPlace },
  options: { transaction?: Transaction; now?: number } = {},
): Promise<void> {
  const noticeVersion = platform.env.FACE_CHECK_NOTICE_VERSION;
  const latest = await latestFaceCheckConsent(platform.db, input.employeeId, options);
  if (latest?.choice === input.choice && latest.noticeVersion === noticeVersion) return;
  await insertFaceCheckConsent(
    platform.db,
    { ...input, noticeVersion, recordedAt: options.now ?? Date.now() },
    { transaction: options.transaction },
  );
}

/**
 * A person's answer to the notice shown with a photo upload. Saying no after an earlier yes is a withdrawal too:
 * the face references kept under that yes are deleted at once.
 */
export async function answerFaceCheckNotice(
  platform: Platform,
  input: { employeeId: string; answer: FaceCheckAnswer; place: FaceCheckConsentPlace },
): Promise<void> {
  const before = await latestFaceCheckConsent(platform.db, input.employeeId);
  await recordFaceCheckAnswer(platform, { employeeId: input.employeeId, choice: input.answer, place: input.place });
  if (input.answer === 'declined' && before?.choice === 'given') await deleteFaceReferences(platform, input.employeeId);
}

/**
 * Withdraws consent from /me: recorded first, so that no later upload is checked, then every face reference of the
 * person is deleted before this returns (within the request: the promise is "within a minute", and a background
 * job would add a failure mode without saving anything). Repeating it after a failure finishes the deletion.
 */
export async function withdrawFaceCheckConsent(platform: Platform, employeeId: string): Promise<{ deleted: number }> {
  const latest = await latestFaceCheckConsent(platform.db, employeeId);
  if (latest?.choice !== 'withdrawn') {
    await insertFaceCheckConsent(platform.db, {
      employeeId,
      choice: 'withdrawn',
      noticeVersion: platform.env.FACE_CHECK_NOTICE_VERSION,
      place: 'me',
      recordedAt: Date.now(),
    });
  }
  return deleteFaceReferences(platform, employeeId);
}

/** What a page that asks or shows the consent needs: the notice's facts and the person's current answer. */
export async function faceCheckForPage(
  platform: Platform,
  employeeId: string,
): Promise<{ notice: FaceCheckNoticeFacts; consent: FaceCheckConsentView }> {
  return { notice: faceCheckNoticeFacts(platform.env), consent: await getFaceCheckConsent(platform, employeeId) };
}

/** HR's view of a person's answers: newest first, and the notice version in force (decision 206). */
export async function faceCheckConsentRecord(
  platform: Platform,
  employeeId: string,
): Promise<{ history: FaceCheckConsent[]; noticeVersion: string }> {
  return {
    history: await listFaceCheckConsents(platform.db, employeeId, { limit: 20 }),
    noticeVersion: platform.env.FACE_CHECK_NOTICE_VERSION,
  };
}
