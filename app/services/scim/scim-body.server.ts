/**
 * Reading a SCIM request's JSON body, bounded: a body over SCIM_MAX_BODY_BYTES is refused with a SCIM 413 (the
 * size ServiceProviderConfig announces), whether it declares its length or streams it in chunks, and a body that
 * is not JSON with a SCIM 400 `invalidSyntax`. server.js refuses an over-long declared length before the app reads
 * anything (app/runtime/body-limits.server.ts); this is the check for chunked bodies and for the app's own handler.
 */
import { ScimError } from './scim-error';

/** 1 MiB: a User with every attribute is a few kilobytes; a provider's largest PATCH is a few hundred. */
export const SCIM_MAX_BODY_BYTES = 1024 * 1024;

export function scimBodyTooLarge(): ScimError {
  return new ScimError(413, null, `The request body is larger than ${SCIM_MAX_BODY_BYTES} bytes.`);
}

/** The parsed JSON body, or a thrown ScimError (413 too large, 400 not JSON). */
export async function readScimJson(request: Request, maxBytes = SCIM_MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw scimBodyTooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw scimBodyTooLarge();
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ScimError(400, 'invalidSyntax', 'The request body is not JSON.');
  }
}
