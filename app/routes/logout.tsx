import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { assertSameOrigin } from '~/auth/csrf.server';
import { logout } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';

/** Signing out is a POST (a link or an image tag elsewhere must not sign anyone out). */
export async function action({ request }: ActionFunctionArgs) {
  const { env } = await getPlatform();
  assertSameOrigin(request, env.PUBLIC_URL);
  return logout(request);
}

export async function loader() {
  throw redirect('/');
}
