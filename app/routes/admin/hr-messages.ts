/**
 * The messages HR's people pages receive from the services in English (an action's result, a refusal, a
 * validation message), put into the page's language. The services word them once for every caller (the pages,
 * the imports, the tests); this list gives each known sentence its catalogue id, and each sentence with a part
 * that varies a pattern whose named groups become the message's values. English passes through untouched, and
 * so does a message nobody listed (English is better than nothing); app/routes/admin/hr-messages.test.ts fails
 * when a listed sentence stops matching its English catalogue text.
 */
import type { IntlShape } from 'react-intl';
import { DEFAULT_LANGUAGE } from '~/i18n/languages';
import { translateFormError } from '~/i18n/form-errors';

export const HR_MESSAGES: Record<string, string> = {
  // app/routes/admin/admin-actions.server.ts and the services it calls
  'Activated: the profile is now in the directory.': 'adminQueue.flash.activated',
  'Rejected; the employee has been sent the reason.': 'adminQueue.flash.rejected',
  'Deactivated and signed out everywhere.': 'adminQueue.flash.deactivated',
  'Reactivated.': 'adminQueue.flash.reactivated',
  'Now an HR admin.': 'adminQueue.flash.nowAdmin',
  'Now a regular employee.': 'adminQueue.flash.nowEmployee',
  'You cannot change your own status or role; ask another HR admin.': 'adminQueue.error.ownStatus',
  'Keep the reason under 500 characters': 'adminQueue.error.reasonTooLong',
  'Give the employee a reason': 'adminQueue.error.reasonMissing',
  'Confirm the deactivation first.': 'adminQueue.error.confirmFirst',
  'This profile is being erased: it cannot be reactivated or activated.': 'adminQueue.error.erasureUnderWay',
  // app/workflow/hr-decision.server.ts
  'This profile is not waiting for a decision in the workflow.': 'adminQueue.error.notWaiting',
  'Someone else has just decided on this profile.': 'adminQueue.error.decidedElsewhere',
  'The workflow stopped waiting for this profile: decide with Activate or Reject.': 'adminQueue.error.workflowStopped',
  'The workflow could not be reached. Nothing changed: please try again.': 'adminQueue.error.workflowUnreachable',
  'Approved: the profile is being activated and the employee told.': 'adminQueue.flash.workflowApproved',
  'Rejected: the employee is told why.': 'adminQueue.flash.workflowRejected',
  // app/routes/admin/employee-page-actions.server.ts and app/services/photo-review.server.ts (the employee model's
  // duplicate-address message is a form error: app/i18n/form-errors.ts, kept out of the page's catalogue)
  'Profile saved.': 'adminEmployee.flash.saved',
  'Choose the photo to review.': 'adminEmployee.error.choosePhoto',
  'Choose approve or refuse.': 'adminEmployee.error.chooseDecision',
  'This photo is no longer waiting for a decision.': 'adminEmployee.error.photoNotWaiting',
  'Photo approved: it is now on the profile.': 'adminEmployee.flash.photoApproved',
  'Photo refused: the employee is asked for another one; the current photo stays.': 'adminEmployee.flash.photoRefused',
  'Choose the identity to remove.': 'adminEmployee.identities.chooseIdentity',
  // app/services/photo-view.server.ts: why an upload waits for HR, and a failure nobody worded
  'The new photo is waiting for HR: it may not be the same person as in the current photo.':
    'adminEmployee.photoReview.heldNeedsReview',
  'The new photo is waiting for HR: the face check could not be completed.':
    'adminEmployee.photoReview.heldCheckFailed',
  'The new photo is waiting for HR: no consent to the face check, so HR checks it by eye.':
    'adminEmployee.photoReview.heldNoConsent',
  'The photo could not be processed.': 'adminQueue.photoNotProcessed',
  // app/routes/admin/erasure-page.server.ts and app/services/erasure.server.ts
  'Only a deactivated employee or a rejected applicant can be erased. Deactivate (or reject) the profile first.':
    'adminErase.error.onlyInactive',
  'You cannot erase your own profile.': 'adminErase.error.ownProfile',
  'There is no such profile (it may already be erased).': 'adminErase.error.notFound',
  'Give the reason for the erasure (it stays in the record).': 'adminErase.error.reasonMissing',
  'Keep the reason under 500 characters.': 'adminErase.error.reasonTooLong',
  'the retention schedule': 'adminErase.record.byRetention',
  'a former HR admin': 'adminErase.record.byFormerAdmin',
  // app/services/field-change-decisions.server.ts
  'Choose Approve or Refuse.': 'adminFieldChanges.error.chooseDecision',
  'Please try again.': 'adminFieldChanges.error.tryAgain',
  'This change no longer exists.': 'adminFieldChanges.error.gone',
  'This change no longer exists. Reload the page.': 'adminFieldChanges.error.goneReload',
  'You cannot decide on a change to your own profile: another HR person does.': 'adminFieldChanges.error.own',
  'This person no longer exists.': 'adminFieldChanges.error.personGone',
  'This field was retired: the change cannot be applied. Refuse it with a reason.': 'adminFieldChanges.error.retired',
  'Give the reason for the refusal: the person reads it': 'adminFieldChanges.error.reasonMissing',
  'Reason must be at most 500 characters': 'adminFieldChanges.error.reasonTooLong',
};

