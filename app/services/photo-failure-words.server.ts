/**
 * The photo checks' fixed reasons (functions/shared/faces/face-quality.ts, the HR refusal in
 * functions/shared/photo-records.ts) as an email to the person words them in their language. The reasons travel
 * in English in events and photo records (systems read them, and they are what HR saw); a reason without an entry
 * here (the image pipeline's technical ones) stays in English, which is better than none.
 */
import type { IntlShape } from 'react-intl';
import { FACE_REJECTION_REASONS } from '@shared/faces/face-quality';
import { HR_REFUSED_REASON } from '@shared/photo-records';

const REASON_IDS: Record<string, string> = {
  [FACE_REJECTION_REASONS.noFace]: 'email.photoReason.noFace',
  [FACE_REJECTION_REASONS.notAPerson]: 'email.photoReason.notAPerson',
  [FACE_REJECTION_REASONS.severalFaces]: 'email.photoReason.severalFaces',
  [FACE_REJECTION_REASONS.faceTooSmall]: 'email.photoReason.faceTooSmall',
  [FACE_REJECTION_REASONS.darkOrBlurred]: 'email.photoReason.darkOrBlurred',
  [FACE_REJECTION_REASONS.notFrontal]: 'email.photoReason.notFrontal',
  [HR_REFUSED_REASON]: 'email.photoReason.hrRefused',
};

export function photoFailureIn(intl: IntlShape, reason: string): string {
  const id = Object.hasOwn(REASON_IDS, reason) ? REASON_IDS[reason] : undefined;
  return id ? intl.formatMessage({ id }) : reason;
}
