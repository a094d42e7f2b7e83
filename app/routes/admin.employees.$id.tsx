import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { requireAdmin } from '~/auth/user-session.server';
import { FormError, SelectField, TextAreaField } from '~/components/field';
import { GeneralErrorBoundary } from '~/components/error-page';
import { PhotoStatus } from '~/components/photo-status';
import { FaceCheckNote, PhotoReview } from '~/components/photo-review';
import { ProfileFields } from '~/components/profile-fields';
import { CustomFieldInputs } from '~/components/custom-field-inputs';
import { ProfileHeader } from '~/components/profile-header';
import { RoleBadge, StatusBadge } from '~/components/status-badge';
import { LinkedIdentities } from '~/components/linked-identities';
import { FaceCheckConsentRecord } from '~/components/face-check-consent-record';
import { getPlatform } from '~/platform.server';
import { faceCheckConsentRecord } from '~/services/face-check-consent.server';
import { readFormBody } from '~/utils/form-body.server';
import { WorkflowHistory } from '~/components/workflow-history';
import { PersonalArchiveCard } from '~/components/personal-archive-card';
import { PrivateDetailViews } from '~/components/private-detail-views';
import { runEmployeePageAction } from './admin/employee-page-actions.server';
import { loadEmployeePageData } from './admin/employee-page-data.server';

const idSchema = z.string().uuid();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw new Response('Not found', { status: 404 });
  const platform = await getPlatform();
  const url = new URL(request.url);
  const page = await loadEmployeePageData(platform, admin, id.data, {
    activityCursor: url.searchParams.get('activity'),
  });
  if (!page) throw new Response('Not found', { status: 404 });
  const identityNotice = url.searchParams.get('notice');
  return {
    ...page,
    faceCheckConsent: await faceCheckConsentRecord(platform, id.data),
    identityNotice:
      identityNotice === 'identity-removed'
        ? 'Identity removed: it no longer signs this employee in.'
        : identityNotice === 'identity-gone'
          ? 'That identity was already removed.'
          : null,
    isSelfAdmin: admin.id === id.data,
    // The confirmation step is a plain GET (?confirm=deactivate), so it works the same without JavaScript.
    confirmDeactivate:
      url.searchParams.get('confirm') === 'deactivate' && admin.id !== id.data && page.employee.status === 'active',
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw new Response('Not found', { status: 404 });
  const platform = await getPlatform();
  return runEmployeePageAction(platform, admin, id.data, await readFormBody(request));
}

const ACTION_LABELS: Record<string, string> = {
  'employee.created': 'Profile created',
  'profile.updated': 'Profile updated',
  // Written when the upload is received, before the face check (or HR) says whether it replaces anything.
  'photo.replaced': 'New photo uploaded',
  'photo.promoted': 'New photo on the profile',
  'photo.approved': 'New photo approved by HR, on the profile',
  'photo.failed': 'New photo could not be used',
  'photo.refused': 'New photo refused by HR',
  'employee.activated': 'Activated',
  'employee.rejected': 'Rejected',
  'employee.deactivated': 'Deactivated',
  'employee.reactivated': 'Reactivated',
  'role.changed': 'Role changed',
  'identity.linked': 'Sign-in identity linked',
  'identity.unlinked': 'Sign-in identity removed',
  'workflow.WaitForPhoto': 'Workflow: photo',
  'workflow.RemindAboutPhoto': 'Workflow: photo reminder',
  'workflow.AskForAnotherPhoto': 'Workflow: another photo asked for',
  'workflow.CheckRecord': 'Workflow: record checks',
  'workflow.PlanHrReview': 'Workflow: sent to HR',
  'workflow.AwaitHrDecision': "Workflow: HR's decision",
  'workflow.AwaitHrDecisionAfterReminder': "Workflow: HR's decision",
  'workflow.AwaitHrDecisionAfterManagerTold': "Workflow: HR's decision",
  'workflow.RemindHr': 'Workflow: HR reminded',
  'workflow.TellManager': 'Workflow: manager told',
  'workflow.Activate': 'Workflow: activated',
  'workflow.Reject': 'Workflow: rejected',
};

