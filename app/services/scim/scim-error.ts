/**
 * A SCIM error (RFC 7644 §3.12): the HTTP status, the `scimType` keyword where the RFC names one, and a detail a
 * provider's operator can act on. Thrown by the SCIM services and turned into the response by the routes.
 */
export const SCIM_CONTENT_TYPE = 'application/scim+json';
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type ScimErrorType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimErrorType | null,
    readonly detail: string,
    /** Extra headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ScimError';
  }

  toResponse(): Response {
    return scimJson(
      {
        schemas: [SCIM_ERROR_SCHEMA],
        status: String(this.status),
        ...(this.scimType ? { scimType: this.scimType } : {}),
        detail: this.detail,
      },
      { status: this.status, headers: this.headers },
    );
  }
}

/** A SCIM response body: JSON with SCIM's media type. */
export function scimJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'Content-Type': SCIM_CONTENT_TYPE, ...init.headers },
  });
}
