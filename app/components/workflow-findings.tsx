/** What the verification workflow found for a profile waiting for HR's decision (the pending page). */
export interface WorkflowFindingsView {
  waitingSince: string;
  /** Whole hours waited, counted when the page was made. */
  waitedHours: number;
  photo: { verdict: string; faceCheck?: string; reason?: string } | null;
  record: { passed: boolean; findings: Array<{ check: string; passed: boolean; detail?: string }> } | null;
  reminded: boolean;
}

const PHOTO_VERDICTS: Record<string, string> = {
  accepted: 'Accepted',
  'needs-review': 'Needs your review',
  rejected: 'Rejected (no more attempts)',
  missing: 'No photo (the employee was reminded)',
};

/** A face-check outcome that needs more than its name: HR must look at the photo themselves (decision 206). */
const FACE_CHECK_LABELS: Record<string, string> = {
  'no-consent': 'no consent: check by eye',
};

const CHECK_LABELS: Record<string, string> = {
  'work-email-domain': 'Work email domain',
  'unique-employee-number': 'Employee number unique',
  'unique-work-email': 'Work email unique',
  'manager-active': 'Manager active',
};

function waited(hours: number): string {
  if (hours < 1) return 'less than an hour';
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

export function WorkflowFindings({ findings }: { findings: WorkflowFindingsView }) {
  return (
    <div className="workflow-findings" data-testid="workflow-findings">
      <p>
        <strong>Waiting for your decision</strong> for {waited(findings.waitedHours)}
        {findings.reminded ? ' (reminder sent)' : ''}.
      </p>
      <dl>
        <dt>Photo</dt>
        <dd data-finding="photo">
          {findings.photo ? (PHOTO_VERDICTS[findings.photo.verdict] ?? findings.photo.verdict) : 'Unknown'}
          {findings.photo?.faceCheck
            ? ` (${FACE_CHECK_LABELS[findings.photo.faceCheck] ?? `face check: ${findings.photo.faceCheck}`})`
            : ''}
          {findings.photo?.reason ? ` — ${findings.photo.reason}` : ''}
        </dd>
        <dt>Record checks</dt>
        <dd data-finding="record">
          {!findings.record ? (
            'Not run'
          ) : (
            <ul>
              {findings.record.findings.map((finding) => (
                <li key={finding.check} data-check={finding.check} data-passed={String(finding.passed)}>
                  {finding.passed ? '✓' : '✗'} {CHECK_LABELS[finding.check] ?? finding.check}
                  {finding.detail ? `: ${finding.detail}` : ''}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </div>
  );
}
