/**
 * Who is calling a SCIM route: the connection whose bearer token the request presents. Only the SCIM routes call
 * this, so a token grants nothing else (a page reads the session cookie, never the Authorization header).
 */
import type { Database } from '~/db/database.server';
import { findLiveScimToken, type ScimTokenIdentity } from '~/models/scim-tokens.server';
import { ScimError } from './scim-error';

export type ScimClient = ScimTokenIdentity;

/** The calling connection; throws a SCIM 401 when the token is missing, unknown, expired or revoked. */
export async function requireScimClient(db: Database, request: Request, now = new Date()): Promise<ScimClient> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const client = match ? await findLiveScimToken(db, match[1]!, now) : null;
  if (!client) {
    throw new ScimError(401, null, 'A valid bearer token is required: ask HR for this connection’s token.', {
      'WWW-Authenticate': 'Bearer realm="scim"',
    });
  }
  return client;
}
