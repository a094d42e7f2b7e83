import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { describeInactiveAccount, type InactiveAccountNotice } from '~/auth/account-standing.server';
import { attemptSignIn } from '~/auth/credentials.server';
import { listOidcProviders } from '~/auth/oidc-providers.server';
import { assertSameOrigin } from '~/auth/csrf.server';
import { safeRedirect } from '~/auth/safe-redirect';
import { EMAIL_MAX_LENGTH, signInEmailSchema } from '~/auth/sign-in-email';
import { clientAddress, createUserSession, getUser } from '~/auth/user-session.server';
import { checkThrottle, clearAccountFailures, recordLoginFailure } from '~/models/login-throttle.server';
import { Field, FormError } from '~/components/field';
import { InactiveAccount } from '~/components/inactive-account';
import { getPlatform } from '~/platform.server';
import { translateFormError } from '~/i18n/form-errors';
import { useT } from '~/i18n/use-t';
import { requestIntl } from '~/services/request-intl.server';
import { readFormBody } from '~/utils/form-body.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Sign in · XYZ People' }];

const loginSchema = z.object({
  email: signInEmailSchema({ missing: 'Enter your work email', invalid: 'Enter a valid email address' }),
  password: z
    .string({ required_error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(200, 'Use at most 200 characters'),
  redirectTo: z.string().optional(),
});

/** The notices a redirect here may ask for (the identity provider's refusals), as the catalogue's ids. */
const PROBLEMS = {
  'no-flow': 'signIn.problem.noFlow',
  'provider-unavailable': 'signIn.problem.providerUnavailable',
} as const;
const problemSchema = z.enum(['no-flow', 'provider-unavailable']).catch('no-flow');

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect('/employees');
  const { env } = await getPlatform();
  const intl = await requestIntl(request);
  const problem = new URL(request.url).searchParams.get('problem');
  return {
    title: intl.formatMessage({ id: 'signIn.pageTitle' }),
    providers: listOidcProviders(env),
    passwordSignIn: env.PASSWORD_SIGN_IN,
    // Only the fixed messages: the query parameter picks one, it never puts its own text on the page.
    problem: problem ? PROBLEMS[problemSchema.parse(problem)] : null,
  };
}

type ActionData = {
  errors: Partial<Record<'email' | 'password', string>>;
  formError?: string;
  /** Only after the right password: why this account cannot sign in, and whom to ask. */
  inactive?: InactiveAccountNotice;
  email: string;
};
const failure = (data: ActionData): ActionData => data;

export async function action({ request, context }: ActionFunctionArgs) {
  const { env, db, log } = await getPlatform();
  assertSameOrigin(request, env.PUBLIC_URL);
  const intl = await requestIntl(request);
  if (!env.PASSWORD_SIGN_IN) {
    return failure({ errors: {}, email: '', formError: intl.formatMessage({ id: 'signIn.passwordsOff' }) });
  }
  const form = Object.fromEntries(await readFormBody(request));
  const parsed = loginSchema.safeParse(form);
  const email = typeof form.email === 'string' ? form.email.slice(0, EMAIL_MAX_LENGTH) : '';
  if (!parsed.success) {
    const errors: ActionData['errors'] = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as 'email' | 'password';
      errors[key] ??= translateFormError(intl, issue.message);
    }
    return failure({ errors, email });
  }
  const subject = { email: parsed.data.email, address: clientAddress(request, context) };
  const throttle = await checkThrottle(db, subject);
  if (throttle.blocked) {
    log.warn('sign-in throttled', { retryAfterSeconds: throttle.retryAfterSeconds });
    const minutes = Math.max(1, Math.ceil(throttle.retryAfterSeconds / 60));
    return failure({ errors: {}, email, formError: intl.formatMessage({ id: 'signIn.paused' }, { minutes }) });
  }
  const attempt = await attemptSignIn(db, parsed.data.email, parsed.data.password);
  if (attempt.outcome !== 'signed-in') {
    // Not signed in either way: both count towards the throttle, so the pause is the same for everyone.
    await recordLoginFailure(db, subject);
  }
  if (attempt.outcome === 'refused') {
    return failure({
      errors: {},
      email,
      // The same words whether the email exists or not: the form does not confirm who has an account.
      formError: intl.formatMessage({ id: 'signIn.wrongCredentials' }),
    });
  }
  if (attempt.outcome === 'inactive') {
    return failure({ errors: {}, email, inactive: await describeInactiveAccount(db, attempt.employee.id) });
  }
  await clearAccountFailures(db, parsed.data.email, subject.address);
  return createUserSession(request, attempt.employee.id, safeRedirect(parsed.data.redirectTo, '/me'));
}

export default function LoginPage() {
  const { providers, passwordSignIn, problem } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const redirectTo = searchParams.get('redirectTo');
  return (
    <div className="narrow">
      <div className="card">
        <h1>{t('signIn.title')}</h1>
        <FormError message={problem ? t(problem) : undefined} />
        {providers.length > 0 ? (
          <div className="sso-buttons">
            {providers.map((provider) => (
              // Plain links: the flow starts with a GET, so it works without JavaScript.
              <a
                key={provider.id}
                className="button button--secondary"
                href={`/auth/oidc/${provider.id}/start${redirectTo ? `?${new URLSearchParams({ redirectTo })}` : ''}`}
              >
                {t('signIn.withProvider', { provider: provider.name })}
              </a>
            ))}
          </div>
        ) : null}
        {passwordSignIn ? (
          <>
            {providers.length > 0 ? <p className="muted">{t('signIn.orPassword')}</p> : null}
            {providers.length === 0 ? <p className="muted">{t('signIn.useWorkEmail')}</p> : null}
            <Form method="post" noValidate>
              <FormError message={data?.formError} />
              {data?.inactive ? <InactiveAccount notice={data.inactive} /> : null}
              <input type="hidden" name="redirectTo" value={redirectTo ?? ''} />
              <Field
                name="email"
                type="email"
                label={t('signIn.email')}
                autoComplete="username"
                required
                defaultValue={data?.email}
                error={data?.errors.email}
              />
              <Field
                name="password"
                type="password"
                label={t('signIn.password')}
                autoComplete="current-password"
                required
                error={data?.errors.password}
              />
              <div className="actions">
                <button type="submit" disabled={busy}>
                  {busy ? t('signIn.submitting') : t('signIn.submit')}
                </button>
                <Link to="/forgot-password">{t('signIn.forgotPassword')}</Link>
              </div>
            </Form>
          </>
        ) : null}
      </div>
      {passwordSignIn ? (
        <p className="muted">
          {t('signIn.newHere')} <Link to="/join">{t('signIn.createProfile')}</Link>.
        </p>
      ) : (
        <p className="muted">{t('signIn.newHereCompanyAccount')}</p>
      )}
    </div>
  );
}
