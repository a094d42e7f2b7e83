/**
 * Every route's loader and action, wrapped once at start-up: one that fails because a store is down throws the 503
 * answer (decision 012) instead of the store's error, with one log line for the operator.
 *
 * Why here and not in entry.server's handleError: Remix 2 has no middleware, and in production it replaces a thrown
 * error by "Unexpected Server Error" before the error boundary or the browser sees it. The HTTP status could be made
 * 503 after the fact, but the page itself still said "500" and "something went wrong on our side", on the server's
 * render and again in the browser after hydration, and a client-side navigation (a `.data` request, which never
 * reaches handleRequest) answered 500. A thrown Response survives as a route error response with its status, in
 * all three.
 */
import type { ActionFunction, LoaderFunction, ServerBuild } from '@remix-run/node';
import type { Logger } from '@shared/logger';
import { isStoreUnavailable, storeUnavailableResponse } from '~/utils/store-unavailable.server';

type RouteHandler = LoaderFunction | ActionFunction;

export function answerStoreOutagesWith503<Build extends ServerBuild>(build: Build, log: Logger): Build {
  const routes: ServerBuild['routes'] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const { loader, action } = route.module;
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        ...(loader ? { loader: answerOutageWith503(loader, id, log) } : {}),
        ...(action ? { action: answerOutageWith503(action, id, log) } : {}),
      },
    };
  }
  return { ...build, routes };
}

function answerOutageWith503<Handler extends RouteHandler>(handler: Handler, routeId: string, log: Logger): Handler {
  const wrapped: RouteHandler = async (args) => {
    try {
      return await handler(args as Parameters<Handler>[0]);
    } catch (error) {
      // The person closed the page or lost the connection mid-request: an upload cut short fails as a connection
      // reset, which reads like a store's. No store failed, so no "a store did not answer" warning (seen when the
      // resilience harness's load stopped mid-join). Remix has already answered the aborted request (500, into the
      // closed connection) without waiting for this handler, and entry.server's handleError logs nothing for it;
      // this one line says what happened.
      if (args.request.signal.aborted) {
        log.info('the client went away before its answer', { routeId, method: args.request.method, error });
        throw error;
      }
      if (!isStoreUnavailable(error)) throw error;
      // The route, not the URL: a URL's query may hold what someone searched for.
      log.warn('a store did not answer; the page answered 503', { routeId, method: args.request.method, error });
      throw storeUnavailableResponse();
    }
  };
  return wrapped as Handler;
}
