/**
 * GET /auth/oidc/<provider>/start: sends the browser to the identity provider with a fresh state, nonce and
 * PKCE challenge, kept in a signed HttpOnly cookie for the callback. A link (no form), so it works without
 * JavaScript; it writes nothing but that cookie.
 */
import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { writeFlow } from '~/auth/oidc-cookies.server';
import { getOidcProvider, OidcProviderUnavailableError } from '~/auth/oidc-providers.server';
import { beginOidcSignIn } from '~/services/oidc-sign-in.server';
import { getUser } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';

const providerIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const platform = await getPlatform();
  const id = providerIdSchema.safeParse(params.provider);
  if (!id.success) throw new Response('No such identity provider', { status: 404 });
  if (await getUser(request)) throw redirect('/employees');
  let provider;
  try {
    provider = await getOidcProvider(platform.env, id.data);
  } catch (error) {
    if (!(error instanceof OidcProviderUnavailableError)) throw error;
    platform.log.warn('identity provider unavailable', { provider: id.data, error: error.cause });
    throw redirect(`/login?${new URLSearchParams({ problem: 'provider-unavailable' })}`);
  }
  if (!provider) throw new Response('No such identity provider', { status: 404 });
  const redirectTo = new URL(request.url).searchParams.get('redirectTo');
  const { url, flow } = await beginOidcSignIn(platform, provider, request, redirectTo);
  return redirect(url.href, { headers: { 'Set-Cookie': await writeFlow(platform.env, flow) } });
}
