/**
 * Signing in through the company's identity provider: the authorization code flow with PKCE, state and nonce
 * (openid-client checks the ID token's signature, issuer, audience, expiry and nonce; nothing here reads a JWT
 * by hand), then the linking policy of decision 310:
 *
 *   identity already linked              -> that employee (refused if deactivated)
 *   verified email of an active employee -> link the identity, then that employee
 *   verified email, unknown, allowed domain -> onboarding (the /join profile, prefilled with the names given)
 *   anything else                        -> refused, with a page that says why; nothing is written
 */
import { z } from 'zod';
import { loadOpenidClient, type OpenidClient } from '~/auth/load-openid-client.server';
import { safeRedirect } from '~/auth/safe-redirect';
import { getOidcProvider, OidcProviderUnavailableError, type OidcProvider } from '~/auth/oidc-providers.server';
import type { OidcFlow, OidcOnboarding } from '~/auth/oidc-cookies.server';
import { FLOW_TTL_MS, ONBOARDING_TTL_MS } from '~/auth/oidc-cookies.server';
import { getEmployee, getEmployeeByEmail } from '~/models/employee.server';
import { findLinkedIdentity, IdentityAlreadyLinkedError, touchLinkedIdentity } from '~/models/linked-identities.server';
import type { Platform } from '~/platform.server';
import { publicBaseUrl } from '~/config/public-url.server';
import { emailDomainAllowed } from '~/services/profile-form.server';
import { linkIdentity, type VerifiedIdentity } from '~/services/linked-identities.server';
import { isStoreUnavailable } from '~/utils/store-unavailable.server';

export const OIDC_SCOPES = 'openid email profile';

/**
 * The redirect URI registered at the provider: on the configured public address (PUBLIC_URL, or locally the
 * server's own), never the request's Host (docs/decisions/317-one-public-address.md).
 */
export function callbackUrl(platform: Platform, providerId: string): URL {
  return new URL(`/auth/oidc/${providerId}/callback`, publicBaseUrl(platform.env));
}

