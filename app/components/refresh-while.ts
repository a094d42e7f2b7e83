/**
 * Revalidates the page's loaders now and then while `active` (1 s, backing off to 5 s), for a page that
 * shows something about to change by itself (queued notifications). Nothing while the tab is hidden; it
 * stops as soon as the page's own data says there is nothing left to wait for.
 */
import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 5_000;

export function useRefreshWhile(active: boolean): void {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const delay = useRef(FIRST_DELAY_MS);
  const idle = revalidator.state === 'idle';

  useEffect(() => {
    if (!active) {
      delay.current = FIRST_DELAY_MS;
      return;
    }
    // One revalidation at a time: the next is scheduled when this render (after the last one) settles.
    if (!idle) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      if (document.hidden) return;
      timer = setTimeout(() => revalidate.current(), delay.current);
      delay.current = Math.min(delay.current * 1.5, MAX_DELAY_MS);
    };
    const onVisibility = () => {
      clearTimeout(timer);
      if (!document.hidden) {
        delay.current = FIRST_DELAY_MS;
        schedule();
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    schedule();
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [active, idle]);
}
