/**
 * The friendly error pages. Only the status and a fixed sentence are shown: never the thrown message or a
 * stack, so that nothing about the server leaks (the server logs the detail).
 */
import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';
import { useT } from '~/i18n/use-t';

const PAGES: Record<number, { title: string; text: string }> = {
  400: { title: 'errors.badRequest.title', text: 'errors.badRequest.text' },
  403: { title: 'errors.forbidden.title', text: 'errors.forbidden.text' },
  404: { title: 'errors.notFound.title', text: 'errors.notFound.text' },
  405: { title: 'errors.methodNotAllowed.title', text: 'errors.methodNotAllowed.text' },
  413: { title: 'errors.tooLarge.title', text: 'errors.tooLarge.text' },
  429: { title: 'errors.tooManyRequests.title', text: 'errors.tooManyRequests.text' },
  // A store is down (decision 012): nothing is wrong with the request, and it will most likely work shortly.
  503: { title: 'errors.storeUnavailable.title', text: 'errors.storeUnavailable.text' },
};

const SERVER_ERROR = { title: 'errors.serverError.title', text: 'errors.serverError.text' };

export function ErrorPage({ status }: { status: number }) {
  const t = useT();
  const page = PAGES[status] ?? SERVER_ERROR;
  return (
    <div className="error-page card narrow">
      <p className="error-page__code">{status}</p>
      <h1>{t(page.title)}</h1>
      <p className="muted">{t(page.text)}</p>
      <p>
        <Link to="/employees">{t('errors.toDirectory')}</Link>
      </p>
    </div>
  );
}

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return <ErrorPage status={status} />;
}
