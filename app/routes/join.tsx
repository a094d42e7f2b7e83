/**
 * Joining, in two steps (docs/decisions/318-join-proves-the-work-address.md): without a link, the page asks only
 * for the work email and always answers "check your inbox"; the email's link (`/join?token=…`) opens the profile
 * form with that address fixed. The email step posts a plain form, the profile form a multipart one (it carries
 * the photo), which is how the action tells them apart.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { PASSWORD_MIN_LENGTH } from '~/auth/password-policy';
import { assertSameOrigin } from '~/auth/csrf.server';
import { clientAddress, createUserSession, getUser } from '~/auth/user-session.server';
import { FaceCheckNotice } from '~/components/face-check-notice';
import { CustomFieldInputs } from '~/components/custom-field-inputs';
import { Field, FormError } from '~/components/field';
import { PhotoInput } from '~/components/photo-input';
import { ProfileFields } from '~/components/profile-fields';
import { UploadProgress, useUploadForm } from '~/components/upload-form';
import { findJoinRequest } from '~/models/join-requests.server';
import { getPlatform } from '~/platform.server';
import { cachedDepartments } from '~/services/departments.server';
import { requestJoinLink } from '~/services/join-request.server';
import { faceCheckNoticeFacts } from '~/services/face-check-consent.server';
import { handleJoin, joinCustomFields } from '~/services/join.server';
import type { CustomFieldDefinition } from '~/models/custom-fields';
import type { FaceCheckNoticeFacts } from '~/utils/face-check-notice';
import { readFormBody } from '~/utils/form-body.server';
import { translateFieldErrors, translateFormError } from '~/i18n/form-errors';
import { useT } from '~/i18n/use-t';
import { languageOfRequest, requestIntl } from '~/services/request-intl.server';
import { useIntl } from 'react-intl';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Join · XYZ People' }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect('/me');
  const platform = await getPlatform();
  const allowedDomains = platform.env.ALLOWED_EMAIL_DOMAINS;
  const title = (await requestIntl(request)).formatMessage({ id: 'join.pageTitle' });
  const token = new URL(request.url).searchParams.get('token');
  if (token === null) return { step: 'ask' as const, title, allowedDomains };
  const workEmail = await findJoinRequest(platform.db, token.slice(0, 200));
  if (!workEmail) return { step: 'expired' as const, title, allowedDomains };
  return {
    step: 'form' as const,
    title,
    allowedDomains,
    token,
    workEmail,
    maxMegabytes: Math.floor(platform.env.PHOTO_MAX_BYTES / (1024 * 1024)),
    departments: await cachedDepartments(platform.db),
    faceCheckNotice: faceCheckNoticeFacts(platform.env),
    customInputs: joinCustomFields(platform.customFields),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const platform = await getPlatform();
  // The services word their messages in English; the page shows them in its language (app/i18n/form-errors.ts).
  const intl = await requestIntl(request);
  if (request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data')) {
    const result = await handleJoin(platform, request, {
      browserKeepsFile: false,
      language: await languageOfRequest(request),
    });
    if (result.ok) return createUserSession(request, result.employeeId, '/me?welcome=1');
    return {
      step: 'form' as const,
      ...result,
      errors: translateFieldErrors(intl, result.errors),
      formError: translateFormError(intl, result.formError),
    };
  }
  assertSameOrigin(request, platform.env.PUBLIC_URL);
  // The email is in the page's language (or the language an existing account's owner chose).
  const asked = await requestJoinLink(
    platform,
    await readFormBody(request),
    clientAddress(request, context),
    await languageOfRequest(request),
  );
  return { step: 'ask' as const, ...asked, error: translateFormError(intl, asked.error) };
}

export default function JoinPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const intl = useIntl();
  const domains = intl.formatList(
    data.allowedDomains.map((domain) => `@${domain}`),
    { type: 'disjunction' },
  );
  // A profile form sent with a link that has gone (used in another tab, expired, or none at all).
  if (actionData?.step === 'form' && !actionData.ok && actionData.linkExpired) return <LinkExpired />;
  if (data.step === 'form') return <ProfileStep {...data} />;
  if (data.step === 'ask') return <EmailStep domains={domains} />;
  return <LinkExpired />;
}

function LinkExpired() {
  const t = useT();
  return (
    <div className="narrow">
      <div className="card">
        <h1>{t('join.expired.title')}</h1>
        <p role="alert" className="alert alert--error">
          {t('formErrors.joinLinkExpired')}
        </p>
        <p>
          <Link to="/join">{t('join.newLink')}</Link>
        </p>
      </div>
    </div>
  );
}

function EmailStep({ domains }: { domains: string }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const asked = actionData?.step === 'ask' ? actionData : null;
  const t = useT();
  const intl = useIntl();
  return (
    <div className="narrow">
      <div className="card">
        <h1>{t('join.title')}</h1>
        {asked?.sent ? (
          <div className="alert alert--success" role="status">
            <p>
              {intl.formatMessage(
                { id: 'join.sent.checkInbox' },
                { strong: (chunks) => <strong key="strong">{chunks}</strong> },
              )}
            </p>
            <p>
              {intl.formatMessage(
                { id: 'join.sent.nothingArrived' },
                {
                  link: (chunks) => (
                    <Link key="link" to="/join" reloadDocument>
                      {chunks}
                    </Link>
                  ),
                },
              )}
            </p>
          </div>
        ) : (
          <>
            <p className="muted">{t('join.ask.intro', { domains })}</p>
            <Form method="post" noValidate>
              <Field
                name="workEmail"
                type="email"
                label={t('join.ask.email')}
                autoComplete="email"
                required
                maxLength={254}
                error={asked?.error ?? undefined}
              />
              <button type="submit" disabled={navigation.state === 'submitting'}>
                {t('join.ask.submit')}
              </button>
            </Form>
          </>
        )}
      </div>
      <p>
        <Link to="/login">{t('join.haveAccount')}</Link>
      </p>
    </div>
  );
}

function ProfileStep({
  token,
  workEmail,
  maxMegabytes,
  departments,
  faceCheckNotice,
  customInputs,
}: {
  token: string;
  workEmail: string;
  maxMegabytes: number;
  departments: string[];
  faceCheckNotice: FaceCheckNoticeFacts;
  /** The fields HR defines that the newcomer fills in, as on /me. */
  customInputs: CustomFieldDefinition[];
}) {
  const actionData = useActionData<typeof action>();
  const upload = useUploadForm('/api/join');
  const fromAction = actionData?.step === 'form' && !actionData.ok ? actionData : null;
  const shown = upload.result ?? fromAction;
  const errors = shown?.errors ?? {};
  const values = { ...(fromAction?.values ?? {}), workEmail };
  const t = useT();
  return (
    <div className="medium">
      <h1>{t('join.title')}</h1>
      <p className="muted">{t('join.form.intro')}</p>
      <form method="post" encType="multipart/form-data" noValidate onSubmit={upload.onSubmit} ref={upload.formRef}>
        <input type="hidden" name="token" value={token} />
        <FormError message={shown?.formError} />
        {shown?.linkExpired ? (
          <p>
            <Link to="/join" reloadDocument>
              {t('join.newLink')}
            </Link>
          </p>
        ) : null}
        <ProfileFields
          values={values}
          errors={errors}
          departments={departments}
          workEmailReadOnly
          workEmailHint={t('join.form.workEmailHint')}
        />
        <CustomFieldInputs fields={customInputs} values={fromAction?.customValues} errors={errors} />
        <fieldset>
          <legend>{t('join.form.photo')}</legend>
          <PhotoInput error={errors.photo} maxMegabytes={maxMegabytes} />
          <FaceCheckNotice facts={faceCheckNotice} />
        </fieldset>
        <fieldset>
          <legend>{t('join.form.password')}</legend>
          <Field
            name="password"
            type="password"
            label={t('join.form.password')}
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN_LENGTH}
            hint={t('join.form.passwordHint', { min: PASSWORD_MIN_LENGTH })}
            error={errors.password}
          />
        </fieldset>
        <UploadProgress progress={upload.progress} />
        <div className="actions">
          <button type="submit" disabled={upload.busy}>
            {upload.busy ? t('join.form.submitting') : t('join.form.submit')}
          </button>
          <Link to="/login">{t('join.haveAccount')}</Link>
        </div>
      </form>
    </div>
  );
}
