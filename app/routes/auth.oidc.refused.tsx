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
import type { RefusalReason } from '~/services/oidc-sign-in.server';
import { requestIntl } from '~/services/request-intl.server';
import { useT } from '~/i18n/use-t';

export const meta: MetaFunction = ({ data }) => [
  { title: (data as Refusal | undefined)?.title ?? 'Sign in · XYZ People' },
];

interface Refusal {
  title: string;
  reason: string;
  message: string;
  inactive: InactiveAccountData | null;
}

/** What the page says for each reason (what happened, and what the person can do), as the catalogue's ids. */
const REFUSAL_IDS: Record<RefusalReason, string> = {
  'no-flow': 'oidc.refused.noFlow',
  'provider-error': 'oidc.refused.providerError',
  'state-mismatch': 'oidc.refused.stateMismatch',
  'code-rejected': 'oidc.refused.codeRejected',
  'token-rejected': 'oidc.refused.tokenRejected',
  'token-expired': 'oidc.refused.tokenExpired',
  'no-email': 'oidc.refused.noEmail',
  'email-unverified': 'oidc.refused.emailUnverified',
  'domain-not-allowed': 'oidc.refused.domainNotAllowed',
  'profile-pending': 'oidc.refused.profilePending',
  deactivated: 'oidc.refused.deactivated',
  'provider-unavailable': 'oidc.refused.providerUnavailable',
};

const isRefusalReason = (reason: string): reason is RefusalReason => Object.hasOwn(REFUSAL_IDS, reason);

export async function loader({ request }: LoaderFunctionArgs) {
  const platform = await getPlatform();
  const cookie = await readRefusal(platform.env, request);
  const reason: RefusalReason = cookie && isRefusalReason(cookie.reason) ? cookie.reason : 'no-flow';
  const inactive =
    reason === 'deactivated' && cookie?.employeeId
      ? await describeInactiveAccount(platform.db, cookie.employeeId)
      : null;
  const intl = await requestIntl(request);
  const refusal: Refusal = {
    title: intl.formatMessage({ id: 'signIn.pageTitle' }),
    reason,
    message: intl.formatMessage({ id: REFUSAL_IDS[reason] }),
    inactive,
  };
  return data(refusal, { status: 403 });
}

export default function OidcRefused() {
  // `data()` hides the shape from useLoaderData's inference (the app does not declare the single-fetch types).
  const { reason, message, inactive } = useLoaderData() as Refusal;
  const t = useT();
  return (
    <div className="narrow">
      <div className="card">
        <h1>{t('oidc.refused.title')}</h1>
        {inactive ? (
          <InactiveAccount notice={inactive} />
        ) : (
          <div className="alert alert--error" role="alert" data-testid="oidc-refusal" data-reason={reason}>
            <p>{message}</p>
          </div>
        )}
        <p className="actions">
          <Link to="/login">{t('oidc.refused.backToSignIn')}</Link>
        </p>
      </div>
    </div>
  );
}
