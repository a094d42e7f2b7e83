/**
 * How large a request body the app accepts, checked by server.js on the declared Content-Length before the app
 * reads a byte (docs/decisions/112-public-routes-and-body-limits.md):
 *
 * - under /scim/: SCIM_MAX_BODY_BYTES (1 MiB, the size ServiceProviderConfig announces), refused with a SCIM 413;
 * - a multipart form (a photo, the CSV import): the largest file a form takes, plus room for its other fields;
 * - anything else (the forms are a few kilobytes): 1 MiB.
 *
 * A body sent in chunks declares no length: the SCIM reader (app/services/scim/scim-body.server.ts) counts it, and
 * the multipart parsers stop at their part size. The load balancer cannot limit a body's size itself.
 */
import type { Env } from '~/config/env.server';
import { SCIM_PATH_PREFIX } from '~/services/scim/discovery.server';
import { scimBodyTooLarge, SCIM_MAX_BODY_BYTES } from '~/services/scim/scim-body.server';
import { SCIM_CONTENT_TYPE, SCIM_ERROR_SCHEMA } from '~/services/scim/scim-error';

export const MAX_FORM_BODY_BYTES = 1024 * 1024;
/** The CSV import takes up to 5 MiB (app/routes/admin.import.tsx); a photo up to PHOTO_MAX_BYTES. */
const LARGEST_FORM_FILE_BYTES = 5 * 1024 * 1024;

function isScimPath(path: string): boolean {
  return path === SCIM_PATH_PREFIX || path.startsWith(`${SCIM_PATH_PREFIX}/`);
}

export interface BodyRefusal {
  status: 413;
  headers: Record<string, string>;
  text: string;
}

export function createBodyLimits(env: Pick<Env, 'PHOTO_MAX_BYTES'>) {
  const multipartLimit = Math.max(env.PHOTO_MAX_BYTES, LARGEST_FORM_FILE_BYTES) + MAX_FORM_BODY_BYTES;
  return {
    limitOf(path: string, contentType: string | undefined): number {
      if (isScimPath(path)) return SCIM_MAX_BODY_BYTES;
      return /^multipart\/form-data/i.test(contentType ?? '') ? multipartLimit : MAX_FORM_BODY_BYTES;
    },
    /** The refusal for a declared body over its path's limit, or null to let it through. */
    check(path: string, contentType: string | undefined, contentLength: string | undefined): BodyRefusal | null {
      const declared = Number(contentLength ?? NaN);
      if (!Number.isFinite(declared) || declared <= this.limitOf(path, contentType)) return null;
      if (isScimPath(path)) {
        const error = scimBodyTooLarge();
        return {
          status: 413,
          headers: { 'Content-Type': SCIM_CONTENT_TYPE, Connection: 'close' },
          text: JSON.stringify({ schemas: [SCIM_ERROR_SCHEMA], status: String(error.status), detail: error.detail }),
        };
      }
      return {
        status: 413,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' },
        text: 'This request is too large.',
      };
    },
  };
}
