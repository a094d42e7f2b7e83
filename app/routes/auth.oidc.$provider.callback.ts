/**
 * GET /auth/oidc/<provider>/callback: where the identity provider sends the browser back. The sign-in is
 * completed (app/services/oidc-sign-in.server.ts) and answered with the same server-side session as a password
 * sign-in, the onboarding form for a new colleague, or a redirect to the page that says why not
 * (app/routes/auth.oidc.refused.tsx). Every answer is a redirect: this address carries the provider's one-time
 * code and state, which must not stay in the address bar or the history. The one GET that writes (a session, a
 * link): the provider's redirect can only be a GET, and the state, PKCE verifier and a one-time code bind it to
 * the browser that started it.
 */
import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import {
  clearFlow,
  readFlow,
  writeOnboarding,
  writeRefusal,
  writeSignOutHint,
  MAX_HINT_ID_TOKEN_LENGTH,
} from '~/auth/oidc-cookies.server';
import { completeOidcSignIn } from '~/services/oidc-sign-in.server';
import { createUserSession } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';

const providerIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const platform = await getPlatform();
  const id = providerIdSchema.safeParse(params.provider);
  if (!id.success) throw new Response('No such identity provider', { status: 404 });
  const { env } = platform;
  let flow;
  try {
    flow = await readFlow(env, request);
  } catch (error) {
    // The cookies' key comes from the client secrets: without them no sign-in can complete (nor can a refusal
    // cookie be signed), so the sign-in page says so, as when a sign-in cannot start.
    platform.log.warn('identity provider sign-in refused', {
      provider: id.data,
      reason: 'provider-unavailable',
      error,
    });
    throw redirect(`/login?${new URLSearchParams({ problem: 'provider-unavailable' })}`);
  }
  const outcome = await completeOidcSignIn(platform, id.data, request, flow);
  // The flow is spent whatever happened: a second use of this response starts from nothing.
  const headers = new Headers({ 'Set-Cookie': await clearFlow(env) });

  if (outcome.kind === 'signed-in') {
    const response = await createUserSession(request, outcome.employeeId, outcome.redirectTo);
    response.headers.append('Set-Cookie', headers.get('Set-Cookie')!);
    const idToken = outcome.idToken && outcome.idToken.length <= MAX_HINT_ID_TOKEN_LENGTH ? outcome.idToken : undefined;
    response.headers.append('Set-Cookie', await writeSignOutHint(env, { provider: id.data, idToken }));
    return response;
  }
  if (outcome.kind === 'onboarding') {
    headers.append('Set-Cookie', await writeOnboarding(env, outcome.onboarding));
    throw redirect('/auth/oidc/onboarding', { headers });
  }
  const employeeId = outcome.reason === 'deactivated' ? outcome.employeeId : undefined;
  headers.append('Set-Cookie', await writeRefusal(env, { reason: outcome.reason, employeeId }));
  throw redirect('/auth/oidc/refused', { headers });
}
