/**
 * Whether an error means a store (the database, DynamoDB, S3) could not be reached, rather than that the request
 * or the code was wrong: the connection was refused, reset or timed out. Such a request may succeed in a minute,
 * so the person is told to try again (503) instead of seeing a server error, and nothing was kept half-written
 * (decision 001's write order undoes what was written before the failure).
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
// Sequelize's ConnectionError family (refused, timed out, pool acquire timeout, host not found/reachable).
const SEQUELIZE_UNREACHABLE = /^Sequelize(Connection\w*|Host\w*)Error$/;

export function isStoreUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  const { code, name } = error as Error & { code?: unknown };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (SEQUELIZE_UNREACHABLE.test(name)) return true;
  if (name === 'TimeoutError' || name === 'ProtocolError' || /Connection lost|socket hang up/i.test(error.message))
    return true;
  return isStoreUnavailable((error as Error & { cause?: unknown; parent?: unknown }).parent ?? error.cause, depth + 1);
}

export const STORE_UNAVAILABLE_MESSAGE =
  'We could not save this just now: part of our system is not answering. Nothing was kept; please try again in a minute.';

/** How long a person (or a client) is asked to wait before trying again while a store is down. */
export const STORE_UNAVAILABLE_RETRY_AFTER_SECONDS = 30;

/** The plain answer of a resource route (a photo, a JSON endpoint) while a store is down: 503, try again later. */
export function storeUnavailableResponse(): Response {
  return new Response('Temporarily unavailable: please try again in a minute.', {
    status: 503,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Retry-After': String(STORE_UNAVAILABLE_RETRY_AFTER_SECONDS),
      'Cache-Control': 'no-store',
    },
  });
}
