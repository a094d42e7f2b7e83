import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { assertSameOrigin } from '~/auth/csrf.server';
import { signInEmailSchema } from '~/auth/sign-in-email';
import { clientAddress } from '~/auth/user-session.server';
import { checkThrottle, recordLoginFailure } from '~/models/login-throttle.server';
import { Field } from '~/components/field';
import { getEmployeeByEmail } from '~/models/employee.server';
import { getPlatform } from '~/platform.server';
import { publicBaseUrl } from '~/config/public-url.server';
import { readFormBody } from '~/utils/form-body.server';
import { sendPasswordResetLink } from '~/services/password-reset-link.server';
import { translateFormError } from '~/i18n/form-errors';
import { useT } from '~/i18n/use-t';
import { languageOfRequest, requestIntl } from '~/services/request-intl.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'Reset your password · XYZ People' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const intl = await requestIntl(request);
  return { title: intl.formatMessage({ id: 'passwordReset.request.pageTitle' }) };
}

const schema = z.object({
  email: signInEmailSchema({ missing: 'Enter your work email', invalid: 'Enter your work email' }),
});

/** At most this many reset requests per address and per account in the throttle window. */
const RESET_REQUEST_POLICY = { accountLimit: 3, addressLimit: 20, windowMs: 15 * 60 * 1000 };

export async function action({ request, context }: ActionFunctionArgs) {
  const platform = await getPlatform();
  assertSameOrigin(request, platform.env.PUBLIC_URL);
  const parsed = schema.safeParse(Object.fromEntries(await readFormBody(request)));
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'Enter your work email';
    return { sent: false, error: translateFormError(await requestIntl(request), message) };
  }
  const email = parsed.data.email;
  // Counted under a separate key from sign-in failures, so asking for a link does not lock the account.
  const subject = { email: `reset:${email}`, address: `reset:${clientAddress(request, context) ?? 'unknown'}` };
  const throttle = await checkThrottle(platform.db, subject, RESET_REQUEST_POLICY);
  if (!throttle.blocked) {
    await recordLoginFailure(platform.db, subject, RESET_REQUEST_POLICY);
    const employee = await getEmployeeByEmail(platform.db, email);
    if (employee && employee.status !== 'inactive') {
      // The event carries no token: the email, minted when it is sent, is the only place the link exists. The
      // link's address is configured, never the request's Host (docs/decisions/317-one-public-address.md).
      // The email is in the language the person chose, else this page's
      // (docs/decisions/338-emails-in-the-recipient-language.md).
      await sendPasswordResetLink(platform, employee.id, publicBaseUrl(platform.env), await languageOfRequest(request));
      platform.log.info('password reset requested', { employeeId: employee.id });
    }
  }
  // The same answer whether or not the account exists (and whether or not throttled).
  return { sent: true, error: null };
}

export default function ForgotPassword() {
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  return (
    <div className="narrow">
      <div className="card">
        <h1>{t('passwordReset.request.title')}</h1>
        {data?.sent ? (
          <p className="alert alert--success" role="status">
            {t('passwordReset.request.sent')}
          </p>
        ) : (
          <>
            <p className="muted">{t('passwordReset.request.intro')}</p>
            <Form method="post" noValidate>
              <Field
                name="email"
                type="email"
                label={t('passwordReset.request.email')}
                autoComplete="username"
                required
                error={data?.error}
              />
              <button type="submit" disabled={navigation.state === 'submitting'}>
                {t('passwordReset.request.submit')}
              </button>
            </Form>
          </>
        )}
      </div>
      <p>
        <Link to="/login">{t('passwordReset.request.backToSignIn')}</Link>
      </p>
    </div>
  );
}
