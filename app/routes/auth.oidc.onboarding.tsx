/**
 * /auth/oidc/onboarding: a new colleague's profile after their first sign-in through the identity provider.
 * The /join form without the password (the provider signs them in) and with the work email the provider
 * verified, fixed; the names the provider gave are filled in; the same photo picker, so that the profile HR
 * checks has a face. Reachable only with the onboarding cookie that the callback sets.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { assertSameOrigin } from '~/auth/csrf.server';
import { clearOnboarding, readOnboarding } from '~/auth/oidc-cookies.server';
import { createUserSession, getUser } from '~/auth/user-session.server';
import { CustomFieldInputs } from '~/components/custom-field-inputs';
import { FormError } from '~/components/field';
import { FaceCheckNotice } from '~/components/face-check-notice';
import { PhotoInput } from '~/components/photo-input';
import { useHydrated } from '~/components/photo-state-poll';
import { ProfileFields } from '~/components/profile-fields';
import { getPlatform } from '~/platform.server';
import { cachedDepartments } from '~/services/departments.server';
import { faceCheckAnswerFrom, faceCheckNoticeFacts } from '~/services/face-check-consent.server';
import { joinCustomFields } from '~/services/join.server';
import {
  completeOidcOnboarding,
  IDENTITY_HAS_PROFILE_MESSAGE,
  PROFILE_EXISTS_MESSAGE,
} from '~/services/oidc-onboarding.server';
import { parsePhotoForm, PhotoRejectedError } from '~/services/photo-upload.server';
import { formValues } from '~/services/profile-form.server';
import { requestIntl } from '~/services/request-intl.server';
import { translateFieldErrors, translateFormError } from '~/i18n/form-errors';
import { useT } from '~/i18n/use-t';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'Create your profile · XYZ People' },
];

/** This flow's own refusals (the shared form errors are worded by app/i18n/form-errors.ts). */
const ONBOARDING_PROBLEMS: Record<string, string> = {
  [PROFILE_EXISTS_MESSAGE]: 'oidc.onboarding.profileExists',
  [IDENTITY_HAS_PROFILE_MESSAGE]: 'oidc.onboarding.identityHasProfile',
};

const EXPIRED = `/login?${new URLSearchParams({ problem: 'no-flow' })}`;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect('/me');
  const platform = await getPlatform();
  const onboarding = await readOnboarding(platform.env, request);
  if (!onboarding) throw redirect(EXPIRED);
  const intl = await requestIntl(request);
  return {
    title: intl.formatMessage({ id: 'oidc.onboarding.pageTitle' }),
    values: { firstName: onboarding.firstName, lastName: onboarding.lastName, workEmail: onboarding.email },
    departments: await cachedDepartments(platform.db),
    maxMegabytes: Math.floor(platform.env.PHOTO_MAX_BYTES / (1024 * 1024)),
    faceCheckNotice: faceCheckNoticeFacts(platform.env),
    customInputs: joinCustomFields(platform.customFields),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const platform = await getPlatform();
  assertSameOrigin(request, platform.env.PUBLIC_URL);
  // Someone signed in already has a profile: no second one from this browser.
  if (await getUser(request)) throw redirect('/me');
  const onboarding = await readOnboarding(platform.env, request);
  if (!onboarding) throw redirect(EXPIRED);
  const { formData, photo } = await parsePhotoForm(request, { maxBytes: platform.env.PHOTO_MAX_BYTES });
  // The staged file is only a temporary copy: stored with the profile or not, it goes.
  const staged = photo instanceof PhotoRejectedError ? null : photo;
  const result = await completeOidcOnboarding(
    platform,
    onboarding,
    formValues(formData),
    formData,
    photo,
    faceCheckAnswerFrom(formData),
  ).finally(() => staged?.discard());
  if (!result.ok) {
    const intl = await requestIntl(request);
    const problem = ONBOARDING_PROBLEMS[result.formError];
    return {
      ...result,
      errors: translateFieldErrors(intl, result.errors),
      formError: problem ? intl.formatMessage({ id: problem }) : translateFormError(intl, result.formError),
    };
  }
  const response = await createUserSession(request, result.employeeId, '/me?welcome=1');
  response.headers.append('Set-Cookie', await clearOnboarding(platform.env));
  return response;
}

export default function OidcOnboardingPage() {
  const {
    values: prefilled,
    departments,
    maxMegabytes,
    faceCheckNotice,
    customInputs,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === 'submitting';
  const failed = result && !result.ok ? result : null;
  // With script the form is sent by fetch and the chosen file stays in its field; a plain post's page comes back empty.
  const hydrated = useHydrated();
  const photoError =
    failed?.errors.photo ?? (failed?.photoNotKept && !hydrated ? t('oidc.onboarding.photoNotKept') : null);
  return (
    <div className="medium">
      <h1 data-testid="onboarding-title">{t('oidc.onboarding.title')}</h1>
      <p className="muted" data-testid="onboarding-intro">
        {t('oidc.onboarding.intro')}
      </p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <FormError message={failed?.formError} />
        <ProfileFields
          values={failed?.values ?? prefilled}
          errors={failed?.errors ?? {}}
          departments={departments}
          workEmailReadOnly
        />
        <CustomFieldInputs fields={customInputs} values={failed?.customValues} errors={failed?.errors ?? {}} />
        <fieldset>
          <legend>{t('oidc.onboarding.photo')}</legend>
          <PhotoInput error={photoError} maxMegabytes={maxMegabytes} />
          <FaceCheckNotice facts={faceCheckNotice} />
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={busy} data-testid="onboarding-submit">
            {busy ? t('oidc.onboarding.creating') : t('oidc.onboarding.submit')}
          </button>
        </div>
      </Form>
    </div>
  );
}
