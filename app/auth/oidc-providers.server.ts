/**
 * The configured identity providers, each as an openid-client Configuration made from the issuer's discovery
 * document. Discovery runs on a provider's first use in each process and is kept; a provider that cannot be
 * reached is tried again on the next sign-in rather than failing the server's start. Client secrets are read
 * once per process (app/auth/oidc-client-secrets.server.ts).
 */
import type { Configuration } from 'openid-client';
import type { Env } from '~/config/env.server';
import type { OidcProviderSettings } from '~/config/oidc-env.server';
import { loadOpenidClient } from './load-openid-client.server';
import { readClientSecrets } from './oidc-client-secrets.server';

export interface OidcProvider {
  settings: OidcProviderSettings;
  config: Configuration;
  /** The email domains that may sign in or join through this provider. */
  allowedDomains: string[];
  /** RP-initiated logout is offered by the provider. */
  endSession: boolean;
}

export interface OidcProviderButton {
  id: string;
  name: string;
}

export class OidcProviderUnavailableError extends Error {
  constructor(
    readonly providerId: string,
    override readonly cause: unknown,
  ) {
    super(`The identity provider ${providerId} could not be reached`);
    this.name = 'OidcProviderUnavailableError';
  }
}

/** The buttons on the sign-in page (no network: discovery waits until someone presses one). */
export function listOidcProviders(env: Pick<Env, 'OIDC_PROVIDERS'>): OidcProviderButton[] {
  return (env.OIDC_PROVIDERS ?? []).map(({ id, name }) => ({ id, name }));
}

/**
 * The openid-client checks are relaxed for exactly one case: the local stand-in provider on a loopback
 * address over plain http, in local mode. On AWS the env already requires https issuers.
 */
function isLocalLoopbackIssuer(env: Pick<Env, 'APP_ENV'>, issuer: string): boolean {
  if (env.APP_ENV !== 'local') return false;
  const url = new URL(issuer);
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

const secretsByEnv = new WeakMap<object, Promise<Map<string, string>>>();
const providersByEnv = new WeakMap<object, Map<string, Promise<OidcProvider>>>();

/** Provider id -> client secret, read once per process. */
export function clientSecretsOf(env: Env): Promise<Map<string, string>> {
  let pending = secretsByEnv.get(env);
  if (!pending) {
    pending = readClientSecrets(env);
    // A failed read (the secret not yet readable at boot) is tried again on the next sign-in.
    pending.catch(() => secretsByEnv.delete(env));
    secretsByEnv.set(env, pending);
  }
  return pending;
}

async function discover(env: Env, settings: OidcProviderSettings): Promise<OidcProvider> {
  let secret: string;
  try {
    secret = (await clientSecretsOf(env)).get(settings.id)!;
  } catch (error) {
    // Secrets Manager unreachable or the secret incomplete: for the person, the provider is not available.
    throw new OidcProviderUnavailableError(settings.id, error);
  }
  const insecure = isLocalLoopbackIssuer(env, settings.issuer);
  let config: Configuration;
  try {
    const oidc = await loadOpenidClient();
    config = await oidc.discovery(
      new URL(settings.issuer),
      settings.clientId,
      { [oidc.clockTolerance]: settings.clockToleranceSeconds },
      oidc.ClientSecretPost(secret),
      { execute: insecure ? [oidc.allowInsecureRequests] : [], timeout: 10 },
    );
  } catch (error) {
    throw new OidcProviderUnavailableError(settings.id, error);
  }
  return {
    settings,
    config,
    allowedDomains: settings.allowedDomains ?? env.ALLOWED_EMAIL_DOMAINS,
    endSession: Boolean(config.serverMetadata().end_session_endpoint),
  };
}

/** A configured provider, discovered; null for an id that is not configured. */
export async function getOidcProvider(env: Env, id: string): Promise<OidcProvider | null> {
  const settings = env.OIDC_PROVIDERS?.find((provider) => provider.id === id);
  if (!settings) return null;
  let byId = providersByEnv.get(env);
  if (!byId) providersByEnv.set(env, (byId = new Map()));
  let pending = byId.get(id);
  if (!pending) {
    pending = discover(env, settings);
    pending.catch(() => byId.delete(id));
    byId.set(id, pending);
  }
  return pending;
}
