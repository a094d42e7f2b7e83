/**
 * Who is calling a SCIM route: the connection whose bearer token the request presents. Only the SCIM routes call
 * this, so a token grants nothing else (a page reads the session cookie, never the Authorization header).
 */
import type { Database } from '~/db/database.server';
import { findLiveScimToken, markScimTokenUsed, type ScimTokenIdentity } from '~/models/scim-tokens.server';
import { ScimError } from './scim-error';

export type ScimClient = ScimTokenIdentity;

/**
 * How often a token's "last used" is written: HR reads it to see whether a connection is alive, to the minute at
 * best, so a write per request (a provider sends tens a second) would buy nothing.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** When this process last wrote each token's "last used", so it asks the database at most once per interval. */
const lastWritten = new Map<string, number>();

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
  await noteTokenUsed(db, client.id, now);
  return client;
}

async function noteTokenUsed(db: Database, tokenId: string, now: Date): Promise<void> {
  const last = lastWritten.get(tokenId);
  if (last !== undefined && now.getTime() - last < LAST_USED_RESOLUTION_MS && now.getTime() >= last) return;
  lastWritten.set(tokenId, now.getTime());
  // The UPDATE's own condition keeps other workers and instances from writing within the same interval.
  await markScimTokenUsed(db, tokenId, now, LAST_USED_RESOLUTION_MS);
}
