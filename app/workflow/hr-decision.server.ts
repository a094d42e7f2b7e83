/**
 * HR's decision on a profile waiting in the verification workflow (the pending page's Approve and Reject):
 * the waiting row is completed with the decision first, so a second click or a second admin finds nothing
 * to decide and a step that runs again after a lost answer finds the decision; then the engine is told. If
 * the engine cannot be told, the row waits again and HR sees a message to try again.
 */
import {
  HR_DECISION_STEPS,
  HrDecisionSchema,
  type HrDecision,
  type RecordedHrDecision,
  type WorkflowStep,
} from '@shared/contracts/verification-workflow';
import {
  completeWaitingTask,
  getWaitingTask,
  listDecisionsSince,
  listWaitingTasks,
  reopenTask,
} from '~/models/workflow-tasks.server';
import type { Platform } from '~/platform.server';
import { answerStep } from './step-answers.server';
import { isTaskNotWaiting } from './engine-errors.server';

export type HrDecisionResult = { ok: true; message: string } | { ok: false; message: string };

export async function decideVerification(
  platform: Platform,
  actorId: string,
  input: { employeeId: string; decision: 'approved' | 'rejected'; reason?: string },
): Promise<HrDecisionResult> {
  const task = await getWaitingTask(platform.db, input.employeeId, HR_DECISION_STEPS);
  if (!task) return { ok: false, message: 'This profile is not waiting for a decision in the workflow.' };
  const decision: HrDecision = { decision: input.decision, decidedBy: actorId, decidedAt: new Date().toISOString() };
  // The reason stays on the row; the engine gets the decision without it (HrDecisionSchema says why).
  const recorded: RecordedHrDecision = { ...decision, ...(input.reason ? { reason: input.reason } : {}) };
  if (!(await completeWaitingTask(platform.db, task.id, { decision: JSON.stringify(recorded) }))) {
    return { ok: false, message: 'Someone else has just decided on this profile.' };
  }
  try {
    await answerStep(
      platform,
      { employeeId: input.employeeId, step: task.step as WorkflowStep, taskToken: task.taskToken },
      decision,
    );
  } catch (error) {
    if (isTaskNotWaiting(error)) {
      return { ok: false, message: 'The workflow stopped waiting for this profile: decide with Activate or Reject.' };
    }
    await reopenTask(platform.db, task.id);
    platform.log.error('workflow decision not delivered', { employeeId: input.employeeId, error });
    return { ok: false, message: 'The workflow could not be reached. Nothing changed: please try again.' };
  }
  return input.decision === 'approved'
    ? { ok: true, message: 'Approved: the profile is being activated and the employee told.' }
    : { ok: true, message: 'Rejected: the employee is told why.' };
}

export interface WaitingFindings {
  employeeId: string;
  step: string;
  waitingSince: string;
  /** What the steps found: the photo's verdict and the record checks (the state's input, parsed loosely). */
  photo: { verdict: string; faceCheck?: string; reason?: string } | null;
  record: { passed: boolean; findings: Array<{ check: string; passed: boolean; detail?: string }> } | null;
}

/** The profiles waiting for HR's decision in the workflow, with what each step found, by employee. */
export async function listWaitingFindings(platform: Pick<Platform, 'db'>): Promise<Map<string, WaitingFindings>> {
  const tasks = await listWaitingTasks(platform.db, HR_DECISION_STEPS);
  const byEmployee = new Map<string, WaitingFindings>();
  for (const task of tasks) {
    let input: { photo?: WaitingFindings['photo']; record?: WaitingFindings['record'] } = {};
    try {
      input = JSON.parse(task.findings) as typeof input;
    } catch {
      // A malformed row shows without findings rather than hiding the profile.
    }
    byEmployee.set(task.employeeId, {
      employeeId: task.employeeId,
      step: task.step,
      waitingSince: new Date(task.waitingSince).toISOString(),
      photo: input.photo ?? null,
      record: input.record ?? null,
    });
  }
  return byEmployee;
}

/**
 * How long after HR's decision the pending page shows it as being applied. The workflow's Activate or Reject
 * step runs a moment after the decision (on AWS, after a Step Functions transition and a queue message); a
 * decision still not applied after this is shown as not applied, with the buttons to decide by hand.
 */
export const DECISION_UNDERWAY_MS = 10 * 60_000;

/**
 * Profiles HR decided on in the workflow whose decision is still being applied, by employee: the pending page
 * shows them as being activated (or rejected) rather than offering to decide again. The caller shows only
 * the profiles still pending: once applied, a profile leaves the list.
 */
export async function listDecisionsUnderway(
  platform: Pick<Platform, 'db'>,
  now = Date.now(),
): Promise<Map<string, HrDecision['decision']>> {
  const underway = new Map<string, HrDecision['decision']>();
  for (const row of await listDecisionsSince(platform.db, HR_DECISION_STEPS, now - DECISION_UNDERWAY_MS)) {
    if (underway.has(row.employeeId) || !row.decision) continue;
    const parsed = HrDecisionSchema.safeParse(safeJson(row.decision));
    if (parsed.success) underway.set(row.employeeId, parsed.data.decision);
  }
  return underway;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
