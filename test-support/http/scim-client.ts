/**
 * A SCIM client for the HTTP suites: requests as an identity provider sends them (bearer token, SCIM's media
 * type), through the production bundle (test-support/http/app-under-test.ts), and the tokens they present.
 */
import { createScimToken } from '~/models/scim-tokens.server';
import { APP_ORIGIN, type AppUnderTest } from './app-under-test';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface ScimAnswer {
  status: number;
  headers: Headers;
  // Whatever the provider reads of the answer's JSON (a User, a ListResponse or an error).
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function newScimToken(app: AppUnderTest, name = 'Entra ID'): Promise<string> {
  const { token } = await createScimToken(app.platform.db, {
    name,
    createdBy: null,
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  return token;
}

export function scimClient(app: AppUnderTest, token: string | null) {
  return async function scim(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ScimAnswer> {
    const response = await app.fetch(
      new Request(`${APP_ORIGIN}/scim/v2${path}`, {
        method,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
  };
}
