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
import { JOIN_LINK_EXPIRED_MESSAGE } from '~/utils/join-link-messages';

export const meta: MetaFunction = () => [{ title: 'Join · XYZ People' }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect('/me');
  const platform = await getPlatform();
  const allowedDomains = platform.env.ALLOWED_EMAIL_DOMAINS;
  const token = new URL(request.url).searchParams.get('token');
  if (token === null) return { step: 'ask' as const, allowedDomains };
  const workEmail = await findJoinRequest(platform.db, token.slice(0, 200));
  if (!workEmail) return { step: 'expired' as const, allowedDomains };
  return {
    step: 'form' as const,
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
  if (request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data')) {
    const result = await handleJoin(platform, request, { browserKeepsFile: false });
    if (result.ok) return createUserSession(request, result.employeeId, '/me?welcome=1');
    return { step: 'form' as const, ...result };
  }
  assertSameOrigin(request, platform.env.PUBLIC_URL);
  const asked = await requestJoinLink(platform, await readFormBody(request), clientAddress(request, context));
  return { step: 'ask' as const, ...asked };
}

export default function JoinPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const domains = data.allowedDomains.map((domain) => `@${domain}`).join(' or ');
  // A profile form sent with a link that has gone (used in another tab, expired, or none at all).
  if (actionData?.step === 'form' && !actionData.ok && actionData.linkExpired) return <LinkExpired />;
  if (data.step === 'form') return <ProfileStep {...data} />;
  if (data.step === 'ask') return <EmailStep domains={domains} />;
  return <LinkExpired />;
}

function LinkExpired() {
  return (
    <div className="narrow">
      <div className="card">
        <h1>This link has expired</h1>
        <p role="alert" className="alert alert--error">
          {JOIN_LINK_EXPIRED_MESSAGE}
        </p>
        <p>
          <Link to="/join">Send me a new link</Link>
        </p>
      </div>
    </div>
  );
}

function EmailStep({ domains }: { domains: string }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const asked = actionData?.step === 'ask' ? actionData : null;
  return (
    <div className="narrow">
      <div className="card">
        <h1>Create your profile</h1>
        {asked?.sent ? (
          <div className="alert alert--success" role="status">
            <p>
              <strong>Check your inbox.</strong> We have sent an email to the work address you gave. Open its link
              within 24 hours to fill in your profile and choose a password.
            </p>
            <p>
              Nothing arrived after a few minutes? Look in your spam folder, or{' '}
              <Link to="/join" reloadDocument>
                ask for a new link
              </Link>
              .
            </p>
          </div>
        ) : (
          <>
            <p className="muted">
              Welcome to XYZ. First we check that the work email is yours: we send a link to it, and the link opens your
              profile form. Use your work email ({domains}).
            </p>
            <Form method="post" noValidate>
              <Field
                name="workEmail"
                type="email"
                label="Work email"
                autoComplete="email"
                required
                maxLength={254}
                error={asked?.error ?? undefined}
              />
              <button type="submit" disabled={navigation.state === 'submitting'}>
                Send me a link
              </button>
            </Form>
          </>
        )}
      </div>
      <p>
        <Link to="/login">I already have an account</Link>
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
  return (
    <div className="medium">
      <h1>Create your profile</h1>
      <p className="muted">
        Welcome to XYZ. Fill in your profile and choose a password; HR will check it and add you to the directory.
      </p>
      <form method="post" encType="multipart/form-data" noValidate onSubmit={upload.onSubmit} ref={upload.formRef}>
        <input type="hidden" name="token" value={token} />
        <FormError message={shown?.formError} />
        {shown?.formError === JOIN_LINK_EXPIRED_MESSAGE ? (
          <p>
            <Link to="/join" reloadDocument>
              Send me a new link
            </Link>
          </p>
        ) : null}
        <ProfileFields
          values={values}
          errors={errors}
          departments={departments}
          workEmailReadOnly
          workEmailHint="The address your link was sent to."
        />
        <CustomFieldInputs fields={customInputs} values={fromAction?.customValues} errors={errors} />
        <fieldset>
          <legend>Photo</legend>
          <PhotoInput error={errors.photo} maxMegabytes={maxMegabytes} />
          <FaceCheckNotice facts={faceCheckNotice} />
        </fieldset>
        <fieldset>
          <legend>Password</legend>
          <Field
            name="password"
            type="password"
            label="Password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN_LENGTH}
            hint={`At least ${PASSWORD_MIN_LENGTH} characters. A short sentence is easy to remember and hard to guess.`}
            error={errors.password}
          />
        </fieldset>
        <UploadProgress progress={upload.progress} />
        <div className="actions">
          <button type="submit" disabled={upload.busy}>
            {upload.busy ? 'Creating your profile…' : 'Create my profile'}
          </button>
          <Link to="/login">I already have an account</Link>
        </div>
      </form>
    </div>
  );
}
