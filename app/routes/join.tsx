import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { PASSWORD_MIN_LENGTH } from '~/auth/password-policy';
import { createUserSession, getUser } from '~/auth/user-session.server';
import { Field, FormError } from '~/components/field';
import { PhotoInput } from '~/components/photo-input';
import { ProfileFields } from '~/components/profile-fields';
import { UploadProgress, useUploadForm } from '~/components/upload-form';
import { getPlatform } from '~/platform.server';
import { cachedDepartments } from '~/services/departments.server';
import { handleJoin } from '~/services/join.server';

export const meta: MetaFunction = () => [{ title: 'Join · XYZ People' }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect('/me');
  const platform = await getPlatform();
  return {
    allowedDomains: platform.env.ALLOWED_EMAIL_DOMAINS,
    maxMegabytes: Math.floor(platform.env.PHOTO_MAX_BYTES / (1024 * 1024)),
    departments: await cachedDepartments(platform.db),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const platform = await getPlatform();
  const result = await handleJoin(platform, request, { browserKeepsFile: false });
  if (result.ok) return createUserSession(request, result.employeeId, '/me?welcome=1');
  return result;
}

export default function JoinPage() {
  const { allowedDomains, maxMegabytes, departments } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const upload = useUploadForm('/api/join');
  const shown = upload.result ?? (actionData && !actionData.ok ? actionData : null);
  const errors = shown?.errors ?? {};
  const values = (actionData && !actionData.ok ? actionData.values : undefined) ?? {};
  return (
    <div className="medium">
      <h1>Create your profile</h1>
      <p className="muted">
        Welcome to XYZ. Fill in your profile and choose a password; HR will check it and add you to the directory. Use
        your work email ({allowedDomains.map((domain) => `@${domain}`).join(' or ')}).
      </p>
      <form method="post" encType="multipart/form-data" noValidate onSubmit={upload.onSubmit} ref={upload.formRef}>
        <FormError message={shown?.formError} />
        <ProfileFields values={values} errors={errors} departments={departments} />
        <fieldset>
          <legend>Photo</legend>
          <PhotoInput error={errors.photo} maxMegabytes={maxMegabytes} />
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
