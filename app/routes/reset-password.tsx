import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { replacePassword } from '~/auth/credentials.server';
import { assertSameOrigin } from '~/auth/csrf.server';
import { consumeResetToken, findResetToken } from '~/models/password-reset-tokens.server';
import { passwordSchema, personalPasswordProblem, PASSWORD_MIN_LENGTH } from '~/auth/password-policy';
import { clientAddress, createUserSession } from '~/auth/user-session.server';
import { deleteEmployeeSessions } from '~/models/session-store.server';
import { clearAccountFailures } from '~/models/login-throttle.server';
import { Field, FormError } from '~/components/field';
import { getEmployee } from '~/models/employee.server';
import { getPlatform } from '~/platform.server';
import { readFormBody } from '~/utils/form-body.server';
import { translateFormError } from '~/i18n/form-errors';
import { useT } from '~/i18n/use-t';
import { requestIntl } from '~/services/request-intl.server';

// The token is in the URL; the site's same-origin referrer policy keeps it out of other sites' logs.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'Choose a new password · XYZ People' },
];

function tokenFrom(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const token = tokenFrom(new URL(request.url).searchParams.get('token'));
  const { db } = await getPlatform();
  const intl = await requestIntl(request);
  return {
    title: intl.formatMessage({ id: 'passwordReset.choose.pageTitle' }),
    token,
    valid: token ? Boolean(await findResetToken(db, token)) : false,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const platform = await getPlatform();
  assertSameOrigin(request, platform.env.PUBLIC_URL);
  const form = await readFormBody(request);
  const token = tokenFrom(form.get('token'));
  const password = String(form.get('password') ?? '');
  const intl = await requestIntl(request);
  const expired = { error: null, formError: intl.formatMessage({ id: 'passwordReset.choose.expired' }) };
  if (!token) return expired;
  const employeeId = await findResetToken(platform.db, token);
  if (!employeeId) return expired;
  const employee = await getEmployee(platform.db, employeeId, 'private');
  if (!employee || employee.status === 'inactive') return expired;
  const policy = passwordSchema.safeParse(password);
  const problem = policy.success
    ? personalPasswordProblem(password, {
        email: employee.workEmail,
        names: [employee.firstName, employee.lastName, employee.preferredName],
      })
    : policy.error.issues[0]?.message;
  if (problem) return { error: translateFormError(intl, problem), formError: null };
  // Consumed only now, once the new password is acceptable: a typo does not burn the link.
  if ((await consumeResetToken(platform.db, token)) !== employeeId) return expired;
  await replacePassword(platform.db, employeeId, password);
  await deleteEmployeeSessions(platform.db, employeeId);
  await clearAccountFailures(platform.db, employee.workEmail, clientAddress(request, context));
  platform.log.info('password reset', { employeeId });
  // /me says the password is set (the same query as ?welcome=1 after a join): otherwise nothing said it worked.
  return createUserSession(request, employeeId, '/me?password=set');
}

export default function ResetPassword() {
  const { token, valid } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  if (!valid || !token) {
    return (
      <div className="narrow card">
        <h1>{t('passwordReset.choose.deadTitle')}</h1>
        <p>{t('passwordReset.choose.deadText')}</p>
        <p>
          <Link to="/forgot-password">{t('passwordReset.choose.askAgain')}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow card">
      <h1>{t('passwordReset.choose.title')}</h1>
      <Form method="post" noValidate>
        <FormError message={data?.formError} />
        <input type="hidden" name="token" value={token} />
        <Field
          name="password"
          type="password"
          label={t('passwordReset.choose.password')}
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          hint={t('passwordReset.choose.hint', { min: PASSWORD_MIN_LENGTH })}
          error={data?.error}
        />
        <button type="submit">{t('passwordReset.choose.submit')}</button>
      </Form>
    </div>
  );
}