export default function AdminEmployee() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const { employee } = data;
  const profileErrors = result?.intent === 'profile' && !result.ok ? result.errors : {};
  const statusErrors = result?.intent === 'status' && !result.ok ? result.errors : {};
  const busy = navigation.state === 'submitting';
  return (
    <div className="stack">
      <ProfileHeader employee={employee} photoId={data.photoId} workEmail={employee.workEmail}>
        <StatusBadge status={employee.status} /> <RoleBadge role={employee.role} />
        {employee.status === 'active' ? <Link to={`/employees/${employee.id}`}>Public profile</Link> : null}
      </ProfileHeader>
      <PhotoStatus photo={data.photo} own={false} />
      {data.photoReview ? <FaceCheckNote check={data.photoReview.currentCheck} /> : null}
      {result?.intent === 'photo-review' && !result.ok ? <FormError message={result.message ?? undefined} /> : null}
      {data.photoReview ? <PhotoReview review={data.photoReview} busy={busy} /> : null}
      {result?.ok ? (
        <p className="alert alert--success" role="status">
          {result.message}
        </p>
      ) : null}
      <FormError message={statusErrors.form ?? statusErrors.confirmed} />

      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading">Status and role</h2>
        {data.isSelfAdmin ? (
          <p className="muted">This is you: another HR admin has to change your status or role.</p>
        ) : (
          <div className="stack">
            {employee.status === 'pending' ? (
              <Form method="post" className="actions">
                <button type="submit" name="intent" value="activate" disabled={busy}>
                  Activate
                </button>
              </Form>
            ) : null}
            {employee.status === 'inactive' ? (
              <Form method="post" className="actions">
                <button type="submit" name="intent" value="reactivate" disabled={busy}>
                  Reactivate
                </button>
              </Form>
            ) : null}
            {employee.status === 'inactive' ? (
              <p className="actions">
                <Link to={`/admin/employees/${employee.id}/erase`} className="button button--danger">
                  Erase…
                </Link>
              </p>
            ) : null}
            {employee.status === 'pending' ? (
              <Form method="post">
                <TextAreaField
                  name="reason"
                  label="Reason (sent to the employee when rejecting)"
                  maxLength={500}
                  error={statusErrors.reason}
                />
                <div className="actions">
                  <button type="submit" name="intent" value="reject" className="button--danger" disabled={busy}>
                    Reject
                  </button>
                </div>
              </Form>
            ) : null}
            {employee.status === 'active' && !data.confirmDeactivate ? (
              <Form method="get" preventScrollReset className="actions">
                <button type="submit" name="confirm" value="deactivate" className="button--danger">
                  Deactivate…
                </button>
              </Form>
            ) : null}
            {data.confirmDeactivate ? (
              <DeactivateConfirmation
                employee={employee}
                reportCount={data.reports.length}
                reasonError={statusErrors.reason}
                busy={busy}
              />
            ) : null}
            <Form method="post" className="narrow-start">
              <SelectField name="role" label="Role" defaultValue={employee.role} error={statusErrors.role}>
                <option value="employee">Employee</option>
                <option value="admin">HR admin</option>
              </SelectField>
              <button type="submit" name="intent" value="role" className="button--secondary" disabled={busy}>
                Change role
              </button>
            </Form>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="edit-heading">
        <h2 id="edit-heading">Edit profile</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <FormError
            message={Object.keys(profileErrors).length > 0 ? 'Please correct the fields marked below.' : null}
          />
          <ProfileFields
            values={(result?.intent === 'profile' && !result.ok ? result.values : null) ?? data.values}
            errors={profileErrors}
            departments={data.departments}
          />
          <CustomFieldInputs
            fields={data.customInputs}
            values={(result?.intent === 'profile' && !result.ok ? result.customValues : null) ?? data.customValues}
            errors={profileErrors}
          />
          <button type="submit" disabled={busy}>
            Save profile
          </button>
        </Form>
      </section>

      <LinkedIdentities employeeId={employee.id} identities={data.linkedIdentities} notice={data.identityNotice} />
      <FaceCheckConsentRecord record={data.faceCheckConsent} />
      <WorkflowHistory history={data.workflow} />
      <PrivateDetailViews
        {...data.privateDetailViews}
        own={false}
        archiveHref={`/admin/employees/${employee.id}/data.zip`}
      />
      <PersonalArchiveCard href={`/admin/employees/${employee.id}/data.zip`} own={false} />

      <section className="card" aria-labelledby="activity-heading">
        <h2 id="activity-heading">Activity</h2>
        {data.activity.entries.length === 0 ? <p className="muted">No activity recorded.</p> : null}
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Activity, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {data.activity.entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{entry.at.replace('T', ' ').slice(0, 19)}</td>
                  <td>{entry.actor}</td>
                  <td>{ACTION_LABELS[entry.action] ?? entry.action}</td>
                  <td>
                    {entry.changedFields.length > 0 ? `Fields: ${entry.changedFields.join(', ')}` : null}
                    {entry.note ? <div>{entry.note}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="actions">
          {searchParams.get('activity') ? <Link to=".">Newest</Link> : null}
          {data.activity.nextCursor ? <Link to={`?activity=${data.activity.nextCursor}`}>Older →</Link> : null}
        </p>
      </section>
    </div>
  );
}

/** Says exactly what deactivating does (see deactivateEmployee and runAdminAction) before it happens. */
function DeactivateConfirmation({
  employee,
  reportCount,
  reasonError,
  busy,
}: {
  employee: { displayName: string; firstName: string; preferredName: string | null };
  reportCount: number;
  reasonError?: string;
  busy: boolean;
}) {
  const name = employee.preferredName || employee.firstName;
  return (
    <section className="confirm-panel" aria-labelledby="deactivate-heading" data-testid="deactivate-confirmation">
      <h3 id="deactivate-heading">Deactivate {employee.displayName}?</h3>
      <ul>
        <li>
          {name} is signed out everywhere at once and can no longer sign in. The sign-in page tells them the account is
          deactivated and to ask HR. No message is sent to them.
        </li>
        <li>
          The profile leaves the directory and its search, and other employees no longer see it, nor {name} as
          anyone&apos;s manager or direct report.
          {reportCount > 0
            ? ` ${reportCount} ${reportCount === 1 ? 'person reports' : 'people report'} to ${name}: other employees will see no manager on their profiles until you assign a new one.`
            : ''}
        </li>
        <li>
          Nothing is deleted: the profile, photo and history stay. An HR admin can reactivate the account here at any
          time, and {name} then signs in with the same password.
        </li>
      </ul>
      <Form method="post">
        <input type="hidden" name="confirmed" value="yes" />
        <TextAreaField
          name="reason"
          label="Reason (optional, for the record: only HR sees it, in the activity below)"
          maxLength={500}
          error={reasonError}
        />
        <div className="actions">
          <button type="submit" name="intent" value="deactivate" className="button--danger" disabled={busy}>
            Deactivate {employee.displayName}
          </button>
          <Link to="." preventScrollReset className="button button--secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
