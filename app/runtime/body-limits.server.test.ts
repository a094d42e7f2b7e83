/**
 * server.js's body limits (docs/decisions/112-public-routes-and-body-limits.md): a declared body over its path's
 * limit is refused before the app reads it, as a SCIM error under /scim/, and a photo form still fits.
 */
import { describe, expect, it } from 'vitest';
import { SCIM_MAX_BODY_BYTES } from '~/services/scim/scim-body.server';
import { createBodyLimits, MAX_FORM_BODY_BYTES } from './body-limits.server';

describe("server.js's body limits", () => {
  const limits = createBodyLimits({ PHOTO_MAX_BYTES: 15 * 1024 * 1024 });

  it('refuses a declared SCIM body over 1 MiB as a SCIM error, other paths by their own limit', () => {
    const scim = limits.check('/scim/v2/Users', 'application/scim+json', String(SCIM_MAX_BODY_BYTES + 1))!;
    expect(scim.status).toBe(413);
    expect(scim.headers['Content-Type']).toBe('application/scim+json');
    expect(JSON.parse(scim.text)).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'] });
    expect(limits.check('/scim/v2/Users', 'application/scim+json', String(SCIM_MAX_BODY_BYTES))).toBeNull();

    expect(limits.check('/login', 'application/x-www-form-urlencoded', String(MAX_FORM_BODY_BYTES + 1))?.status).toBe(
      413,
    );
    expect(limits.check('/login', 'application/x-www-form-urlencoded', '2048')).toBeNull();
    // A photo of up to PHOTO_MAX_BYTES still fits in its multipart form.
    expect(limits.check('/me', 'multipart/form-data; boundary=x', String(15 * 1024 * 1024 + 4096))).toBeNull();
    expect(limits.check('/me', 'multipart/form-data; boundary=x', String(17 * 1024 * 1024))?.status).toBe(413);
    // No declared length (chunked): left to the readers.
    expect(limits.check('/scim/v2/Users', 'application/scim+json', undefined)).toBeNull();
  });
});
