/** The state of the newest photo upload, in words: processing, ready, or failed with its reason. */
export interface PhotoStatusData {
  state: 'none' | 'processing' | 'ready' | 'failed';
  failureReason: string | null;
}

export function PhotoStatus({ photo, own }: { photo: PhotoStatusData; own: boolean }) {
  if (photo.state === 'processing') {
    return (
      <p className="alert alert--info" role="status" data-photo-state="processing">
        A new photo is being processed. It will appear here in a moment; refresh to check.
      </p>
    );
  }
  if (photo.state === 'failed') {
    return (
      <p className="alert alert--error" role="status" data-photo-state="failed">
        The last photo could not be used: {photo.failureReason}
        {own ? ' Please choose another one.' : ''}
      </p>
    );
  }
  if (photo.state === 'none') {
    return (
      <p className="muted" data-photo-state="none">
        No photo yet.
      </p>
    );
  }
  return (
    <span className="visually-hidden" data-photo-state="ready">
      Photo is up to date.
    </span>
  );
}
