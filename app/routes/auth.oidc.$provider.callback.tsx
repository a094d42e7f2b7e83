/**
 * GET /auth/oidc/<provider>/callback: where the identity provider sends the browser back. The sign-in is
 * completed (app/services/oidc-sign-in.server.ts) and answered with the same server-side session as a password
 * sign-in, the onboarding form for a new colleague, or a page that says why not (403). The one GET that
 * writes (a session, a link): the provider's redirect can only be a GET, and the state, PKCE verifier and a
 * one-time code bind it to the browser that started it.
 */
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { describeInactiveAccount } from '~/auth/account-standing.server';
import {
  clearFlow,
  readFlow,
  writeOnboarding,
  writeSignOutHint,
  MAX_HINT_ID_TOKEN_LENGTH,
} from '~/auth/oidc-cookies.server';
import { completeOidcSignIn, REFUSAL_MESSAGES } from '~/services/oidc-sign-in.server';
import { createUserSession } from '~/auth/user-session.server';
import { InactiveAccount, type InactiveAccountData } from '~/components/inactive-account';
import { getPlatform } from '~/platform.server';

export const meta: MetaFunction = () => [{ title: 'Sign in · XYZ People' }];

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
    // The cookies' key comes from the client secrets: without them no sign-in can complete.
    platform.log.warn('identity provider sign-in refused', {
      provider: id.data,
      reason: 'provider-unavailable',
      error,
    });
    const refusal: Refusal = {
      reason: 'provider-unavailable',
      message: REFUSAL_MESSAGES['provider-unavailable'],
      inactive: null,
    };
    return data(refusal, { status: 503 });
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
  const inactive =
    outcome.reason === 'deactivated' && outcome.employeeId
      ? await describeInactiveAccount(platform.db, outcome.employeeId)
      : null;
  const refusal: Refusal = { reason: outcome.reason, message: REFUSAL_MESSAGES[outcome.reason], inactive };
  return data(refusal, { status: 403, headers });
}

interface Refusal {
  reason: string;
  message: string;
  inactive: InactiveAccountData | null;
}

export default function OidcRefused() {
  // `data()` hides the shape from useLoaderData's inference (the app does not declare the single-fetch types).
  const { reason, message, inactive } = useLoaderData() as Refusal;
  return (
    <div className="narrow">
      <div className="card">
        <h1>You are not signed in</h1>
        {inactive ? (
          <InactiveAccount notice={inactive} />
        ) : (
          <div className="alert alert--error" role="alert" data-testid="oidc-refusal" data-reason={reason}>
            <p>{message}</p>
          </div>
        )}
        <p className="actions">
          <Link to="/login">Back to sign in</Link>
        </p>
      </div>
    </div>
  );
}
