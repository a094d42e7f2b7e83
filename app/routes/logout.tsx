import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { assertSameOrigin } from '~/auth/csrf.server';
import { clearSignOutHint, readSignOutHint } from '~/auth/oidc-cookies.server';
import { providerSignOutUrl } from '~/auth/oidc-sign-out.server';
import { logout } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';

/**
 * Signing out is a POST (a link or an image tag elsewhere must not sign anyone out). The local session ends
 * first; a browser signed in through an identity provider that offers RP-initiated logout is then sent
 * there to end that session too, and comes back to the sign-in page.
 */
export async function action({ request }: ActionFunctionArgs) {
  const platform = await getPlatform();
  assertSameOrigin(request, platform.env.PUBLIC_URL);
  // Signing out never depends on the providers: if their secrets cannot be read, the local session still ends.
  const hint = await readSignOutHint(platform.env, request).catch((error: unknown) => {
    platform.log.warn('sign-out hint unreadable; ending the local session only', { error });
    return null;
  });
  const to = hint ? await providerSignOutUrl(platform, hint) : null;
  const response = await logout(request, to ?? '/login');
  if (hint) response.headers.append('Set-Cookie', await clearSignOutHint(platform.env));
  return response;
}

export async function loader() {
  throw redirect('/');
}
