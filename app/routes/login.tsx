import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { describeInactiveAccount, type InactiveAccountNotice } from '~/auth/account-standing.server';
import { attemptSignIn } from '~/auth/credentials.server';
import { assertSameOrigin } from '~/auth/csrf.server';
import { safeRedirect } from '~/auth/safe-redirect';
import { clientAddress, createUserSession, getUser } from '~/auth/user-session.server';
import { checkThrottle, clearAccountFailures, recordLoginFailure } from '~/models/login-throttle.server';
import { Field, FormError } from '~/components/field';
import { HrContacts } from '~/components/hr-contacts';
import { getPlatform } from '~/platform.server';
import { readFormBody } from '~/utils/form-body.server';

export const meta: MetaFunction = () => [{ title: 'Sign in · XYZ People' }];

const loginSchema = z.object({
  email: z
    .string({ required_error: 'Enter your work email' })
    .trim()
    .toLowerCase()
    .min(1, 'Enter your work email')
    .max(254, 'An email address has at most 254 characters')
    .email('Enter a valid email address'),
  password: z
    .string({ required_error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(200, 'Use at most 200 characters'),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect('/employees');
  return null;
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
  const form = Object.fromEntries(await readFormBody(request));
  const parsed = loginSchema.safeParse(form);
  const email = typeof form.email === 'string' ? form.email.slice(0, 254) : '';
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
    const minutes = Math.max(1, Math.ceil(throttle.retryAfterSeconds / 60));
    log.warn('sign-in throttled', { retryAfterSeconds: throttle.retryAfterSeconds });
    return failure({
      errors: {},
      email,
      formError: `Too many failed attempts. For your security, sign-in is paused for about ${minutes} minute${minutes === 1 ? '' : 's'}. You can also reset your password.`,
    });
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
  await clearAccountFailures(db, parsed.data.email);
  return createUserSession(request, attempt.employee.id, safeRedirect(parsed.data.redirectTo, '/me'));
}

const WRONG_CREDENTIALS = 'That email and password do not match an account. Check them and try again.';

function InactiveAccount({ notice }: { notice: InactiveAccountNotice }) {
  return (
    <div className="alert alert--error" role="alert" data-testid="inactive-account">
      {notice.kind === 'deactivated' ? (
        <p>Your account has been deactivated, so you can no longer sign in to XYZ People.</p>
      ) : (
        <>
          <p>HR did not approve your profile, so you cannot sign in to XYZ People.</p>
          {notice.reason ? <p>HR&apos;s reason: {notice.reason}</p> : null}
        </>
      )}
      <p>
        <HrContacts
          contacts={notice.hrContacts}
          lead={
            notice.kind === 'deactivated'
              ? 'If you think this is a mistake, ask HR'
              : 'To correct your profile and try again, ask HR'
          }
        />
      </p>
    </div>
  );
}

export default function LoginPage() {
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  return (
    <div className="narrow">
      <div className="card">
        <h1>Sign in</h1>
        <p className="muted">Use your XYZ work email.</p>
        <Form method="post" noValidate>
          <FormError message={data?.formError} />
          {data?.inactive ? <InactiveAccount notice={data.inactive} /> : null}
          <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
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
      </div>
      <p className="muted">
        New at XYZ? <Link to="/join">Create your profile</Link>.
      </p>
    </div>
  );
}
