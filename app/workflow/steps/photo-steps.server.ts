/**
 * The photo steps: wait for the new employee's photo to settle (ready, held for HR, or failed), remind them
 * when none arrives in time, and ask for another when the face check (or the image itself) refuses it.
 * The wait is answered by the photo's event (app/subscribers/verification-workflow.server.ts), or at once
 * when the photo settled before the step began.
 */
import { getPhoto } from '@shared/photo-records';
import { isHeldForReview } from '@shared/contracts/photo-record';
import type { EmployeeEvent } from '@shared/contracts/employee-events';
import type { PhotoOutcome, WorkflowAttempts, WorkflowTaskMessage } from '@shared/contracts/verification-workflow';
import { type PrivateEmployee } from '~/models/employee-projection.server';
import { getEmployee } from '~/models/employee.server';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';
import { HELD_MESSAGES } from '~/services/photo-view.server';
import { answerStep, endAsDecidedOutside } from '../step-answers.server';
import { recordVerificationNotice } from './verification-notice.server';
import { notPending, waitWithStoredToken } from './wait-with-stored-token.server';

/** The photo's outcome carried by its event, or null for an event that settles no photo. */
export function photoOutcomeOfEvent(event: EmployeeEvent): PhotoOutcome | null {
  switch (event.type) {
    case 'employee.photo-ready':
      return {
        verdict: 'accepted',
        photoId: event.photoId,
        ...(event.faceCheck ? { faceCheck: event.faceCheck } : {}),
      };
    case 'employee.photo-held':
      return {
        verdict: 'needs-review',
        photoId: event.photoId,
        faceCheck: event.faceCheck,
        reason: HELD_MESSAGES[event.faceCheck as keyof typeof HELD_MESSAGES] ?? HELD_MESSAGES['needs-review'],
      };
    case 'employee.photo-failed':
      return {
        verdict: 'rejected',
        photoId: event.photoId,
        reason: event.reason,
        ...(event.faceCheck ? { faceCheck: event.faceCheck } : {}),
      };
    default:
      return null;
  }
}

/**
 * The outcome of a photo that settled before the wait began, or null while none has. `previousPhotoId` is
 * the photo the last wait ended with (a rejected one): it does not count again.
 */
async function settledPhotoOutcome(
  platform: Platform,
  employee: PrivateEmployee,
  previousPhotoId: string | undefined,
): Promise<PhotoOutcome | null> {
  const table = metadataTable(platform);
  if (employee.pendingPhotoId) {
    const record = await getPhoto(table, { employeeId: employee.id, photoId: employee.pendingPhotoId });
    if (!record || !isHeldForReview(record)) return null; // still processing: its event will answer
    const faceCheck = record.faceCheck!.outcome;
    return {
      verdict: 'needs-review',
      photoId: employee.pendingPhotoId,
      faceCheck,
      reason: HELD_MESSAGES[faceCheck as keyof typeof HELD_MESSAGES],
    };
  }
  if (employee.failedPhotoId && employee.failedPhotoId !== previousPhotoId) {
    const record = await getPhoto(table, { employeeId: employee.id, photoId: employee.failedPhotoId });
    return {
      verdict: 'rejected',
      photoId: employee.failedPhotoId,
      reason: record?.failureReason ?? 'The photo could not be used.',
      ...(record?.faceCheck ? { faceCheck: record.faceCheck.outcome } : {}),
    };
  }
  if (employee.photoId && employee.photoId !== previousPhotoId) {
    const record = await getPhoto(table, { employeeId: employee.id, photoId: employee.photoId });
    return {
      verdict: 'accepted',
      photoId: employee.photoId,
      ...(record?.faceCheck ? { faceCheck: record.faceCheck.outcome } : {}),
    };
  }
  return null;
}

function previousPhotoOf(message: WorkflowTaskMessage): string | undefined {
  const photo = (message.input as { photo?: { photoId?: unknown } }).photo;
  return typeof photo?.photoId === 'string' ? photo.photoId : undefined;
}

export async function waitForPhoto(platform: Platform, message: WorkflowTaskMessage): Promise<void> {
  const employeeId = message.input.employeeId;
  const task = { employeeId, step: message.step, taskToken: message.taskToken };
  const employee = await getEmployee(platform.db, employeeId, 'private');
  if (employee?.status !== 'pending') return endAsDecidedOutside(platform, task, notPending(employee));
  const previous = previousPhotoOf(message);
  const already = await settledPhotoOutcome(platform, employee, previous);
  if (already) return answerStep(platform, task, already);

  await waitWithStoredToken(platform, message, {
    waitingNote: 'Waiting for the photo',
    // The photo may have settled between the first look and the stored token, its event finding no token.
    lookAgain: async (now) => {
      const settled = now?.status === 'pending' ? await settledPhotoOutcome(platform, now, previous) : null;
      return settled && (() => answerStep(platform, task, settled));
    },
  });
}

function attemptsOf(message: WorkflowTaskMessage): WorkflowAttempts {
  return message.input.attempts;
}

export async function remindAboutPhoto(platform: Platform, message: WorkflowTaskMessage): Promise<void> {
  await sendNoticeAndCount(platform, message, { notice: 'photo-missing', reason: null }, 'photoReminders');
}

export async function askForAnotherPhoto(platform: Platform, message: WorkflowTaskMessage): Promise<void> {
  const photo = (message.input as { photo?: { reason?: unknown } }).photo;
  const reason = typeof photo?.reason === 'string' ? photo.reason.slice(0, 500) : null;
  await sendNoticeAndCount(platform, message, { notice: 'another-photo-needed', reason }, 'photoRejections');
}

/**
 * Tells the new employee about their photo (the notice event; the personal-notices subscriber mails it) and
 * answers the step with that kind of notice counted, which the definition compares with its limit.
 */
async function sendNoticeAndCount(
  platform: Platform,
  message: WorkflowTaskMessage,
  notice: { notice: 'photo-missing' | 'another-photo-needed'; reason: string | null },
  counted: keyof Pick<WorkflowAttempts, 'photoReminders' | 'photoRejections'>,
): Promise<void> {
  const employeeId = message.input.employeeId;
  await recordVerificationNotice(platform, employeeId, notice);
  const attempts = attemptsOf(message);
  await answerStep(
    platform,
    { employeeId, step: message.step, taskToken: message.taskToken },
    { ...attempts, [counted]: attempts[counted] + 1 },
  );
}
