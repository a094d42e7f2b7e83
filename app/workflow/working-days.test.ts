import { describe, expect, it } from 'vitest';
import { addWorkingDays, planHrReview } from './working-days';

describe("HR's working-day deadlines", () => {
  it('skip the weekend: two working days from a Thursday end on Monday', () => {
    expect(addWorkingDays(new Date('2026-12-03T10:00:00Z'), 2).toISOString()).toBe('2026-12-07T10:00:00.000Z');
  });

  it('count a profile arriving on Saturday from Monday', () => {
    expect(addWorkingDays(new Date('2026-12-05T09:00:00Z'), 1).toISOString()).toBe('2026-12-07T09:00:00.000Z');
  });

  it('plan the reminder after 2 working days and the manager after 7, each wait from the end of the last', () => {
    const plan = planHrReview(new Date('2026-12-03T10:00:00Z'), {
      reminderWorkingDays: 2,
      managerToldWorkingDays: 7,
      finalWaitWorkingDays: 10,
    });
    const day = 86_400;
    // Thu -> Mon is 4 calendar days; Mon -> the 7th working day (Mon 14 Dec) is 7 more.
    expect(plan).toEqual({
      remindHrAfterSeconds: 4 * day,
      tellManagerAfterSeconds: 7 * day,
      finalWaitSeconds: 14 * day,
    });
  });

  it('use fixed-length days in tests', () => {
    expect(
      planHrReview(new Date(), {
        reminderWorkingDays: 2,
        managerToldWorkingDays: 7,
        finalWaitWorkingDays: 1,
        workingDaySeconds: 1,
      }),
    ).toEqual({ remindHrAfterSeconds: 2, tellManagerAfterSeconds: 5, finalWaitSeconds: 1 });
  });
});
