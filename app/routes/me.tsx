import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
  useSearchParams,
} from '@remix-run/react';
import { PASSWORD_MIN_LENGTH } from '~/auth/password-policy';
import { clientAddress, requireUser } from '~/auth/user-session.server';
import { FaceCheckConsentCard } from '~/components/face-check-consent-card';
import { currentAnswer, FaceCheckNotice } from '~/components/face-check-notice';
import { Field, FormError, TextAreaField } from '~/components/field';
import { HrContacts } from '~/components/hr-contacts';
import { PhotoInput } from '~/components/photo-input';
import { PhotoStatus } from '~/components/photo-status';
import { ProfileDetails } from '~/components/profile-details';
import { ProfileFields } from '~/components/profile-fields';
import { ProfileHeader } from '~/components/profile-header';
import { RoleBadge, StatusBadge } from '~/components/status-badge';
import { UploadProgress, useUploadForm } from '~/components/upload-form';
import { getPlatform } from '~/platform.server';
import { listHrContacts } from '~/models/hr-contacts.server';
import { cachedDepartments } from '~/services/departments.server';
import { loadProfile } from '~/services/profile.server';
import { valuesFromEmployee } from '~/services/profile-form.server';
import { handleMeAction } from '~/services/me-actions.server';
import { editableCustomFields } from '~/services/field-gate.server';
import { loadMyFieldChanges, type MyFieldChanges } from '~/services/field-change-requests.server';
import { CustomFieldInputs } from '~/components/custom-field-inputs';
import { faceCheckForPage } from '~/services/face-check-consent.server';
import { hasPassword } from '~/auth/credentials.server';
import { PersonalArchiveCard } from '~/components/personal-archive-card';
import { PrivateDetailViews } from '~/components/private-detail-views';
import { loadPrivateDetailViews } from '~/services/private-detail-views.server';
import { LanguageSetting } from '~/components/language-setting';
import { catalogue } from '~/i18n/catalogue.server';
import { browserLanguage, requestLanguage } from '~/i18n/locale.server';
import { useT } from '~/i18n/use-t';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'My profile · XYZ People' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const platform = await getPlatform();
  const intl = catalogue(requestLanguage(request, user.preferredLanguage)).intl;
  const customInputs = editableCustomFields(platform.customFields, { person: true, hr: false });
  // The reads that do not depend on the profile go out with it, not one after another: the page waits for the
  // slowest, not for their sum (docs/decisions/333-profile-me-and-archive-reads.md).
  const [profile, fieldChanges, departments, privateDetailViews, withPassword, faceCheck] = await Promise.all([
    loadProfile(platform, user, user.id),
    // Changes waiting for HR's approval, and HR's recent decisions (docs/decisions/323-field-change-approval.md):
    // only about fields the person fills in, so with none of those there is nothing to read.
    customInputs.length > 0
      ? loadMyFieldChanges(platform, user.id, customInputs)
      : Promise.resolve<MyFieldChanges>({ waiting: {}, decisions: [] }),
    cachedDepartments(platform.db),
    loadPrivateDetailViews(platform.db, user.id, platform.customFields),
    hasPassword(platform.db, user.id),
    faceCheckForPage(platform, user.id),
  ]);
  if (!profile) throw new Response('Not found', { status: 404 });
  const { managerForForm, ...shown } = profile;
  const [values, hrContacts] = await Promise.all([
    valuesFromEmployee(
      platform,
      { ...profile.employee, ...(profile.privateFields ?? {}), managerId: profile.manager?.id ?? null },
      { manager: managerForForm },
    ),
    profile.employee.status === 'pending'
      ? listHrContacts(platform.db)
      : Promise.resolve([] as Awaited<ReturnType<typeof listHrContacts>>),
  ]);
  // Skills typed before they moved to the profile form are offered here, so saving the profile keeps them.
  if (!values.skills && profile.extras?.skills.length) values.skills = profile.extras.skills.join(', ');
  return {
    ...shown,
    title: intl.formatMessage({ id: 'me.pageTitle' }),
    // The person's stored choice (null: none, the browser decides) and what the browser alone would give.
    language: { chosen: user.preferredLanguage ?? null, browser: browserLanguage(request) },
    values,
    // The fields HR defines that the person may fill in themself (docs/decisions/023-hr-defined-field-storage.md).
    customInputs,
    fieldChanges,
    departments,
    maxMegabytes: Math.floor(platform.env.PHOTO_MAX_BYTES / (1024 * 1024)),
    hrContacts,
    privateDetailViews,
    // Signed up through the identity provider: no password to change; one may be set by email while passwords
    // sign in here (docs/decisions/319-set-a-password-by-email.md).
    passwordCard: withPassword ? ('change' as const) : platform.env.PASSWORD_SIGN_IN ? ('set' as const) : null,
    faceCheck,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const platform = await getPlatform();
  return handleMeAction(platform, user, request, { clientAddress: clientAddress(request, context) });
}

