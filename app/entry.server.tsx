/**
 * Server rendering with the per-request CSP nonce (set by server.js) on every script Remix emits, sent as one
 * body with its length. No page defers data (every loader has finished before rendering starts), so streaming
 * bought nothing but cost: each of React's chunks went through a PassThrough, a web stream and Express's write
 * separately (docs/decisions/313). Also re-exports the runtime that server.js drives, so both share this
 * bundle's modules.
 */
import { Writable } from 'node:stream';
import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { isRouteErrorResponse, RemixServer } from '@remix-run/react';
import { renderToPipeableStream } from 'react-dom/server';

import { catalogue } from './i18n/catalogue.server';
import { isLanguage } from './i18n/languages';
import { browserLanguage } from './i18n/locale.server';
import { CspNonceContext } from '~/components/csp-nonce';
import { ServerIntlContext } from './i18n/document-intl';
import { STORE_UNAVAILABLE_RETRY_AFTER_SECONDS } from './utils/store-unavailable.server';

export * as runtime from './runtime/index.server';

const ABORT_DELAY_MS = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === 'string' ? loadContext.cspNonce : undefined;
  // A loader or action that failed because a store is down threw the 503 answer (runtime/store-outage-answers
  // .server.ts): the page says when to try again. Remix passes a thrown Response's headers on only through a
  // route's `headers` export, which no route needs otherwise.
  if (responseStatusCode === 503) {
    responseHeaders.set('Retry-After', String(STORE_UNAVAILABLE_RETRY_AFTER_SECONDS));
  }
  // The root loader's choice (the person's stored language first); when it failed (a store is down), the browser's.
  const rootLocale = (remixContext.staticHandlerContext.loaderData.root as { locale?: unknown } | undefined)?.locale;
  const language = isLanguage(rootLocale) ? rootLocale : browserLanguage(request);
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <CspNonceContext.Provider value={nonce}>
        <ServerIntlContext.Provider value={catalogue(language)}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
        </ServerIntlContext.Provider>
      </CspNonceContext.Provider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          const chunks: Buffer[] = [];
          const body = new Writable({
            write(chunk: Buffer | string, _encoding, callback) {
              chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
              callback();
            },
          });
          body.on('finish', () => {
            // The timer held this render (and its page) for five seconds after every request: a worker under
            // load kept hundreds of finished pages alive.
            clearTimeout(abortTimer);
            const html = Buffer.concat(chunks);
            responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
            responseHeaders.set('Content-Length', String(html.length));
            resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }));
          });
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged by server.js through handleError; avoid printing twice here.
          if (!shellRendered) return;
        },
      },
    );
    const abortTimer = setTimeout(abort, ABORT_DELAY_MS);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // A 404 (no such route) or 405 (no action, or a method the route does not answer) is the client's doing, not a
  // fault: server.js's request line, at info, is its record. Logged here at error, a scan wrote 9,000 lines.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  // Remix's own warning for a `?_data=` request (the app never makes one: only a client probing for it does).
  if (
    error instanceof Error &&
    error.message.startsWith('Warning: Single fetch-enabled apps should not be making ?_data')
  )
    return;
  const err =
    error instanceof Error
      ? { name: error.name, message: error.message, stack: error.stack }
      : { message: String(error) };
  process.stdout.write(
    JSON.stringify({
      time: new Date().toISOString(),
      level: 'error',
      message: 'unhandled route error',
      path: new URL(request.url).pathname,
      error: err,
    }) + '\n',
  );
}
