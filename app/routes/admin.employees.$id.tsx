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
import { formatDateTime, formatList } from '~/i18n/format';
import { useViewer } from '~/i18n/document-intl';
import { useT } from '~/i18n/use-t';
import { photoReasonId } from '~/i18n/photo-reasons';
import { requestIntl } from '~/services/request-intl.server';
import { runEmployeePageAction } from './admin/employee-page-actions.server';
import { loadEmployeePageData } from './admin/employee-page-data.server';
import { translateHrResult } from './admin/hr-messages';

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
  const intl = await requestIntl(request);
  return {
    ...page,
    faceCheckConsent: await faceCheckConsentRecord(platform, id.data),
    identityNotice:
      identityNotice === 'identity-removed'
        ? intl.formatMessage({ id: 'adminEmployee.identities.removed' })
        : identityNotice === 'identity-gone'
          ? intl.formatMessage({ id: 'adminEmployee.identities.gone' })
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
  const result = await runEmployeePageAction(platform, admin, id.data, await readFormBody(request));
  const intl = await requestIntl(request);
  return translateHrResult(intl, result);
}

const ACTION_LABELS: Record<string, string> = {
  'employee.created': 'adminEmployee.action.employeeCreated',
  'profile.updated': 'adminEmployee.action.profileUpdated',
  // Written when the upload is received, before the face check (or HR) says whether it replaces anything.
  'photo.replaced': 'adminEmployee.action.photoReplaced',
  'photo.promoted': 'adminEmployee.action.photoPromoted',
  'photo.approved': 'adminEmployee.action.photoApproved',
  'photo.failed': 'adminEmployee.action.photoFailed',
  'photo.refused': 'adminEmployee.action.photoRefused',
  'employee.activated': 'adminEmployee.action.employeeActivated',
  'employee.rejected': 'adminEmployee.action.employeeRejected',
  'employee.deactivated': 'adminEmployee.action.employeeDeactivated',
  'employee.reactivated': 'adminEmployee.action.employeeReactivated',
  'role.changed': 'adminEmployee.action.roleChanged',
  'identity.linked': 'adminEmployee.action.identityLinked',
  'identity.unlinked': 'adminEmployee.action.identityUnlinked',
  'workflow.WaitForPhoto': 'adminEmployee.action.workflowWaitForPhoto',
  'workflow.RemindAboutPhoto': 'adminEmployee.action.workflowRemindAboutPhoto',
  'workflow.AskForAnotherPhoto': 'adminEmployee.action.workflowAskForAnotherPhoto',
  'workflow.CheckRecord': 'adminEmployee.action.workflowCheckRecord',
  'workflow.PlanHrReview': 'adminEmployee.action.workflowPlanHrReview',
  'workflow.AwaitHrDecision': 'adminEmployee.action.workflowAwaitHrDecision',
  'workflow.AwaitHrDecisionAfterReminder': 'adminEmployee.action.workflowAwaitHrDecision',
  'workflow.AwaitHrDecisionAfterManagerTold': 'adminEmployee.action.workflowAwaitHrDecision',
  'workflow.RemindHr': 'adminEmployee.action.workflowRemindHr',
  'workflow.TellManager': 'adminEmployee.action.workflowTellManager',
  'workflow.Activate': 'adminEmployee.action.workflowActivate',
  'workflow.Reject': 'adminEmployee.action.workflowReject',
};

const ROLE_LABELS: Record<string, string> = {
  employee: 'adminEmployee.status.roleEmployee',
  admin: 'adminEmployee.status.roleAdmin',
};

/** The fixed notes app/services/employees.server.ts writes when a profile is created (CREATED_NOTES and a photo). */
const FIXED_NOTES: Record<string, string> = {
  'with a photo': 'adminEmployee.activity.note.withPhoto',
  'CSV import': 'adminEmployee.activity.note.csvImport',
  'provisioned by the identity provider': 'adminEmployee.activity.note.scim',
};

