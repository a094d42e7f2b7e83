/**
 * Every SCIM request goes through here: the bearer token is checked (app/services/scim/scim-auth.server.ts; a
 * session cookie counts for nothing), a ScimError becomes its SCIM error response, and anything else a 500 in
 * the SCIM error schema that names no detail of the failure (the log has it; a store outage is a 503). What every
 * SCIM request needs besides (the per-token rate limit, the request log) hooks in here too, so that no route can
 * miss it.
 */
import type { AppLoadContext } from '@remix-run/node';
import type { Platform } from '~/platform.server';
import { isStoreUnavailable } from '~/utils/store-unavailable.server';
import { admitScimRequest } from './scim-admission.server';
import type { ScimClient } from './scim-auth.server';
import { ScimError } from './scim-error';

/** What the route hands over: the platform it fetched, Remix's load context and the operation, for the log. */
export interface ScimRouteContext {
  platform: Platform;
  load: AppLoadContext;
  /** e.g. `Users.create`. */
  operation: string;
}

export interface ScimRequestContext {
  platform: Platform;
  client: ScimClient;
}

export async function handleScimRequest(
  request: Request,
  context: ScimRouteContext,
  handler: (scim: ScimRequestContext) => Promise<Response>,
): Promise<Response> {
  const { platform } = context;
  try {
    // The operation and the connection for the log line, the token (401), then the connection's rate limit (429).
    const client = await admitScimRequest(platform.db, request, context.load, context.operation);
    return await handler({ platform, client });
  } catch (error) {
    if (error instanceof ScimError) return error.toResponse();
    // A store that cannot be reached: the provider retries later, as it does after any 503.
    if (isStoreUnavailable(error)) {
      platform.log.warn('SCIM request: a store is unavailable', { error });
      return new ScimError(503, null, 'The service is briefly unavailable; try again shortly.', {
        'Retry-After': '30',
      }).toResponse();
    }
    platform.log.error('SCIM request failed', { method: request.method, path: new URL(request.url).pathname, error });
    return new ScimError(500, null, 'The request could not be completed; nothing more is said here.').toResponse();
  }
}
