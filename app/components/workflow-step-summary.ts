/**
 * A workflow step's summary in the page's language. The summaries are stored in English with the execution's
 * history (app/workflow/step-summaries.ts, app/workflow/local-engine.server.ts,
 * app/workflow/step-functions-history.server.ts), so each known sentence is matched here and reworded from the
 * catalogue; the codes inside (a check's name, an error's name) are kept or mapped to their own labels. A
 * summary none of these match is shown as stored. Browser-safe.
 */
import { useIntl } from 'react-intl';
import { formatList } from '~/i18n/format';
import { DEFAULT_LANGUAGE } from '~/i18n/languages';
import { useT } from '~/i18n/use-t';

const FIXED: Record<string, string> = {
  'Photo accepted': 'verificationWorkflow.summary.photoAccepted',
  'Photo held for HR review': 'verificationWorkflow.summary.photoHeld',
  'Photo rejected': 'verificationWorkflow.summary.photoRejected',
  'No photo': 'verificationWorkflow.summary.noPhoto',
  'Photo settled': 'verificationWorkflow.summary.photoSettled',
  'Record checks passed': 'verificationWorkflow.summary.checksPassed',
  'HR approved': 'verificationWorkflow.summary.hrApproved',
  'HR rejected': 'verificationWorkflow.summary.hrRejected',
  'HR reminded': 'verificationWorkflow.summary.hrReminded',
  'Manager told': 'verificationWorkflow.summary.managerTold',
  'Already active': 'verificationWorkflow.summary.alreadyActive',
  'Profile activated': 'verificationWorkflow.summary.activated',
  'Already inactive': 'verificationWorkflow.summary.alreadyInactive',
  'Profile rejected': 'verificationWorkflow.summary.rejected',
  Stopped: 'verificationWorkflow.summary.stopped',
  'The execution failed here': 'verificationWorkflow.summary.failedHere',
  'No answer within the time limit': 'verificationWorkflow.summary.noAnswer',
  'Timed out': 'verificationWorkflow.summary.timedOut',
};

/** The record checks' names, as in the pending page's findings. */
export const CHECK_LABELS: Record<string, string> = {
  'work-email-domain': 'verificationWorkflow.check.workEmailDomain',
  'unique-employee-number': 'verificationWorkflow.check.uniqueEmployeeNumber',
  'unique-work-email': 'verificationWorkflow.check.uniqueWorkEmail',
  'manager-active': 'verificationWorkflow.check.managerActive',
};

const FACE_CHECK_SUFFIX = /^(?<verdict>.+?) \((?:(?<noConsent>no consent: check by eye)|face check: (?<outcome>.+))\)$/;
const PATTERNS = {
  reminded: /^Employee reminded to add a photo \(reminder (?<count>\d+)\)$/,
  askedAgain: /^Employee asked for another photo \(rejection (?<count>\d+)\)$/,
  checksFailed: /^Record checks failed: (?<checks>.+)$/,
  waitingForHr: /^Waiting for HR; reminder after (?<duration>.+)$/,
  endedBy: /^Ended (?:by|with) (?<error>.+)$/,
};
const DURATION = /^(?<amount>\d+) (?<unit>s|min|h|days)$/;

export function useStepSummary() {
  const t = useT();
  const { locale } = useIntl();
  const duration = (text: string): string => {
    const match = DURATION.exec(text)?.groups;
    if (!match) return text === 'an unknown time' ? t('verificationWorkflow.summary.unknownTime') : text;
    const amount = Number(match.amount);
    if (match.unit === 's') return t('verificationWorkflow.duration.seconds', { amount });
    if (match.unit === 'min') return t('verificationWorkflow.duration.minutes', { amount });
    if (match.unit === 'h') return t('verificationWorkflow.duration.hours', { amount });
    return t('verificationWorkflow.duration.days', { amount });
  };
  const translate = (summary: string): string => {
    // English is the stored text itself.
    if (locale === DEFAULT_LANGUAGE) return summary;
    const fixed = FIXED[summary];
    if (fixed) return t(fixed);
    const withFaceCheck = FACE_CHECK_SUFFIX.exec(summary)?.groups;
    if (withFaceCheck && FIXED[withFaceCheck.verdict!]) {
      const verdict = t(FIXED[withFaceCheck.verdict!]!);
      const note = withFaceCheck.noConsent
        ? t('verificationWorkflow.faceCheck.noConsent')
        : t('verificationWorkflow.faceCheck.other', { outcome: withFaceCheck.outcome });
      return t('verificationWorkflow.summary.withNote', { verdict, note });
    }
    let match = PATTERNS.reminded.exec(summary)?.groups;
    if (match) return t('verificationWorkflow.summary.photoReminder', { count: Number(match.count) });
    match = PATTERNS.askedAgain.exec(summary)?.groups;
    if (match) return t('verificationWorkflow.summary.anotherPhoto', { count: Number(match.count) });
    match = PATTERNS.checksFailed.exec(summary)?.groups;
    if (match) {
      const checks = match.checks!.split(', ').map((check) => (CHECK_LABELS[check] ? t(CHECK_LABELS[check]) : check));
      return t('verificationWorkflow.summary.checksFailed', { checks: formatList(checks, locale) });
    }
    match = PATTERNS.waitingForHr.exec(summary)?.groups;
    if (match) return t('verificationWorkflow.summary.waitingForHr', { after: duration(match.duration!) });
    match = PATTERNS.endedBy.exec(summary)?.groups;
    if (match) {
      const error = match.error === 'an error' ? t('verificationWorkflow.summary.anError') : match.error;
      return t('verificationWorkflow.summary.endedBy', { error });
    }
    return summary;
  };
  return translate;
}
