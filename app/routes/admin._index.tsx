import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { Avatar } from '~/components/avatar';
import { TextAreaField } from '~/components/field';
import { useHydrated, usePhotoStatePoll } from '~/components/photo-state-poll';
import { listDirectory } from '~/models/employee-admin-listing.server';
import { countEmployees } from '~/models/employee.server';
import { getPlatform } from '~/platform.server';
import { readFormBody } from '~/utils/form-body.server';
import { getPhotoStates } from '~/services/photo-state.server';
import { listHeldPhotos } from '~/services/photo-review.server';
import { listDecisionsUnderway, listWaitingFindings } from '~/workflow/hr-decision.server';
import { useRefreshWhile } from '~/components/refresh-while';
import { WorkflowFindings } from '~/components/workflow-findings';
import { HELD_REASONS } from '~/components/photo-review';
import { requestIntl } from '~/services/request-intl.server';
import { useT } from '~/i18n/use-t';
import { runAdminAction } from './admin/admin-actions.server';
import { translateHrMessage, translateHrResult } from './admin/hr-messages';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const intl = await requestIntl(request);
  const platform = await getPlatform();
  const { db } = platform;
  const [pending, counts] = await Promise.all([
    listDirectory(db, { status: 'pending', limit: 100 }),
    Promise.all([
      countEmployees(db, { status: 'active' }),
      countEmployees(db, { status: 'pending' }),
      countEmployees(db, { status: 'inactive' }),
    ]),
  ]);
  // Only profiles with an upload in flight (or failed) need a look at the photo records (one DynamoDB read each).
  const uploads = await getPhotoStates(
    platform,
    pending.employees
      .filter((employee) => employee.pendingPhotoId || employee.failedPhotoId)
      .map((employee) => employee.id),
  );
  const uploadOf = new Map(uploads.map((upload) => [upload.employeeId, upload]));
  const heldPhotos = await listHeldPhotos(platform);
  // Profiles the verification workflow holds for HR, with what each step found (decision 010).
  const waiting = await listWaitingFindings(platform);
  const now = Date.now();
  // Decided in the workflow a moment ago: its Activate or Reject step applies the decision asynchronously.
  const underway = await listDecisionsUnderway(platform, now);
  return {
    heldPhotos,
    pending: pending.employees.map((employee) => {
      const upload = uploadOf.get(employee.id);
      return {
        id: employee.id,
        displayName: employee.displayName,
        workEmail: employee.workEmail,
        jobTitle: employee.jobTitle,
        department: employee.department,
        photoId: upload ? upload.photoId : employee.photoId,
        photoState: upload?.state ?? null,
        photoFailure: translateHrMessage(intl, upload?.failureReason ?? null),
        createdAt: String(employee.createdAt),
        decisionUnderway: waiting.has(employee.id) ? null : (underway.get(employee.id) ?? null),
        workflow: (() => {
          const found = waiting.get(employee.id);
          if (!found) return null;
          return {
            waitingSince: found.waitingSince,
            waitedHours: Math.floor((now - Date.parse(found.waitingSince)) / 3_600_000),
            // Its reason is the server's English sentence for a held photo (app/services/photo-view.server.ts).
            photo: found.photo && { ...found.photo, reason: translateHrMessage(intl, found.photo.reason) ?? undefined },
            record: found.record,
            reminded: found.step !== 'AwaitHrDecision',
          };
        })(),
      };
    }),
    counts: { active: counts[0], pending: counts[1], inactive: counts[2] },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const platform = await getPlatform();
  const result = await runAdminAction(platform, admin, await readFormBody(request));
  const intl = await requestIntl(request);
  return translateHrResult(intl, result);
}

