/**
 * The reasons a photo record stores are English sentences (the face check's, HR's refusal, a held photo's
 * waiting message). Those that are fixed sentences are shown in the page's language: each is mapped here, by its
 * English text, to a catalogue id. A reason with details in it (an image the processor could not read, and why)
 * has no entry and is shown as stored. app/services/photo-reasons.test.ts holds this list to the sentences the
 * code stores, so a reworded sentence cannot silently fall back to English
 * (docs/decisions/341-profile-and-org-chart-in-the-readers-language.md). Browser-safe.
 */
import { FACE_REJECTION_REASONS } from '@shared/faces/face-quality';

const REASON_IDS: Record<string, string> = {
  [FACE_REJECTION_REASONS.noFace]: 'status.photoReason.noFace',
  [FACE_REJECTION_REASONS.notAPerson]: 'status.photoReason.notAPerson',
  [FACE_REJECTION_REASONS.severalFaces]: 'status.photoReason.severalFaces',
  [FACE_REJECTION_REASONS.faceTooSmall]: 'status.photoReason.faceTooSmall',
  [FACE_REJECTION_REASONS.darkOrBlurred]: 'status.photoReason.darkOrBlurred',
  [FACE_REJECTION_REASONS.notFrontal]: 'status.photoReason.notFrontal',
  // functions/shared/photo-records.ts (HR_REFUSED_REASON), which this browser module cannot import.
  'HR did not accept this photo.': 'status.photoReason.hrRefused',
  // app/services/photo-view.server.ts: no reason stored, and its held photos' messages (HELD_MESSAGES).
  'The photo could not be processed.': 'status.photoReason.unprocessed',
  'The new photo is waiting for HR: it may not be the same person as in the current photo.':
    'status.photoReason.heldNeedsReview',
  'The new photo is waiting for HR: the face check could not be completed.': 'status.photoReason.heldCheckFailed',
  'The new photo is waiting for HR: no consent to the face check, so HR checks it by eye.':
    'status.photoReason.heldNoConsent',
};

/** The catalogue id of a stored reason, or null when it is not one of the fixed sentences. */
export function photoReasonId(reason: string): string | null {
  return Object.hasOwn(REASON_IDS, reason) ? REASON_IDS[reason] : null;
}
