/**
 * For HR: a new upload held by the face check, beside the photo on the profile now, with the decision
 * (approve / refuse). Also the face check's note on the photo shown (a demo photo that was never checked,
 * a hand approval), so HR never takes an unchecked photo for a verified one.
 */
import { Form } from '@remix-run/react';
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
  'not-checked': 'Face check: not checked (a generated demo picture).',
  approved: 'Face check: approved by HR by hand.',
  'check-failed': 'Face check: could not be completed.',
  'no-consent': 'Face check: no consent: check by eye.',
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
  const note = check ? CHECK_NOTES[check] : undefined;
  return note ? (
    <p className="muted" data-face-check={check}>
      {note}
    </p>
  ) : null;
}

export function PhotoReview({ review, busy }: { review: PhotoReviewData; busy: boolean }) {
  const { held } = review;
  if (!held) return null;
  return (
    <section className="card" aria-labelledby="photo-review-heading" data-photo-review={held.outcome}>
      <h2 id="photo-review-heading">New photo to review</h2>
      <p>
        {held.reason}
        {held.similarity !== null ? ` Similarity to the current photo: ${Math.round(held.similarity)}%.` : ''}
      </p>
      <div className="photo-review">
        <figure>
          {review.current ? (
            <Picture photo={review.current} alt="The current photo" />
          ) : (
            <p className="muted">No photo yet.</p>
          )}
          <figcaption>Current photo</figcaption>
        </figure>
        <figure>
          <Picture photo={held} alt="The new photo waiting for review" />
          <figcaption>New photo</figcaption>
        </figure>
      </div>
      <Form method="post" className="actions">
        <input type="hidden" name="intent" value="photo-review" />
        <input type="hidden" name="photoId" value={held.photoId} />
        <button type="submit" name="decision" value="approved" className="button" disabled={busy}>
          Approve the new photo
        </button>
        <button type="submit" name="decision" value="refused" className="button button--secondary" disabled={busy}>
          Refuse it
        </button>
      </Form>
    </section>
  );
}
