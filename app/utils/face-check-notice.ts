/**
 * The face-check notice's facts as pages receive them (app/services/face-check-consent.server.ts makes them from
 * the settings; app/components/face-check-notice.tsx words them), and its form field.
 */

/** The form field that carries the answer: `given` or `declined`. */
export const FACE_CHECK_CONSENT_FIELD = 'faceCheckConsent';

export interface FaceCheckNoticeFacts {
  /** FACE_CHECK_NOTICE_VERSION: recorded with every answer. */
  noticeVersion: string;
  /** Where the face reference is kept: the stack region's Rekognition collection, or the local model's numbers. */
  store: { kind: 'rekognition'; region: string } | { kind: 'local-model' };
  /** RETENTION_FACE_AFTER_DEACTIVATION_DAYS */
  faceRetentionDaysAfterDeactivation: number;
}

/** One recorded answer, as pages show it. */
export interface FaceCheckConsentEntry {
  choice: 'given' | 'declined' | 'withdrawn';
  noticeVersion: string;
  place: 'join' | 'photo-replacement' | 'sso-onboarding' | 'me';
  /** Epoch milliseconds. */
  recordedAt: number;
}

/** A person's answer: the newest entry, whether it was made under the current notice, and whether photos are checked. */
export interface FaceCheckConsentState {
  latest: FaceCheckConsentEntry | null;
  current: boolean;
  checked: boolean;
}

/** "2026-12-07 10:31 UTC" */
export const consentTime = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
