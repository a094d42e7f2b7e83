import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { describeInactiveAccount, type InactiveAccountNotice } from '~/auth/account-standing.server';
import { attemptSignIn } from '~/auth/credentials.server';
import { listOidcProviders } from '~/auth/oidc-providers.server';
import { REFUSAL_MESSAGES } from '~/services/oidc-sign-in.server';
import { assertSameOrigin } from '~/auth/csrf.server';
import { safeRedirect } from '~/auth/safe-redirect';
import { EMAIL_MAX_LENGTH, signInEmailSchema } from '~/auth/sign-in-email';
import { signInPausedMessage } from '~/auth/sign-in-paused';
import { clientAddress, createUserSession, getUser } from '~/auth/user-session.server';
import { checkThrottle, clearAccountFailures, recordLoginFailure } from '~/models/login-throttle.server';
import { Field, FormError } from '~/components/field';
import { InactiveAccount } from '~/components/inactive-account';
import { getPlatform } from '~/platform.server';
import { readFormBody } from '~/utils/form-body.server';

export const meta: MetaFunction = () => [{ title: 'Sign in · XYZ People' }];

const loginSchema = z.object({
  email: signInEmailSchema({ missing: 'Enter your work email', invalid: 'Enter a valid email address' }),
  password: z
    .string({ required_error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(200, 'Use at most 200 characters'),
  redirectTo: z.string().optional(),
});

const problemSchema = z.enum(['no-flow', 'provider-unavailable']).catch('no-flow');

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect('/employees');
  const { env } = await getPlatform();
  const problem = new URL(request.url).searchParams.get('problem');
  return {
    providers: listOidcProviders(env),
    passwordSignIn: env.PASSWORD_SIGN_IN,
    // Only the fixed messages: the query parameter picks one, it never puts its own text on the page.
    problem: problem ? REFUSAL_MESSAGES[problemSchema.parse(problem)] : null,
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
  if (!env.PASSWORD_SIGN_IN) {
    return failure({ errors: {}, email: '', formError: PASSWORDS_OFF });
  }
  const form = Object.fromEntries(await readFormBody(request));
  const parsed = loginSchema.safeParse(form);
  const email = typeof form.email === 'string' ? form.email.slice(0, EMAIL_MAX_LENGTH) : '';
  if (!parsed.success) {
    const errors: ActionData['errors'] = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as 'email' | 'password';
      errors[key] ??= issue.message;
    }
    return failure({ errors, email });
  }
  const subject = { email: parsed.data.email, address: clientAddress(request, context) };
  const throttle = await checkThrottle(db, subject);
  if (throttle.blocked) {
    log.warn('sign-in throttled', { retryAfterSeconds: throttle.retryAfterSeconds });
    return failure({ errors: {}, email, formError: signInPausedMessage(throttle.retryAfterSeconds) });
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
      formError: WRONG_CREDENTIALS,
    });
  }
  if (attempt.outcome === 'inactive') {
    return failure({ errors: {}, email, inactive: await describeInactiveAccount(db, attempt.employee.id) });
  }
  await clearAccountFailures(db, parsed.data.email, subject.address);
  return createUserSession(request, attempt.employee.id, safeRedirect(parsed.data.redirectTo, '/me'));
}

const PASSWORDS_OFF = 'Passwords are turned off here: sign in with your company account.';
const WRONG_CREDENTIALS = 'That email and password do not match an account. Check them and try again.';

export default function LoginPage() {
  const { providers, passwordSignIn, problem } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const redirectTo = searchParams.get('redirectTo');
  return (
    <div className="narrow">
      <div className="card">
        <h1>Sign in</h1>
        <FormError message={problem ?? undefined} />
        {providers.length > 0 ? (
          <div className="sso-buttons">
            {providers.map((provider) => (
              // Plain links: the flow starts with a GET, so it works without JavaScript.
              <a
                key={provider.id}
                className="button button--secondary"
                href={`/auth/oidc/${provider.id}/start${redirectTo ? `?${new URLSearchParams({ redirectTo })}` : ''}`}
              >
                {`Sign in with ${provider.name}`}
              </a>
            ))}
          </div>
        ) : null}
        {passwordSignIn ? (
          <>
            {providers.length > 0 ? <p className="muted">Or sign in with your XYZ work email and password.</p> : null}
            {providers.length === 0 ? <p className="muted">Use your XYZ work email.</p> : null}
            <Form method="post" noValidate>
              <FormError message={data?.formError} />
              {data?.inactive ? <InactiveAccount notice={data.inactive} /> : null}
              <input type="hidden" name="redirectTo" value={redirectTo ?? ''} />
              <Field
                name="email"
                type="email"
                label="Work email"
                autoComplete="username"
                required
                defaultValue={data?.email}
                error={data?.errors.email}
              />
              <Field
                name="password"
                type="password"
                label="Password"
                autoComplete="current-password"
                required
                error={data?.errors.password}
              />
              <div className="actions">
                <button type="submit" disabled={busy}>
                  {busy ? 'Signing in…' : 'Sign in'}
                </button>
                <Link to="/forgot-password">Forgot your password?</Link>
              </div>
            </Form>
          </>
        ) : null}
      </div>
      {passwordSignIn ? (
        <p className="muted">
          New at XYZ? <Link to="/join">Create your profile</Link>.
        </p>
      ) : (
        <p className="muted">New at XYZ? Sign in with your company account to create your profile.</p>
      )}
    </div>
  );
}
