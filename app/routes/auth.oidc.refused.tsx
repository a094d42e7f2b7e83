/**
 * GET /auth/oidc/refused: why a sign-in through the identity provider was refused, at an address without the
 * provider's code and state (the callback, app/routes/auth.oidc.$provider.callback.ts, redirects here with the
 * reason in a short-lived signed cookie). Without that cookie (it expired, or the page was opened by hand) the
 * sign-in is simply over: the page says to start again.
 */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { describeInactiveAccount } from '~/auth/account-standing.server';
import { readRefusal } from '~/auth/oidc-cookies.server';
import { InactiveAccount, type InactiveAccountData } from '~/components/inactive-account';
import { getPlatform } from '~/platform.server';
import { REFUSAL_MESSAGES, type RefusalReason } from '~/services/oidc-sign-in.server';

export const meta: MetaFunction = () => [{ title: 'Sign in · XYZ People' }];

interface Refusal {
  reason: string;
  message: string;
  inactive: InactiveAccountData | null;
}

const isRefusalReason = (reason: string): reason is RefusalReason => Object.hasOwn(REFUSAL_MESSAGES, reason);

export async function loader({ request }: LoaderFunctionArgs) {
  const platform = await getPlatform();
  const cookie = await readRefusal(platform.env, request);
  const reason: RefusalReason = cookie && isRefusalReason(cookie.reason) ? cookie.reason : 'no-flow';
  const inactive =
    reason === 'deactivated' && cookie?.employeeId
      ? await describeInactiveAccount(platform.db, cookie.employeeId)
      : null;
  const refusal: Refusal = { reason, message: REFUSAL_MESSAGES[reason], inactive };
  return data(refusal, { status: 403 });
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
