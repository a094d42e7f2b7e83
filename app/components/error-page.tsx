/**
 * The friendly error pages. Only the status and a fixed sentence are shown: never the thrown message or a
 * stack, so that nothing about the server leaks (the server logs the detail).
 */
import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';

const PAGES: Record<number, { title: string; text: string }> = {
  400: { title: 'That request did not look right', text: 'Please go back and try again.' },
  403: { title: 'You do not have access to this', text: 'If you think you should, ask HR to check your role.' },
  404: { title: 'We could not find that page', text: 'The link may be out of date, or the person may have left.' },
  405: { title: 'That is not something this page can do', text: 'Please go back and try again.' },
  413: { title: 'That file is too large', text: 'Please choose a smaller photo.' },
  429: { title: 'Too many attempts', text: 'Please wait a few minutes and try again.' },
  // A store is down (decision 012): nothing is wrong with the request, and it will most likely work shortly.
  503: {
    title: 'Part of our system is not answering just now',
    text: 'Please try again in a minute. Nothing you had already saved is lost.',
  },
};

const SERVER_ERROR = {
  title: 'Something went wrong on our side',
  text: 'Please try again in a moment. If it keeps happening, tell IT support.',
};

export function ErrorPage({ status }: { status: number }) {
  const page = PAGES[status] ?? SERVER_ERROR;
  return (
    <div className="error-page card narrow">
      <p className="error-page__code">{status}</p>
      <h1>{page.title}</h1>
      <p className="muted">{page.text}</p>
      <p>
        <Link to="/employees">Go to the directory</Link>
      </p>
    </div>
  );
}

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return <ErrorPage status={status} />;
}
