/**
 * After a client-side navigation to another page, focus moves to the new page's main heading (its h1, made
 * focusable by script only), as a full page load would start a keyboard or screen-reader user at the top. Without
 * it, the control that started the navigation (a sign-in form's button) is gone and focus falls back to the body:
 * the next Tab starts from the top of the document and a screen reader announces nothing.
 *
 * Only when the path changes: a search that rewrites the query while someone types, or a form that stays on its
 * page, keeps focus where it is; and a page that already moved focus into its main content (to a field's error)
 * is left alone.
 */
import { useLocation } from '@remix-run/react';
import { useEffect, useRef } from 'react';

export const MAIN_ID = 'main';

export function RouteChangeFocus() {
  const { pathname } = useLocation();
  const shownPath = useRef(pathname);
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    const main = document.getElementById(MAIN_ID);
    if (!main) return;
    const active = document.activeElement;
    if (active && active !== main && main.contains(active)) return;
    const heading = main.querySelector<HTMLElement>('h1');
    if (heading && !heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    (heading ?? main).focus({ preventScroll: true });
  }, [pathname]);
  return null;
}
