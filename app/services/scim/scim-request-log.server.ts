/**
 * What a SCIM request adds to the server's one log line per request (server.js): the connection's name (as HR
 * typed it on /admin/scim) and the SCIM operation (e.g. `Users.list`, `Schemas.get`). Never the body, a filter
 * or any value about a person: the path is already on the line, and a User's id names no one by itself.
 */
import type { ScimClient } from './scim-auth.server';

/** The fields a route adds to its request's log line; server.js puts an empty one in the load context. */
export type RequestLogFields = Record<string, string | number | undefined>;

interface WithRequestLog {
  requestLog?: RequestLogFields;
}

export function noteScimOperation(context: unknown, operation: string): void {
  const log = (context as WithRequestLog | undefined)?.requestLog;
  if (log) log.scimOperation = operation;
}

export function noteScimConnection(context: unknown, client: ScimClient): void {
  const log = (context as WithRequestLog | undefined)?.requestLog;
  if (log) {
    log.scimConnection = client.name;
    log.scimTokenId = client.id;
  }
}
