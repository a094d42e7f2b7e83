/** The JSON twin of the /me photo form, used by the page's script so that it can show upload progress. */
import type { ActionFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';
import { handleMeAction } from '~/services/me-actions.server';

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request).catch((thrown: unknown) => {
    // A fetch cannot follow the sign-in redirect usefully: answer 401 and let the page reload.
    if (thrown instanceof Response && thrown.status === 302)
      throw Response.json({ ok: false, errors: {}, formError: 'Please sign in again.' }, { status: 401 });
    throw thrown;
  });
  const platform = await getPlatform();
  const result = await handleMeAction(platform, user, request, { only: 'photo' });
  if (!result.ok)
    return Response.json({ ok: false, errors: result.errors, formError: result.formError }, { status: 400 });
  return Response.json({ ok: true, redirectTo: '/me?photo=uploaded' });
}

export function loader() {
  return new Response('Not found', { status: 404 });
}
