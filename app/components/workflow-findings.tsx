/** What the verification workflow found for a profile waiting for HR's decision (the pending page). */
import { useIntl } from 'react-intl';
import { useT } from '~/i18n/use-t';
import { CHECK_LABELS } from './workflow-step-summary';

export interface WorkflowFindingsView {
  waitingSince: string;
  /** Whole hours waited, counted when the page was made. */
  waitedHours: number;
  photo: { verdict: string; faceCheck?: string; reason?: string } | null;
  record: { passed: boolean; findings: Array<{ check: string; passed: boolean; detail?: string }> } | null;
  reminded: boolean;
}

const PHOTO_VERDICTS: Record<string, string> = {
  accepted: 'verificationWorkflow.verdict.accepted',
  'needs-review': 'verificationWorkflow.verdict.needsReview',
  rejected: 'verificationWorkflow.verdict.rejected',
  missing: 'verificationWorkflow.verdict.missing',
};

/** A face-check outcome that needs more than its name: HR must look at the photo themselves (decision 206). */
const FACE_CHECK_LABELS: Record<string, string> = {
  'no-consent': 'verificationWorkflow.faceCheck.noConsent',
};

/**
 * The record checks' details are worded in English by app/workflow/steps/record-checks.server.ts and stored
 * with the execution; each fixed sentence has its id here, and the domain check's words around the domains
 * (data, shown as written). A detail none of these match is shown as stored.
 */
const CHECK_DETAILS: Record<string, string> = {
  'Another profile has this employee number': 'verificationWorkflow.detail.employeeNumberTaken',
  'Another profile has this work email': 'verificationWorkflow.detail.workEmailTaken',
  'No manager named': 'verificationWorkflow.detail.noManager',
  'The named manager does not exist': 'verificationWorkflow.detail.managerMissing',
  'The named manager is not active': 'verificationWorkflow.detail.managerInactive',
};
const DOMAIN_DETAIL = /^The work email's domain (?<domain>.+) is not one of (?<allowed>.+)$/;

function useCheckDetail() {
  const t = useT();
  return (detail: string): string => {
    const id = CHECK_DETAILS[detail];
    if (id) return t(id);
    const domain = DOMAIN_DETAIL.exec(detail)?.groups;
    return domain
      ? t('verificationWorkflow.detail.domainNotAllowed', { domain: domain.domain, allowed: domain.allowed })
      : detail;
  };
}

function useWaited() {
  const t = useT();
  return (hours: number): string => {
    if (hours < 1) return t('verificationWorkflow.findings.waitedUnderAnHour');
    if (hours < 48) return t('verificationWorkflow.findings.waitedHours', { hours });
    return t('verificationWorkflow.findings.waitedDays', { days: Math.floor(hours / 24) });
  };
}

export function WorkflowFindings({ findings }: { findings: WorkflowFindingsView }) {
  const t = useT();
  const intl = useIntl();
  const waited = useWaited();
  const checkDetail = useCheckDetail();
  const verdictId = findings.photo ? PHOTO_VERDICTS[findings.photo.verdict] : undefined;
  const faceCheck = findings.photo?.faceCheck;
  const faceCheckId = faceCheck ? FACE_CHECK_LABELS[faceCheck] : undefined;
  return (
    <div className="workflow-findings" data-testid="workflow-findings">
      <p data-testid="workflow-waiting">
        {intl.formatMessage(
          { id: 'verificationWorkflow.findings.waiting' },
          {
            waited: waited(findings.waitedHours),
            reminded: findings.reminded ? 'yes' : 'no',
            strong: (chunks) => <strong key="strong">{chunks}</strong>,
          },
        )}
      </p>
      <dl>
        <dt>{t('verificationWorkflow.findings.photo')}</dt>
        <dd data-finding="photo">
          {findings.photo
            ? verdictId
              ? t(verdictId)
              : findings.photo.verdict
            : t('verificationWorkflow.findings.unknown')}
          {faceCheck
            ? ` (${faceCheckId ? t(faceCheckId) : t('verificationWorkflow.faceCheck.other', { outcome: faceCheck })})`
            : ''}
          {findings.photo?.reason ? ` — ${findings.photo.reason}` : ''}
        </dd>
        <dt>{t('verificationWorkflow.findings.record')}</dt>
        <dd data-finding="record">
          {!findings.record ? (
            t('verificationWorkflow.findings.notRun')
          ) : (
            <ul>
              {findings.record.findings.map((finding) => {
                const checkId = CHECK_LABELS[finding.check];
                return (
                  <li key={finding.check} data-check={finding.check} data-passed={String(finding.passed)}>
                    {finding.passed ? '✓' : '✗'} {checkId ? t(checkId) : finding.check}
                    {finding.detail ? `: ${checkDetail(finding.detail)}` : ''}
                  </li>
                );
              })}
            </ul>
          )}
        </dd>
      </dl>
    </div>
  );
}
