/**
 * What every SCIM request passes before its handler (docs/decisions/330-scim-tokens.md): its
 * operation noted for the log line, the bearer token checked (401), the connection noted, then the connection's
 * rate limit (429). Errors thrown by any of them, or by the handler, answer in SCIM's error form.
 */
import type { Database } from '~/db/database.server';
import { requireScimClient, type ScimClient } from './scim-auth.server';
import { ScimError } from './scim-error';
import { limitScimRequest } from './scim-rate-limit.server';
import { noteScimConnection, noteScimOperation } from './scim-request-log.server';

export async function admitScimRequest(
  db: Database,
  request: Request,
  context: unknown,
  operation: string,
): Promise<ScimClient> {
  noteScimOperation(context, operation);
  const client = await requireScimClient(db, request);
  noteScimConnection(context, client);
  limitScimRequest(client);
  return client;
}

/** Runs a SCIM handler; a ScimError it throws becomes the SCIM error response, anything else is a fault. */
export async function answerScim(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof ScimError) return error.toResponse();
    throw error;
  }
}
