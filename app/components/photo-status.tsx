/**
 * The state of the newest photo upload, in words: processing, ready, failed with its reason (the face check's
 * "We could not find a face in this photo." among them), or held for HR with why. While it is
 * processing, the page follows it (photo-state-poll.ts) and updates itself; without JavaScript it says to refresh.
 */
import { useRef } from 'react';
import { useT } from '~/i18n/use-t';
import { failedPhotoMessage } from './photo-failure';
import { photoReasonId } from '~/i18n/photo-reasons';
import { useHydrated, usePhotoStatePoll } from './photo-state-poll';

export interface PhotoStatusData {
  state: 'none' | 'processing' | 'ready' | 'failed' | 'held';
  failureReason: string | null;
  /** Whose photo: when given, a processing photo is followed until it is ready or failed. */
  employeeId?: string;
}

export function PhotoStatus({
  photo,
  own,
  justUploaded = false,
}: {
  photo: PhotoStatusData;
  own: boolean;
  /** The page follows an upload: a photo already ready when it loads is still news, not "up to date". */
  justUploaded?: boolean;
}) {
  const t = useT();
  // A stored reason in the page's language when it is one of the fixed sentences (app/i18n/photo-reasons.ts).
  const reasonText = (reason: string) => {
    const id = photoReasonId(reason);
    return id ? t(id) : reason;
  };
  const hydrated = useHydrated();
  const following = photo.state === 'processing' && photo.employeeId ? [photo.employeeId] : [];
  usePhotoStatePoll(following);
  // Remembered across the page's own refresh, so that the change is announced rather than silent.
  const sawProcessing = useRef(false);
  if (photo.state === 'processing') sawProcessing.current = true;
  if (photo.state === 'processing') {
    return (
      <p className="alert alert--info" role="status" data-photo-state="processing">
        {hydrated && following.length > 0 ? t('status.photo.processingFollowed') : t('status.photo.processingRefresh')}
      </p>
    );
  }
  if (photo.state === 'failed') {
    return (
      <p className="alert alert--error" role="status" data-photo-state="failed">
        {failedPhotoMessage(photo.failureReason, own, {
          told: (reason) => t('status.photo.failed', { reason: reasonText(reason) }),
          toldNoReason: t('status.photo.failedNoReason'),
          askForAnother: t('status.photo.askForAnother'),
        })}
      </p>
    );
  }
  if (photo.state === 'held') {
    return (
      <p className="alert alert--info" role="status" data-photo-state="held">
        {photo.failureReason ? reasonText(photo.failureReason) : null}
        {own ? ` ${t('status.photo.heldCurrentStays')}` : ''}
      </p>
    );
  }
  if (photo.state === 'none') {
    return (
      <p className="muted" data-photo-state="none">
        {t('status.photo.none')}
      </p>
    );
  }
  if (sawProcessing.current || justUploaded) {
    return (
      <p className="alert alert--success" role="status" data-photo-state="ready">
        {t('status.photo.ready')}
      </p>
    );
  }
  return (
    <span className="visually-hidden" data-photo-state="ready">
      {t('status.photo.upToDate')}
    </span>
  );
}