/** The authorization request: where to send the browser, and the flow cookie's content. */
export async function beginOidcSignIn(
  platform: Platform,
  provider: OidcProvider,
  request: Request,
  redirectTo: string | null,
): Promise<{ url: URL; flow: OidcFlow }> {
  const oidc = await loadOpenidClient();
  const verifier = oidc.randomPKCECodeVerifier();
  const flow: OidcFlow = {
    provider: provider.settings.id,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier,
    redirectTo: safeRedirect(redirectTo, '/me'),
    expiresAt: Date.now() + FLOW_TTL_MS,
  };
  const url = oidc.buildAuthorizationUrl(provider.config, {
    redirect_uri: callbackUrl(platform, provider.settings.id).href,
    scope: OIDC_SCOPES,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
  return { url, flow };
}

export type RefusalReason =
  | 'no-flow'
  | 'provider-error'
  | 'state-mismatch'
  | 'code-rejected'
  | 'token-rejected'
  | 'token-expired'
  | 'no-email'
  | 'email-unverified'
  | 'domain-not-allowed'
  | 'profile-pending'
  | 'deactivated'
  | 'provider-unavailable';

export type OidcOutcome =
  | { kind: 'signed-in'; employeeId: string; redirectTo: string; idToken: string | undefined; linked: boolean }
  | { kind: 'onboarding'; onboarding: OidcOnboarding; idToken: string | undefined }
  | { kind: 'refused'; reason: RefusalReason; employeeId?: string };

/** The openid-client failure, as a reason a person can act on (and an operator can read in the log). */
function classify(oidc: OpenidClient, error: unknown): RefusalReason {
  if (error instanceof oidc.AuthorizationResponseError) return 'provider-error';
  if (error instanceof oidc.ResponseBodyError)
    return error.error === 'invalid_grant' ? 'code-rejected' : 'provider-error';
  // openid-client wraps the failed check (oauth4webapi's error, which names it) as the cause.
  const { code, cause, message } = error as { code?: unknown; cause?: { message?: unknown }; message?: unknown };
  if (typeof cause?.message === 'string' && cause.message.includes('"state"')) return 'state-mismatch';
  if (typeof message === 'string' && message.includes('"state"')) return 'state-mismatch';
  if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') return 'token-expired';
  return 'token-rejected';
}

const namesSchema = z.object({
  given_name: z.string().trim().max(100).optional().catch(undefined),
  family_name: z.string().trim().max(100).optional().catch(undefined),
  name: z.string().trim().max(200).optional().catch(undefined),
  email_verified: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .optional()
    .catch(undefined),
});

function namesFrom(claims: z.infer<typeof namesSchema>): { firstName: string; lastName: string } {
  if (claims.given_name || claims.family_name) {
    return { firstName: claims.given_name ?? '', lastName: claims.family_name ?? '' };
  }
  const parts = (claims.name ?? '').split(/\s+/).filter(Boolean);
  return {
    firstName: parts.slice(0, -1).join(' ') || (parts[0] ?? ''),
    lastName: parts.length > 1 ? parts.at(-1)! : '',
  };
}

const emailSchema = z.string().trim().toLowerCase().max(254).email();

/**
 * The callback: the code exchanged and the ID token verified by openid-client, then the policy above.
 * `currentUrl` is the callback URL as the provider called it (the registered redirect URI + its query).
 */
export async function completeOidcSignIn(
  platform: Platform,
  providerId: string,
  request: Request,
  flow: OidcFlow | null,
): Promise<OidcOutcome> {
  const { log, db } = platform;
  const refuse = (reason: RefusalReason, extra: Record<string, unknown> = {}, employeeId?: string): OidcOutcome => {
    log.warn('identity provider sign-in refused', { provider: providerId, reason, ...extra });
    return { kind: 'refused', reason, employeeId };
  };
  if (!flow || flow.provider !== providerId) return refuse('no-flow');
  let provider: OidcProvider | null;
  try {
    provider = await getOidcProvider(platform.env, providerId);
  } catch (error) {
    if (error instanceof OidcProviderUnavailableError) return refuse('provider-unavailable', { error: error.cause });
    throw error;
  }
  if (!provider) return refuse('no-flow');

  const currentUrl = callbackUrl(platform, providerId);
  currentUrl.search = new URL(request.url).search;
  const oidc = await loadOpenidClient();
  let tokens: Awaited<ReturnType<OpenidClient['authorizationCodeGrant']>>;
  try {
    tokens = await oidc.authorizationCodeGrant(provider.config, currentUrl, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    const reason = classify(oidc, error);
    // The library's message names the failed check (state, aud, exp, ...); the error's cause holds claims: not logged.
    const failed = error as { message?: unknown; code?: unknown; cause?: { message?: unknown } };
    return refuse(reason, { check: failed.cause?.message ?? failed.message, code: failed.code });
  }
  const claims = tokens.claims()!;
  const idToken = tokens.id_token;
  const identity = { providerId, issuer: claims.iss, subject: claims.sub };

  const linked = await findLinkedIdentity(db, identity);
  if (linked) {
    const employee = await getEmployee(db, linked.employeeId, 'private');
    if (!employee || employee.status === 'inactive') return refuse('deactivated', {}, linked.employeeId);
    await touchLinkedIdentity(db, linked.id);
    return { kind: 'signed-in', employeeId: employee.id, redirectTo: flow.redirectTo, idToken, linked: false };
  }

  const email = emailSchema.safeParse(claims[provider.settings.emailClaim]);
  if (!email.success) return refuse('no-email', { claim: provider.settings.emailClaim });
  const extra = namesSchema.parse(claims);
  const verified =
    provider.settings.emailVerification === 'trusted' ||
    extra.email_verified === true ||
    extra.email_verified === 'true';
  if (!verified) return refuse('email-unverified');
  if (!emailDomainAllowed(email.data, provider.allowedDomains)) return refuse('domain-not-allowed');

  const employee = await getEmployeeByEmail(db, email.data);
  if (employee) {
    if (employee.status === 'inactive') return refuse('deactivated', {}, employee.id);
    // A pending profile is someone who opened a join link mailed to this address (an unfinished join stores no
    // profile, so it cannot stand in the owner's way: docs/decisions/318-join-proves-the-work-address.md), or one
    // HR created. Its owner has a password already; linking waits for HR's check, which comes first.
    if (employee.status === 'pending') return refuse('profile-pending');
    const verifiedIdentity: VerifiedIdentity = { ...identity, email: email.data };
    try {
      await linkIdentity(platform, employee.id, verifiedIdentity);
    } catch (error) {
      // Two sign-ins of the same person at once: the other one linked it.
      if (error instanceof IdentityAlreadyLinkedError) {
        return { kind: 'signed-in', employeeId: employee.id, redirectTo: flow.redirectTo, idToken, linked: false };
      }
      // The activity log or the database is down: the person is who the provider says, so they are signed in
      // as a password sign-in would; the link (nothing of it was kept) is made at their next sign-in.
      if (!isStoreUnavailable(error)) throw error;
      log.warn('identity not linked: a store is unavailable; signed in without the link', {
        employeeId: employee.id,
        provider: providerId,
        error,
      });
      return { kind: 'signed-in', employeeId: employee.id, redirectTo: flow.redirectTo, idToken, linked: false };
    }
    log.info('identity linked at first sign-in', { employeeId: employee.id, provider: providerId });
    return { kind: 'signed-in', employeeId: employee.id, redirectTo: flow.redirectTo, idToken, linked: true };
  }

  return {
    kind: 'onboarding',
    idToken,
    onboarding: {
      ...identity,
      email: email.data,
      ...namesFrom(extra),
      expiresAt: Date.now() + ONBOARDING_TTL_MS,
    },
  };
}
