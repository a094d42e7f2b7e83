/**
 * One line per step result for HR's view of an execution's history: verdicts, check names and counts, never
 * a name, an email or the reason a person typed (those stay on the profile and in the activity log).
 */
import type { WorkflowStep } from '@shared/contracts/verification-workflow';

const PHOTO_VERDICTS: Record<string, string> = {
  accepted: 'Photo accepted',
  'needs-review': 'Photo held for HR review',
  rejected: 'Photo rejected',
  missing: 'No photo',
};

export function summariseStepResult(step: WorkflowStep, result: unknown): string {
  const value = (result ?? {}) as Record<string, unknown>;
  switch (step) {
    case 'WaitForPhoto':
      return `${PHOTO_VERDICTS[String(value.verdict)] ?? 'Photo settled'}${value.faceCheck === 'no-consent' ? ' (no consent: check by eye)' : value.faceCheck ? ` (face check: ${String(value.faceCheck)})` : ''}`;
    case 'RemindAboutPhoto':
      return `Employee reminded to add a photo (reminder ${String(value.photoReminders)})`;
    case 'AskForAnotherPhoto':
      return `Employee asked for another photo (rejection ${String(value.photoRejections)})`;
    case 'CheckRecord': {
      const findings = (value.findings ?? []) as Array<{ check: string; passed: boolean }>;
      const failed = findings.filter((finding) => !finding.passed).map((finding) => finding.check);
      return failed.length === 0 ? 'Record checks passed' : `Record checks failed: ${failed.join(', ')}`;
    }
    case 'PlanHrReview':
      return `Waiting for HR; reminder after ${formatSeconds(Number(value.remindHrAfterSeconds))}`;
    case 'AwaitHrDecision':
    case 'AwaitHrDecisionAfterReminder':
    case 'AwaitHrDecisionAfterManagerTold':
      return value.decision === 'approved' ? 'HR approved' : 'HR rejected';
    case 'RemindHr':
      return 'HR reminded';
    case 'TellManager':
      return 'Manager told';
    case 'Activate':
      return value.status === 'unchanged' ? 'Already active' : 'Profile activated';
    case 'Reject':
      return value.status === 'unchanged' ? 'Already inactive' : 'Profile rejected';
  }
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'an unknown time';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}
