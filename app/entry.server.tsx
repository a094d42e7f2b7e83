/**
 * Server rendering, streamed, with the per-request CSP nonce (set by server.js) on every script Remix emits.
 * Also re-exports the runtime that server.js drives, so both share this bundle's modules.
 */
import { PassThrough } from 'node:stream';
import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';

import { isStoreUnavailable, STORE_UNAVAILABLE_RETRY_AFTER_SECONDS } from './utils/store-unavailable.server';

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
  const waitForAll = isbot(request.headers.get('user-agent') ?? '');
  // A loader or action that failed because a store is down: the error page says so, with 503 and when to retry
  // (a load balancer and a browser treat it as temporary; 500 says the page is broken).
  if (responseStatusCode === 500 && storeWasDown.has(request)) {
    responseStatusCode = 503;
    responseHeaders.set('Retry-After', String(STORE_UNAVAILABLE_RETRY_AFTER_SECONDS));
  }
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged by server.js through handleError; avoid printing twice here.
          if (!shellRendered) return;
        },
      },
    );
    setTimeout(abort, ABORT_DELAY_MS);
  });
}

/**
 * Requests whose loader or action failed because a store was down. Remix hands handleRequest only sanitised
 * errors in production ("Unexpected Server Error"), but calls handleError first with the real one.
 */
const storeWasDown = new WeakSet<Request>();

export function handleError(error: unknown, { request }: { request: Request }) {
  if (isStoreUnavailable(error)) storeWasDown.add(request);
  if (request.signal.aborted) return;
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
