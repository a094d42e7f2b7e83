/**
 * The quick start's "Sign in with XYZ SSO (local)": the stand-in provider on LOCAL_IDP_PORT (default PORT + 1)
 * with a client for this app, and the OIDC_PROVIDERS entry the workers get. The client secret is new at each
 * start; it never leaves this machine.
 */
import { randomBytes } from 'node:crypto';
import type { OidcProviderSettings } from '~/config/oidc-env.server';
import type { Platform } from '~/platform.server';
import { databaseAccounts } from './local-idp-accounts.server';
import { startLocalIdp } from './local-idp.server';

export const LOCAL_PROVIDER_ID = 'local';

export async function startLocalIdpForApp(platform: Platform) {
  const { env } = platform;
  const chosen = env.LOCAL_IDP_PORT || (env.PORT ? env.PORT + 1 : 0);
  const origins = new Set<string>([`http://127.0.0.1:${env.PORT}`, `http://localhost:${env.PORT}`]);
  if (!['0.0.0.0', '::'].includes(env.HOST)) origins.add(`http://${env.HOST}:${env.PORT}`);
  if (env.PUBLIC_URL) origins.add(new URL(env.PUBLIC_URL).origin);
  const clientId = 'xyz-people-local';
  const clientSecret = randomBytes(32).toString('base64url');
  const start = (port: number) =>
    startLocalIdp({
      port,
      clients: [
        {
          clientId,
          clientSecret,
          redirectUris: [...origins].map((origin) => `${origin}/auth/oidc/${LOCAL_PROVIDER_ID}/callback`),
          postLogoutRedirectUris: [...origins].map((origin) => `${origin}/login`),
        },
      ],
      accounts: databaseAccounts(platform.db),
    });
  let idp;
  try {
    idp = await start(chosen);
  } catch (error) {
    // PORT + 1 is only a default: when something else has it, any free port does (links made at the old address
    // are made again by email at the next sign-in). A port the operator set is not second-guessed.
    if ((error as { code?: string }).code !== 'EADDRINUSE' || env.LOCAL_IDP_PORT) throw error;
    platform.log.warn('local identity provider port in use; using a free one', { port: chosen });
    idp = await start(0);
  }
  const providers: OidcProviderSettings[] = [
    {
      id: LOCAL_PROVIDER_ID,
      name: 'XYZ SSO (local)',
      issuer: idp.issuer,
      clientId,
      clientSecret,
      allowedDomains: env.ALLOWED_EMAIL_DOMAINS,
      emailClaim: 'email',
      emailVerification: 'claim',
      clockToleranceSeconds: 30,
    },
  ];
  return { issuer: idp.issuer, providers, stop: idp.stop };
}
