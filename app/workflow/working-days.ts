/**
 * HR's deadlines are working days (Monday to Friday, in UTC: the company has no holiday calendar yet). The
 * definition cannot count days, so the app turns them into seconds when a profile reaches HR.
 */
import type { HrReviewPlan } from '@shared/contracts/verification-workflow';

const DAY_MS = 86_400_000;

/** The moment `days` working days after `from`: a weekend does not count, and a start on a weekend counts from Monday. */
export function addWorkingDays(from: Date, days: number): Date {
  let at = from.getTime();
  let left = days;
  while (left > 0) {
    at += DAY_MS;
    const weekday = new Date(at).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return new Date(at);
}

export interface HrPlanSettings {
  reminderWorkingDays: number;
  managerToldWorkingDays: number;
  finalWaitWorkingDays: number;
  /** Tests: a working day lasts this many seconds and weekends are not skipped. */
  workingDaySeconds?: number;
}

/** The three waits of HR's review, each from the end of the previous one, in whole seconds (at least 1). */
export function planHrReview(now: Date, settings: HrPlanSettings): HrReviewPlan {
  const secondsUntil = (days: number) =>
    settings.workingDaySeconds
      ? days * settings.workingDaySeconds
      : Math.round((addWorkingDays(now, days).getTime() - now.getTime()) / 1000);
  const remind = secondsUntil(settings.reminderWorkingDays);
  const tellManager = secondsUntil(settings.managerToldWorkingDays);
  const final = secondsUntil(settings.managerToldWorkingDays + settings.finalWaitWorkingDays);
  return {
    remindHrAfterSeconds: Math.max(1, remind),
    tellManagerAfterSeconds: Math.max(1, tellManager - remind),
    finalWaitSeconds: Math.max(1, final - tellManager),
  };
}