/** Sentences with a part that varies: a field's label (HR typed it) or a form error (translated on its own). */
export const HR_MESSAGE_PATTERNS: Array<{ id: string; pattern: RegExp }> = [
  { id: 'adminFieldChanges.flash.refused', pattern: /^Change to “(?<field>.+)” refused; the person is told\.$/ },
  {
    id: 'adminFieldChanges.flash.approved',
    pattern: /^Change to “(?<field>.+)” approved and saved; the person is told\.$/,
  },
  {
    id: 'adminFieldChanges.error.noLongerValid',
    pattern:
      /^The value asked for is no longer valid \((?<problem>.+)\): it cannot be applied\. Refuse it with a reason\.$/,
  },
];

export function translateHrMessage(intl: IntlShape, message: string): string;
export function translateHrMessage(intl: IntlShape, message: string | null | undefined): string | null | undefined;
export function translateHrMessage(intl: IntlShape, message: string | null | undefined) {
  if (!message || intl.locale === DEFAULT_LANGUAGE) return message;
  const id = HR_MESSAGES[message];
  if (id) return intl.formatMessage({ id });
  for (const { id: patternId, pattern } of HR_MESSAGE_PATTERNS) {
    const values = pattern.exec(message)?.groups;
    if (!values) continue;
    const problem = values.problem === undefined ? {} : { problem: translateFormError(intl, values.problem) };
    return intl.formatMessage({ id: patternId }, { ...values, ...problem });
  }
  // A profile field's message (the same schema as the join form's): worded by the form errors' patterns.
  return translateFormError(intl, message);
}

/** Every message of an errors-by-field object, translated. */
export function translateHrErrors<T extends Partial<Record<string, string>>>(intl: IntlShape, errors: T): T {
  if (intl.locale === DEFAULT_LANGUAGE) return errors;
  return Object.fromEntries(
    Object.entries(errors).map(([name, message]) => [name, translateHrMessage(intl, message)]),
  ) as T;
}

/** An action's answer with its message and its errors translated; its shape (and type) unchanged. */
export function translateHrResult<T extends { message?: string | null; errors?: Partial<Record<string, string>> }>(
  intl: IntlShape,
  result: T,
): T {
  if (intl.locale === DEFAULT_LANGUAGE) return result;
  return {
    ...result,
    ...(result.message === undefined ? {} : { message: translateHrMessage(intl, result.message) }),
    ...(result.errors === undefined ? {} : { errors: translateHrErrors(intl, result.errors) }),
  };
}
