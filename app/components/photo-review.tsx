/**
 * For HR: a new upload held by the face check, beside the photo on the profile now, with the decision
 * (approve / refuse). Also the face check's note on the photo shown (a demo photo that was never checked,
 * a hand approval), so HR never takes an unchecked photo for a verified one.
 */
import { Form } from '@remix-run/react';
import { formatNumber } from '~/i18n/format';
import { useViewer } from '~/i18n/document-intl';
import { useT } from '~/i18n/use-t';
import { photoUrl, type PhotoRef } from '~/utils/photo-url';

export interface PhotoReviewData {
  held:
    | (PhotoRef & {
        outcome: 'needs-review' | 'check-failed' | 'no-consent';
        reason: string;
        similarity: number | null;
      })
    | null;
  current: PhotoRef | null;
  currentCheck: string | null;
}

const CHECK_NOTES: Record<string, string> = {
  'not-checked': 'adminEmployee.faceCheck.notChecked',
  approved: 'adminEmployee.faceCheck.approved',
  'check-failed': 'adminEmployee.faceCheck.checkFailed',
  'no-consent': 'adminEmployee.faceCheck.noConsent',
};

/**
 * Why the upload waits, by the face check's outcome: the same sentences as the server's HELD_MESSAGES
 * (app/services/photo-view.server.ts), which the loader sends in English.
 */
export const HELD_REASONS: Record<'needs-review' | 'check-failed' | 'no-consent', string> = {
  'needs-review': 'adminEmployee.photoReview.heldNeedsReview',
  'check-failed': 'adminEmployee.photoReview.heldCheckFailed',
  'no-consent': 'adminEmployee.photoReview.heldNoConsent',
};

function Picture({ photo, alt }: { photo: PhotoRef; alt: string }) {
  return (
    <picture>
      <source srcSet={photoUrl(photo, 256, 'webp')} type="image/webp" />
      <img src={photoUrl(photo, 256, 'jpeg')} alt={alt} width={256} height={256} className="photo-review__image" />
    </picture>
  );
}

export function FaceCheckNote({ check }: { check: string | null }) {
  const t = useT();
  const noteId = check ? CHECK_NOTES[check] : undefined;
  const note = noteId ? t(noteId) : undefined;
  return note ? (
    <p className="muted" data-face-check={check}>
      {note}
    </p>
  ) : null;
}

export function PhotoReview({ review, busy }: { review: PhotoReviewData; busy: boolean }) {
  const t = useT();
  const { locale } = useViewer();
  const { held } = review;
  if (!held) return null;
  return (
    <section className="card" aria-labelledby="photo-review-heading" data-photo-review={held.outcome}>
      <h2 id="photo-review-heading">{t('adminEmployee.photoReview.title')}</h2>
      <p>
        {t(HELD_REASONS[held.outcome])}
        {held.similarity !== null
          ? ` ${t('adminEmployee.photoReview.similarity', {
              similarity: formatNumber(held.similarity / 100, locale, { style: 'percent', maximumFractionDigits: 0 }),
            })}`
          : ''}
      </p>
      <div className="photo-review">
        <figure>
          {review.current ? (
            <Picture photo={review.current} alt={t('adminEmployee.photoReview.currentAlt')} />
          ) : (
            <p className="muted">{t('adminEmployee.photoReview.noPhoto')}</p>
          )}
          <figcaption>{t('adminEmployee.photoReview.current')}</figcaption>
        </figure>
        <figure>
          <Picture photo={held} alt={t('adminEmployee.photoReview.newAlt')} />
          <figcaption>{t('adminEmployee.photoReview.new')}</figcaption>
        </figure>
      </div>
      <Form method="post" className="actions">
        <input type="hidden" name="intent" value="photo-review" />
        <input type="hidden" name="photoId" value={held.photoId} />
        <button type="submit" name="decision" value="approved" className="button" disabled={busy}>
          {t('adminEmployee.photoReview.approve')}
        </button>
        <button type="submit" name="decision" value="refused" className="button button--secondary" disabled={busy}>
          {t('adminEmployee.photoReview.refuse')}
        </button>
      </Form>
    </section>
  );
}
