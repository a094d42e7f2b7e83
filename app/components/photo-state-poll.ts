/**
 * While a photo is being processed, asks /api/photo-state now and then (every half second for the first ten,
 * when a verdict comes even on a busy machine, then from 1 s backing off to 15 s) and
 * revalidates the page's loaders once a photo is no longer processing, so the page updates without a reload.
 * Cheap on purpose: one small GET at a time, nothing while the tab is hidden, and it gives up after ten
 * minutes (the page still says to refresh). Without JavaScript none of this runs.
 */
import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';

/** The face check's verdict comes within a few seconds of the upload: it is asked for often then. */
const EARLY_DELAY_MS = 500;
const EARLY_POLLS = 20;
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 15_000;
const BACKOFF = 1.5;
const GIVE_UP_AFTER_MS = 10 * 60_000;

/** The wait before each poll, in order; the last repeats (the verdict bench counts from them too). */
export const PHOTO_STATE_POLL_DELAYS_MS: readonly number[] = [
  ...Array.from({ length: EARLY_POLLS }, () => EARLY_DELAY_MS),
  ...Array.from({ length: 10 }, (_, n) => Math.min(FIRST_DELAY_MS * BACKOFF ** n, MAX_DELAY_MS)),
];
const pollDelay = (n: number) => PHOTO_STATE_POLL_DELAYS_MS[Math.min(n, PHOTO_STATE_POLL_DELAYS_MS.length - 1)];

const photoStateAnswer = (body: unknown): Array<{ state: string }> | null => {
  const photos = (body as { photos?: unknown } | null)?.photos;
  return Array.isArray(photos) ? (photos as Array<{ state: string }>) : null;
};

export function usePhotoStatePoll(processingEmployeeIds: string[]): void {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const key = [...processingEmployeeIds].sort().join(',');

  useEffect(() => {
    if (!key) return;
    const url = `/api/photo-state?${new URLSearchParams(key.split(',').map((id) => ['employee', id]))}`;
    const controller = new AbortController();
    const started = Date.now();
    let polls = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    let inFlight = false;

    const schedule = () => {
      if (done || document.hidden) return;
      if (Date.now() - started > GIVE_UP_AFTER_MS) return void (done = true);
      timer = setTimeout(poll, pollDelay(polls));
      polls += 1;
    };

    async function poll() {
      timer = undefined;
      inFlight = true;
      try {
        const response = await fetch(url, { headers: { Accept: 'application/json' }, signal: controller.signal });
        if (!response.ok) {
          // Signed out, or not allowed: polling again will not help.
          if (response.status < 500) done = true;
        } else {
          const photos = photoStateAnswer(await response.json());
          if (photos && photos.some((photo) => photo.state !== 'processing')) {
            done = true;
            revalidate.current();
          }
        }
      } catch {
        if (controller.signal.aborted) return;
        // A dropped connection: try again later, with the same backoff.
      } finally {
        inFlight = false;
      }
      schedule();
    }

    const onVisibility = () => {
      if (document.hidden) {
        clearTimeout(timer);
        timer = undefined;
      } else if (!timer && !inFlight && !done) {
        polls = 0;
        schedule();
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    schedule();
    return () => {
      done = true;
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [key]);
}

/** False during the server render and the first client render, then true: for "this page updates itself". */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