export default function AdminEmployee() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const t = useT();
  const viewer = useViewer();
  const { employee } = data;
  const profileErrors = result?.intent === 'profile' && !result.ok ? result.errors : {};
  const statusErrors = result?.intent === 'status' && !result.ok ? result.errors : {};
  const busy = navigation.state === 'submitting';
  // A role change's note is the new role's code (app/services/employees.server.ts); a profile's creation and a photo
  // the check refused carry fixed English sentences; any other note is what HR typed.
  const activityNote = (action: string, note: string) => {
    if (action === 'role.changed' && ROLE_LABELS[note]) return t(ROLE_LABELS[note]);
    const fixed = Object.hasOwn(FIXED_NOTES, note) ? FIXED_NOTES[note] : photoReasonId(note);
    return fixed ? t(fixed) : note;
  };
  return (
    <div className="stack">
      <ProfileHeader employee={employee} photoId={data.photoId} workEmail={employee.workEmail}>
        <StatusBadge status={employee.status} /> <RoleBadge role={employee.role} />
        {employee.status === 'active' ? (
          <Link to={`/employees/${employee.id}`}>{t('adminEmployee.publicProfile')}</Link>
        ) : null}
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
        <h2 id="status-heading">{t('adminEmployee.status.title')}</h2>
        {data.isSelfAdmin ? (
          <p className="muted">{t('adminEmployee.status.self')}</p>
        ) : (
          <div className="stack">
            {employee.status === 'pending' ? (
              <Form method="post" className="actions">
                <button type="submit" name="intent" value="activate" disabled={busy}>
                  {t('adminEmployee.status.activate')}
                </button>
              </Form>
            ) : null}
            {employee.status === 'inactive' ? (
              <Form method="post" className="actions">
                <button type="submit" name="intent" value="reactivate" disabled={busy}>
                  {t('adminEmployee.status.reactivate')}
                </button>
              </Form>
            ) : null}
            {employee.status === 'inactive' ? (
              <p className="actions">
                <Link to={`/admin/employees/${employee.id}/erase`} className="button button--danger">
                  {t('adminEmployee.status.erase')}
                </Link>
              </p>
            ) : null}
            {employee.status === 'pending' ? (
              <Form method="post">
                <TextAreaField
                  name="reason"
                  label={t('adminEmployee.status.rejectReason')}
                  maxLength={500}
                  error={statusErrors.reason}
                />
                <div className="actions">
                  <button type="submit" name="intent" value="reject" className="button--danger" disabled={busy}>
                    {t('adminEmployee.status.reject')}
                  </button>
                </div>
              </Form>
            ) : null}
            {employee.status === 'active' && !data.confirmDeactivate ? (
              <Form method="get" preventScrollReset className="actions">
                <button type="submit" name="confirm" value="deactivate" className="button--danger">
                  {t('adminEmployee.status.deactivate')}
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
              <SelectField
                name="role"
                label={t('adminEmployee.status.role')}
                defaultValue={employee.role}
                error={statusErrors.role}
              >
                <option value="employee">{t('adminEmployee.status.roleEmployee')}</option>
                <option value="admin">{t('adminEmployee.status.roleAdmin')}</option>
              </SelectField>
              <button type="submit" name="intent" value="role" className="button--secondary" disabled={busy}>
                {t('adminEmployee.status.changeRole')}
              </button>
            </Form>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="edit-heading">
        <h2 id="edit-heading">{t('adminEmployee.edit.title')}</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <FormError message={Object.keys(profileErrors).length > 0 ? t('adminEmployee.edit.correctFields') : null} />
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
            {t('adminEmployee.edit.save')}
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
        <h2 id="activity-heading">{t('adminEmployee.activity.title')}</h2>
        {data.activity.entries.length === 0 ? <p className="muted">{t('adminEmployee.activity.none')}</p> : null}
        <div className="table-wrap">
          <table data-testid="activity-log">
            <caption className="visually-hidden">{t('adminEmployee.activity.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('adminEmployee.activity.when')}</th>
                <th scope="col">{t('adminEmployee.activity.who')}</th>
                <th scope="col">{t('adminEmployee.activity.what')}</th>
                <th scope="col">{t('adminEmployee.activity.details')}</th>
              </tr>
            </thead>
            <tbody>
              {data.activity.entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(Date.parse(entry.at), viewer)}</td>
                  <td>{entry.actor}</td>
                  <td>{ACTION_LABELS[entry.action] ? t(ACTION_LABELS[entry.action]) : entry.action}</td>
                  <td>
                    {entry.changedFields.length > 0
                      ? t('adminEmployee.activity.fields', { fields: formatList(entry.changedFields, viewer.locale) })
                      : null}
                    {entry.note ? <div>{activityNote(entry.action, entry.note)}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="actions">
          {searchParams.get('activity') ? <Link to=".">{t('adminEmployee.activity.newest')}</Link> : null}
          {data.activity.nextCursor ? (
            <Link to={`?activity=${data.activity.nextCursor}`}>{t('adminEmployee.activity.older')}</Link>
          ) : null}
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
  const t = useT();
  const name = employee.preferredName || employee.firstName;
  return (
    <section className="confirm-panel" aria-labelledby="deactivate-heading" data-testid="deactivate-confirmation">
      <h3 id="deactivate-heading">{t('adminEmployee.deactivate.title', { name: employee.displayName })}</h3>
      <ul>
        <li>{t('adminEmployee.deactivate.signedOut', { name })}</li>
        <li>
          {t('adminEmployee.deactivate.leavesDirectory', { name })}
          {reportCount > 0 ? ` ${t('adminEmployee.deactivate.reports', { count: reportCount, name })}` : ''}
        </li>
        <li>{t('adminEmployee.deactivate.nothingDeleted', { name })}</li>
      </ul>
      <Form method="post">
        <input type="hidden" name="confirmed" value="yes" />
        <TextAreaField
          name="reason"
          label={t('adminEmployee.deactivate.reasonLabel')}
          maxLength={500}
          error={reasonError}
        />
        <div className="actions">
          <button type="submit" name="intent" value="deactivate" className="button--danger" disabled={busy}>
            {t('adminEmployee.deactivate.confirm', { name: employee.displayName })}
          </button>
          <Link to="." preventScrollReset className="button button--secondary">
            {t('adminEmployee.deactivate.cancel')}
          </Link>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