export default function MePage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  // In-app: after an upload the page stays, and PhotoStatus follows the photo until it is ready.
  const upload = useUploadForm('/api/me/photo', { inApp: true });
  const location = useLocation();
  const { employee } = data;
  const t = useT();
  const resultFor = (intent: 'profile' | 'photo' | 'password' | 'set-password' | 'extras' | 'face-check-withdraw') =>
    actionData?.intent === intent ? actionData : null;
  const extrasResult = resultFor('extras');
  const extrasValues = (extrasResult && !extrasResult.ok
    ? (extrasResult.values as Record<string, string> | undefined)
    : undefined) ?? {
    pronouns: data.extras?.pronouns ?? '',
    timeZone: data.extras?.timeZone ?? '',
    links: data.extras?.links.map((link) => `${link.label} | ${link.url}`).join('\n') ?? '',
  };
  const extrasErrors = extrasResult && !extrasResult.ok ? extrasResult.errors : {};
  const profileResult = resultFor('profile');
  const passwordResult = resultFor('password');
  const setPasswordResult = resultFor('set-password');
  const photoResult = upload.result ?? resultFor('photo');
  const submittingIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null;
  return (
    <div className="stack">
      {searchParams.get('welcome') ? (
        <p className="alert alert--success" role="status">
          {t('me.welcome', { name: employee.preferredName || employee.firstName })}
        </p>
      ) : null}
      {searchParams.get('password') === 'set' ? (
        <p className="alert alert--success" role="status" data-testid="password-set">
          {t('me.passwordSet')}
        </p>
      ) : null}
      {employee.status === 'pending' ? (
        <div className="alert alert--warning" role="status" data-testid="pending-notice">
          <p>{t('me.pending.text')}</p>
          <p>
            <HrContacts contacts={data.hrContacts} lead={t('me.pending.askHr')} />
          </p>
        </div>
      ) : null}
      <ProfileHeader employee={employee} photoId={data.photoId}>
        <StatusBadge status={employee.status} />
        <RoleBadge role={employee.role} />
        {employee.status === 'active' ? (
          <Link to={`/employees/${employee.id}`}>{t('me.publicProfileLink')}</Link>
        ) : null}
        {employee.status === 'active' ? <Link to={`/org?person=${employee.id}`}>{t('me.orgChartLink')}</Link> : null}
      </ProfileHeader>
      <ProfileDetails data={data} />

      <section className="card" aria-labelledby="photo-heading">
        <h2 id="photo-heading">{data.photoId ? t('me.photo.replaceHeading') : t('me.photo.addHeading')}</h2>
        {/* The photo's state beside the form that changes it: on its own between the cards it read as a stray line. */}
        <PhotoStatus photo={data.photo} own justUploaded={searchParams.get('photo') === 'uploaded'} />
        {data.photoId ? <p className="muted">{t('me.photo.currentStays')}</p> : null}
        {/* Only while it is processing: once it is ready (it may be by the time the page loads) PhotoStatus says so. */}
        {(photoResult?.ok || (!photoResult && searchParams.get('photo') === 'uploaded')) &&
        data.photo.state === 'processing' ? (
          <p className="alert alert--success" role="status">
            {t('me.photo.processing')}
          </p>
        ) : null}
        {/* Keyed by the navigation: after an upload the form starts empty again, with no stale preview. */}
        <form key={location.key} method="post" encType="multipart/form-data" noValidate onSubmit={upload.onSubmit}>
          <input type="hidden" name="intent" value="photo" />
          <FormError message={photoResult && !photoResult.ok ? photoResult.formError : null} />
          <PhotoInput
            label={t('me.photo.label')}
            error={photoResult && !photoResult.ok ? photoResult.errors.photo : null}
            maxMegabytes={data.maxMegabytes}
          />
          <FaceCheckNotice facts={data.faceCheck.notice} answer={currentAnswer(data.faceCheck.consent)} />
          <UploadProgress progress={upload.progress} />
          <button type="submit" disabled={upload.busy}>
            {upload.busy ? t('me.photo.uploading') : t('me.photo.upload')}
          </button>
        </form>
      </section>

      <FaceCheckConsentCard
        consent={data.faceCheck.consent}
        result={resultFor('face-check-withdraw')}
        busy={submittingIntent === 'face-check-withdraw'}
      />

      <section className="card" aria-labelledby="edit-heading">
        <h2 id="edit-heading">{t('me.edit.heading')}</h2>
        {profileResult?.ok ? (
          <p className="alert alert--success" role="status">
            {profileResult.message}
          </p>
        ) : null}
        {data.fieldChanges.decisions.map((decision) => (
          <p
            key={decision.id}
            className={decision.outcome === 'approved' ? 'alert alert--success' : 'alert alert--warning'}
            data-testid="field-change-decision"
          >
            {decision.outcome === 'approved'
              ? t('me.edit.approved', { label: decision.label })
              : t('me.edit.refused', { label: decision.label, reason: decision.reason ?? '' })}
          </p>
        ))}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <FormError message={profileResult && !profileResult.ok ? profileResult.formError : null} />
          <ProfileFields
            values={(profileResult && !profileResult.ok ? profileResult.values : undefined) ?? data.values}
            errors={profileResult && !profileResult.ok ? profileResult.errors : {}}
            departments={data.departments}
            workEmailReadOnly
          />
          <CustomFieldInputs
            fields={data.customInputs}
            values={(profileResult && !profileResult.ok ? profileResult.customValues : undefined) ?? data.customValues}
            errors={profileResult && !profileResult.ok ? profileResult.errors : {}}
            waiting={data.fieldChanges.waiting}
          />
          <button type="submit" disabled={submittingIntent === 'profile'}>
            {submittingIntent === 'profile' ? t('me.edit.saving') : t('me.edit.save')}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="extras-edit-heading">
        <h2 id="extras-edit-heading">{t('me.extras.heading')}</h2>
        {extrasResult?.ok ? (
          <p className="alert alert--success" role="status">
            {extrasResult.message}
          </p>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="extras" />
          <div className="form-grid">
            <Field
              name="pronouns"
              label={t('me.extras.pronouns')}
              maxLength={40}
              defaultValue={extrasValues.pronouns}
              error={extrasErrors.pronouns}
            />
            <Field
              name="timeZone"
              label={t('me.extras.timeZone')}
              hint={t('me.extras.timeZoneHint')}
              maxLength={64}
              defaultValue={extrasValues.timeZone}
              error={extrasErrors.timeZone}
            />
            <TextAreaField
              name="links"
              label={t('me.extras.links')}
              hint={t('me.extras.linksHint')}
              defaultValue={extrasValues.links}
              error={extrasErrors.links}
              wide
            />
          </div>
          <button type="submit" disabled={submittingIntent === 'extras'}>
            {t('me.extras.save')}
          </button>
        </Form>
      </section>

      {data.passwordCard === 'set' ? (
        <section className="card" aria-labelledby="password-heading" data-testid="set-password">
          <h2 id="password-heading">{t('me.setPassword.heading')}</h2>
          {setPasswordResult?.ok ? (
            <p className="alert alert--success" role="status">
              {setPasswordResult.message}
            </p>
          ) : (
            <>
              <p className="muted">{t('me.setPassword.text', { email: employee.workEmail })}</p>
              <Form method="post" noValidate className="narrow-start">
                <FormError message={setPasswordResult && !setPasswordResult.ok ? setPasswordResult.formError : null} />
                <input type="hidden" name="intent" value="set-password" />
                <button type="submit" disabled={submittingIntent === 'set-password'}>
                  {t('me.setPassword.submit')}
                </button>
              </Form>
            </>
          )}
        </section>
      ) : null}
      {data.passwordCard === 'change' ? (
        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading">{t('me.password.heading')}</h2>
          {passwordResult?.ok ? (
            <p className="alert alert--success" role="status">
              {passwordResult.message}
            </p>
          ) : null}
          <Form method="post" noValidate className="narrow-start">
            <FormError message={passwordResult && !passwordResult.ok ? passwordResult.formError : null} />
            <input type="hidden" name="intent" value="password" />
            <Field
              name="currentPassword"
              type="password"
              label={t('me.password.current')}
              autoComplete="current-password"
              required
              error={passwordResult && !passwordResult.ok ? passwordResult.errors.currentPassword : null}
            />
            <Field
              name="newPassword"
              type="password"
              label={t('me.password.new')}
              autoComplete="new-password"
              required
              minLength={PASSWORD_MIN_LENGTH}
              hint={t('me.password.hint', { min: PASSWORD_MIN_LENGTH })}
              error={passwordResult && !passwordResult.ok ? passwordResult.errors.newPassword : null}
            />
            <button type="submit" disabled={submittingIntent === 'password'}>
              {t('me.password.submit')}
            </button>
          </Form>
        </section>
      ) : null}
      <LanguageSetting chosen={data.language.chosen} browser={data.language.browser} />
      <PrivateDetailViews {...data.privateDetailViews} own archiveHref="/me/data.zip" />
      <PersonalArchiveCard href="/me/data.zip" own />
    </div>
  );
}
