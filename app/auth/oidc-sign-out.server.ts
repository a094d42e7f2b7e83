/** RP-initiated logout: the provider's end-session URL for a browser it signed in, if the provider offers one. */
import type { Platform } from '~/platform.server';
import { publicBaseUrl } from '~/config/public-url.server';
import { loadOpenidClient } from './load-openid-client.server';
import type { OidcSignOutHint } from './oidc-cookies.server';
import { getOidcProvider } from './oidc-providers.server';

export async function providerSignOutUrl(platform: Platform, hint: OidcSignOutHint): Promise<string | null> {
  let provider;
  try {
    provider = await getOidcProvider(platform.env, hint.provider);
  } catch (error) {
    // The local session ends regardless; the provider's own session stays until it expires there.
    platform.log.warn('identity provider unreachable at sign-out', { provider: hint.provider, error });
    return null;
  }
  if (!provider?.endSession) return null;
  const parameters: Record<string, string> = {
    client_id: provider.settings.clientId,
    post_logout_redirect_uri: new URL('/login', publicBaseUrl(platform.env)).href,
  };
  if (hint.idToken) parameters.id_token_hint = hint.idToken;
  const oidc = await loadOpenidClient();
  return oidc.buildEndSessionUrl(provider.config, parameters).href;
}