export default function AdminPending() {
  const { pending, counts, heldPhotos } = useLoaderData<typeof loader>();
  const t = useT();
  const result = useActionData<typeof action>();
  const hydrated = useHydrated();
  // Photos still processing are followed; the list refreshes itself once one is ready or failed.
  usePhotoStatePoll(pending.filter((employee) => employee.photoState === 'processing').map((employee) => employee.id));
  // A decision the workflow is applying: the list refreshes until the profile has left it.
  useRefreshWhile(pending.some((employee) => employee.decisionUnderway));
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t('adminQueue.title')}</h1>
        <p className="muted" data-testid="queue-counts">
          {t('adminQueue.counts', counts)}
        </p>
      </div>
      {result?.ok ? (
        <p className="alert alert--success" role="status">
          {result.message}
        </p>
      ) : result && result.errors.form ? (
        <p className="alert alert--error" role="alert">
          {result.errors.form}
        </p>
      ) : null}
      {heldPhotos.length > 0 ? (
        <section className="card" aria-labelledby="held-photos-heading" data-testid="held-photos">
          <h2 id="held-photos-heading">{t('adminQueue.heldPhotos')}</h2>
          <ul>
            {heldPhotos.map((held) => (
              <li key={held.photoId} data-photo-state="held">
                <Link to={`/admin/employees/${held.employeeId}`}>{held.displayName}</Link>:{' '}
                {t(HELD_REASONS[held.outcome])}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {pending.length === 0 && heldPhotos.length === 0 ? <p className="card">{t('adminQueue.empty')}</p> : null}
      {pending.map((employee) => {
        if (employee.decisionUnderway) {
          return (
            <DecisionUnderway
              key={employee.id}
              employee={employee}
              decision={employee.decisionUnderway}
              live={hydrated}
            />
          );
        }
        const errors = result && !result.ok && result.employeeId === employee.id ? result.errors : {};
        return (
          <section
            key={employee.id}
            className="card"
            aria-labelledby={`pending-${employee.id}`}
            data-testid="pending-employee"
          >
            <div className="profile-head">
              <Avatar employeeId={employee.id} photoId={employee.photoId} name={employee.displayName} alt="" />
              <div>
                <h2 id={`pending-${employee.id}`}>
                  <Link to={`/admin/employees/${employee.id}`}>{employee.displayName}</Link>
                </h2>
                <p className="muted">
                  {employee.jobTitle} · {employee.department} · {employee.workEmail}
                </p>
                {employee.photoState === 'processing' ? (
                  <p className="muted" data-photo-state="processing">
                    {hydrated ? t('adminQueue.photoProcessingLive') : t('adminQueue.photoProcessing')}
                  </p>
                ) : employee.photoState === 'held' ? (
                  <p className="muted" data-photo-state="held">
                    {employee.photoFailure}{' '}
                    <Link to={`/admin/employees/${employee.id}`}>{t('adminQueue.reviewPhoto')}</Link>
                  </p>
                ) : employee.photoState === 'failed' ? (
                  <p className="muted" data-photo-state="failed">
                    {t('adminQueue.photoFailed', { reason: employee.photoFailure })}
                  </p>
                ) : null}
              </div>
            </div>
            {employee.workflow ? <WorkflowFindings findings={employee.workflow} /> : null}
            <div className="actions">
              {employee.workflow ? (
                <Form method="post">
                  <input type="hidden" name="employeeId" value={employee.id} />
                  <button type="submit" name="intent" value="approve">
                    {t('adminQueue.approve', { name: employee.displayName })}
                  </button>
                </Form>
              ) : null}
              <Form method="post">
                <input type="hidden" name="employeeId" value={employee.id} />
                <button
                  type="submit"
                  name="intent"
                  value="activate"
                  className={employee.workflow ? 'button--secondary' : undefined}
                >
                  {employee.workflow
                    ? t('adminQueue.activateByHand', { name: employee.displayName })
                    : t('adminQueue.activate', { name: employee.displayName })}
                </button>
              </Form>
            </div>
            <details>
              <summary>{t('adminQueue.rejectWithReason')}</summary>
              <Form method="post">
                <input type="hidden" name="employeeId" value={employee.id} />
                <TextAreaField
                  name="reason"
                  id={`reason-${employee.id}`}
                  label={t('adminQueue.reasonLabel')}
                  required
                  maxLength={500}
                  error={errors.reason}
                />
                {/* While the workflow waits for HR, a rejection is its decision (the execution ends as Rejected). */}
                <button
                  type="submit"
                  name="intent"
                  value={employee.workflow ? 'workflow-reject' : 'reject'}
                  className="button--danger"
                >
                  {t('adminQueue.reject')}
                </button>
              </Form>
            </details>
          </section>
        );
      })}
    </div>
  );
}

/**
 * A profile HR has just approved or rejected in the workflow, while the workflow's next step applies it: no
 * buttons (deciding again would contradict the decision), and the list refreshes until the profile leaves it.
 */
function DecisionUnderway({
  employee,
  decision,
  live,
}: {
  employee: {
    id: string;
    displayName: string;
    photoId: string | null;
    jobTitle: string | null;
    department: string | null;
  };
  decision: 'approved' | 'rejected';
  live: boolean;
}) {
  const t = useT();
  return (
    <section
      className="card"
      aria-labelledby={`pending-${employee.id}`}
      data-testid="pending-employee"
      data-decision-underway={decision}
    >
      <div className="profile-head">
        <Avatar employeeId={employee.id} photoId={employee.photoId} name={employee.displayName} alt="" />
        <div>
          <h2 id={`pending-${employee.id}`}>
            <Link to={`/admin/employees/${employee.id}`}>{employee.displayName}</Link>
          </h2>
          <p className="muted">
            {employee.jobTitle} · {employee.department}
          </p>
          {/* No role: the action's own message above is the one announced. */}
          <p data-testid="decision-underway">
            {decision === 'approved' ? t('adminQueue.underway.approved') : t('adminQueue.underway.rejected')}{' '}
            {live ? t('adminQueue.underway.live') : t('adminQueue.underway.refresh')}
          </p>
        </div>
      </div>
    </section>
  );
}
