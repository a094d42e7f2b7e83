/**
 * The behaviour every VerificationEngine must show, as a vitest suite that an engine registers with a
 * factory: Step Functions in moto (step-functions-engine.server.test.ts) and, after the merge, the in-process
 * engine. The suite plays the app's part with a scripted step handler: immediate steps are answered at
 * once with a plausible result; waiting steps (the photo, HR's decision) keep their token until the case
 * answers it, fails it or lets it time out. Each workflow path (decision 010) runs the real definition end to end.
 *
 *   describeVerificationEngineBehaviour('Step Functions in moto', {
 *     create: async (handle) => ({ engine, stop }),   // wires `handle` to the engine's task carrier
 *   });
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  WORKFLOW_ERRORS,
  type HrDecision,
  type HrReviewPlan,
  type PhotoOutcome,
  type RecordCheckResult,
  type VerificationInput,
  type WorkflowStep,
  type WorkflowTaskMessage,
} from '@shared/contracts/verification-workflow';
import type { VerificationEngine, WorkflowHistory } from '~/workflow/verification-engine.server';
import { WorkflowTaskGoneError } from '~/workflow/workflow-task-errors.server';

export interface EngineUnderTest {
  engine: VerificationEngine;
  /** Stops the carrier (the queue consumer) and closes the engine. */
  stop(): Promise<void>;
}

export interface VerificationBehaviourOptions {
  /** A fresh engine whose every task message reaches `handle`. */
  create: (handle: (message: WorkflowTaskMessage) => Promise<void>) => Promise<EngineUnderTest>;
  /** Per-test timeout: the timeout paths wait real seconds. */
  timeoutMs?: number;
}

const LONG = 3600;
/**
 * The photo wait of the cases that stop an execution. moto ends a stopped execution only once its pending
 * callback wait ends (AWS and the local engine end it at once): a short wait keeps those cases quick in moto
 * and changes nothing elsewhere.
 */
const STOPPED_WAIT = 3;
const ALL_CHECKS_PASS: RecordCheckResult = {
  passed: true,
  findings: [
    { check: 'work-email-domain', passed: true },
    { check: 'unique-employee-number', passed: true },
    { check: 'unique-work-email', passed: true },
    { check: 'manager-active', passed: true },
  ],
};

function inputFor(employeeId: string, limits: Partial<VerificationInput['limits']> = {}): VerificationInput {
  return {
    employeeId,
    source: 'self-registration',
    limits: { photoWaitSeconds: LONG, maxPhotoReminders: 2, maxPhotoAttempts: 3, ...limits },
    attempts: { photoReminders: 0, photoRejections: 0 },
  };
}

function decision(value: HrDecision['decision']): HrDecision {
  return { decision: value, decidedBy: 'hr-admin-1', decidedAt: new Date().toISOString() };
}

/**
 * The app's part, scripted. Every message is recorded; immediate steps are answered at once (a redelivered
 * message is answered again: the engine refuses the second answer, which the handler shrugs off, as the
 * app's idempotent handlers do).
 */
class ScriptedApp {
  readonly received: WorkflowTaskMessage[] = [];
  hrPlan: HrReviewPlan = { remindHrAfterSeconds: LONG, tellManagerAfterSeconds: LONG, finalWaitSeconds: LONG };
  engine!: VerificationEngine;

  readonly handle = async (message: WorkflowTaskMessage): Promise<void> => {
    this.received.push(message);
    const attempts = message.input.attempts;
    const answers: Partial<Record<WorkflowStep, unknown>> = {
      RemindAboutPhoto: { ...attempts, photoReminders: attempts.photoReminders + 1 },
      AskForAnotherPhoto: { ...attempts, photoRejections: attempts.photoRejections + 1 },
      CheckRecord: ALL_CHECKS_PASS,
      PlanHrReview: this.hrPlan,
      RemindHr: {},
      TellManager: {},
      Activate: { status: 'active' },
      Reject: { status: 'inactive' },
    };
    if (!(message.step in answers)) return; // a waiting step: the case answers it
    try {
      await this.engine.succeed(message.taskToken, answers[message.step]);
    } catch (error) {
      if (!(error instanceof WorkflowTaskGoneError)) throw error;
    }
  };

  steps(): WorkflowStep[] {
    return this.received.map((message) => message.step);
  }

  /** The latest message of a step (the nth, counting from 1), once it has arrived. */
  async waitFor(step: WorkflowStep, nth = 1, timeoutMs = 20_000): Promise<WorkflowTaskMessage> {
    const started = Date.now();
    for (;;) {
      const matches = this.received.filter((message) => message.step === step);
      if (matches.length >= nth) return matches[nth - 1];
      if (Date.now() - started > timeoutMs) {
        throw new Error(`no ${step} message #${nth} within ${timeoutMs} ms; received: ${this.steps().join(', ')}`);
      }
      await new Promise((wait) => setTimeout(wait, 100));
    }
  }
}

async function finished(engine: VerificationEngine, employeeId: string, timeoutMs = 20_000): Promise<WorkflowHistory> {
  const started = Date.now();
  for (;;) {
    const history = await engine.history(employeeId);
    if (history && history.status !== 'running') return history;
    if (Date.now() - started > timeoutMs) throw new Error(`execution still ${history?.status ?? 'missing'}`);
    await new Promise((wait) => setTimeout(wait, 200));
  }
}

/**
 * Answers a step that can no longer be answered (it timed out, or its execution was stopped). The app must
 * not crash: AWS and the local engine refuse the answer with WorkflowTaskGoneError; moto 5.2.5 accepts it
 * and ignores it. Either way the execution must not change, which the cases assert afterwards.
 */
async function answerLate(engine: VerificationEngine, taskToken: string, result: unknown): Promise<void> {
  const refusal = await engine.succeed(taskToken, result).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (refusal !== undefined) expect(refusal).toBeInstanceOf(WorkflowTaskGoneError);
}

const stateNames = (history: WorkflowHistory) => history.steps.map((step) => step.name);

export function describeVerificationEngineBehaviour(name: string, options: VerificationBehaviourOptions): void {
  const timeout = options.timeoutMs ?? 60_000;
  let running: EngineUnderTest | undefined;

  async function setUp(): Promise<{ app: ScriptedApp; engine: VerificationEngine; employeeId: string }> {
    const app = new ScriptedApp();
    running = await options.create(app.handle);
    app.engine = running.engine;
    return { app, engine: running.engine, employeeId: randomUUID() };
  }

  async function approvePhoto(app: ScriptedApp, engine: VerificationEngine, nth = 1) {
    const wait = await app.waitFor('WaitForPhoto', nth);
    const photo: PhotoOutcome = { verdict: 'accepted', photoId: randomUUID() };
    await engine.succeed(wait.taskToken, photo);
  }

  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  describe(`${name}: verification engine behaviour`, () => {
    it(
      'approved: photo accepted, record checked, HR approves, the employee is activated',
      async () => {
        const { app, engine, employeeId } = await setUp();
        expect(await engine.start(inputFor(employeeId))).toBe('started');
        await approvePhoto(app, engine);
        const hr = await app.waitFor('AwaitHrDecision');
        // HR's page shows what every step found: the message carries the results so far.
        expect(hr.input).toMatchObject({ employeeId, photo: { verdict: 'accepted' }, record: { passed: true } });
        await engine.succeed(hr.taskToken, decision('approved'));

        const history = await finished(engine, employeeId);
        expect(history.status).toBe('succeeded');
        expect(app.steps()).toEqual(['WaitForPhoto', 'CheckRecord', 'PlanHrReview', 'AwaitHrDecision', 'Activate']);
        expect(stateNames(history).at(-1)).toBe('Activated');
      },
      timeout,
    );

    it(
      // HR's reason never reaches the engine (it stays in the database: docs/decisions/021-events-carry-ids-only.md).
      'rejected by HR: the Reject step gets the decision, its maker and time, and the history summarises it',
      async () => {
        const { app, engine, employeeId } = await setUp();
        await engine.start(inputFor(employeeId));
        await approvePhoto(app, engine);
        const hr = await app.waitFor('AwaitHrDecision');
        await engine.succeed(hr.taskToken, decision('rejected'));

        const reject = await app.waitFor('Reject');
        expect(reject.input).toMatchObject({ decision: { decision: 'rejected', decidedBy: 'hr-admin-1' } });
        const history = await finished(engine, employeeId);
        expect(history.status).toBe('succeeded');
        expect(stateNames(history).at(-1)).toBe('Rejected');
        expect(history.steps.find((step) => step.name === 'AwaitHrDecision')?.summary).toBe('HR rejected');
      },
      timeout,
    );

    it(
      'face rejected, then a new photo verified: the employee is asked again and the workflow waits again',
      async () => {
        const { app, engine, employeeId } = await setUp();
        await engine.start(inputFor(employeeId));
        const first = await app.waitFor('WaitForPhoto');
        const rejected: PhotoOutcome = { verdict: 'rejected', photoId: randomUUID(), reason: 'No face found' };
        await engine.succeed(first.taskToken, rejected);
        const ask = await app.waitFor('AskForAnotherPhoto');
        expect(ask.input.attempts.photoRejections).toBe(0);
        const second = await app.waitFor('WaitForPhoto', 2);
        expect(second.input.attempts.photoRejections).toBe(1);
        await engine.succeed(second.taskToken, { verdict: 'accepted', photoId: randomUUID() });
        const hr = await app.waitFor('AwaitHrDecision');
        await engine.succeed(hr.taskToken, decision('approved'));

        await finished(engine, employeeId);
        expect(app.steps()).toEqual([
          'WaitForPhoto',
          'AskForAnotherPhoto',
          'WaitForPhoto',
          'CheckRecord',
          'PlanHrReview',
          'AwaitHrDecision',
          'Activate',
        ]);
      },
      timeout,
    );

    it(
      'no photo within the limit: reminded after each wait, then HR gets the profile without a photo',
      async () => {
        const { app, engine, employeeId } = await setUp();
        // The limit comes from the execution's input (TimeoutSecondsPath on the state's input).
        await engine.start(inputFor(employeeId, { photoWaitSeconds: 1, maxPhotoReminders: 1 }));
        const check = await app.waitFor('CheckRecord');
        expect(check.input.photo).toEqual({ verdict: 'missing' });
        expect(check.input.attempts.photoReminders).toBe(2);
        // (The execution goes on to HR; the steps up to the record check are this case's.)
        expect(app.steps().slice(0, 5)).toEqual([
          'WaitForPhoto',
          'RemindAboutPhoto',
          'WaitForPhoto',
          'RemindAboutPhoto',
          'CheckRecord',
        ]);
        // The first wait's token is spent: a photo that settles now changes nothing and crashes nothing.
        const [stale] = app.received;
        await answerLate(engine, stale.taskToken, { verdict: 'accepted' });
        await app.waitFor('AwaitHrDecision');
        expect(app.steps().filter((step) => step === 'CheckRecord')).toHaveLength(1);
        const history = await engine.history(employeeId);
        expect(history?.steps.find((step) => step.name === 'WaitForPhoto')?.outcome).toBe('timed-out');
      },
      timeout,
    );

    it(
      'HR reminded after the first wait, the manager told after the second, and a decision after that still counts',
      async () => {
        const { app, engine, employeeId } = await setUp();
        app.hrPlan = { remindHrAfterSeconds: 1, tellManagerAfterSeconds: 1, finalWaitSeconds: LONG };
        await engine.start(inputFor(employeeId));
        await approvePhoto(app, engine);
        const last = await app.waitFor('AwaitHrDecisionAfterManagerTold');
        await engine.succeed(last.taskToken, decision('approved'));

        const history = await finished(engine, employeeId);
        expect(history.status).toBe('succeeded');
        expect(app.steps()).toEqual([
          'WaitForPhoto',
          'CheckRecord',
          'PlanHrReview',
          'AwaitHrDecision',
          'RemindHr',
          'AwaitHrDecisionAfterReminder',
          'TellManager',
          'AwaitHrDecisionAfterManagerTold',
          'Activate',
        ]);
        expect(history.steps.find((step) => step.name === 'RemindHr')?.summary).toBe('HR reminded');
        expect(history.steps.find((step) => step.name === 'TellManager')?.summary).toBe('Manager told');
      },
      timeout,
    );

    it(
      'activated by hand during the wait: the execution ends as decided outside the workflow, not as an error',
      async () => {
        const { app, engine, employeeId } = await setUp();
        await engine.start(inputFor(employeeId));
        await approvePhoto(app, engine);
        const hr = await app.waitFor('AwaitHrDecision');
        await engine.fail(hr.taskToken, WORKFLOW_ERRORS.decidedOutside, 'An admin activated the profile by hand');

        const history = await finished(engine, employeeId);
        expect(history.status).toBe('succeeded');
        expect(stateNames(history).at(-1)).toBe('DecidedOutsideWorkflow');
        expect(history.steps.find((step) => step.name === 'AwaitHrDecision')?.outcome).toBe('caught');
        expect(app.steps()).not.toContain('Activate');
      },
      timeout,
    );

    it(
      'deactivated during the wait: the execution is stopped, a second stop changes nothing, a late photo revives nothing',
      async () => {
        const { app, engine, employeeId } = await setUp();
        await engine.start(inputFor(employeeId, { photoWaitSeconds: STOPPED_WAIT }));
        const wait = await app.waitFor('WaitForPhoto');
        await engine.stop(employeeId, 'The employee was deactivated');
        await engine.stop(employeeId, 'The employee was deactivated');
        // The photo that arrives afterwards does not revive the execution.
        await answerLate(engine, wait.taskToken, { verdict: 'accepted' });

        const history = await finished(engine, employeeId);
        expect(history.status).toBe('aborted');
        expect(app.steps()).not.toContain('CheckRecord');
        // Nothing to stop for an employee without an execution.
        await expect(engine.stop(randomUUID(), 'deleted')).resolves.toBeUndefined();
      },
      timeout,
    );

    it(
      'a retried start event starts nothing, while the execution runs and after it has finished',
      async () => {
        const { app, engine, employeeId } = await setUp();
        const input = inputFor(employeeId, { photoWaitSeconds: STOPPED_WAIT });
        expect(await engine.start(input)).toBe('started');
        expect(await engine.start(input)).toBe('already-started');
        await app.waitFor('WaitForPhoto');
        await engine.stop(employeeId, 'test over');
        await finished(engine, employeeId);
        expect(await engine.start(input)).toBe('already-started');
        expect(app.steps().filter((step) => step === 'WaitForPhoto')).toHaveLength(1);
      },
      timeout,
    );

    it(
      'shows HR the history of a finished execution: steps in order, times, outcomes, summaries without personal data',
      async () => {
        const { app, engine, employeeId } = await setUp();
        expect(await engine.history(employeeId)).toBeNull();
        await engine.start(inputFor(employeeId));
        await approvePhoto(app, engine);
        const hr = await app.waitFor('AwaitHrDecision');
        await engine.succeed(hr.taskToken, decision('approved'));
        const history = await finished(engine, employeeId);

        expect(history.executionName).toContain(employeeId);
        expect(Date.parse(history.stoppedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(history.startedAt));
        const byName = Object.fromEntries(history.steps.map((step) => [step.name, step]));
        expect(byName.WaitForPhoto).toMatchObject({ outcome: 'succeeded', summary: 'Photo accepted' });
        expect(byName.CheckRecord).toMatchObject({ outcome: 'succeeded', summary: 'Record checks passed' });
        expect(byName.AwaitHrDecision).toMatchObject({ outcome: 'succeeded', summary: 'HR approved' });
        expect(byName.Activate).toMatchObject({ outcome: 'succeeded', summary: 'Profile activated' });
        for (const step of history.steps) {
          expect(Date.parse(step.exitedAt ?? ''), step.name).toBeGreaterThanOrEqual(Date.parse(step.enteredAt));
        }
        const entered = history.steps.map((step) => Date.parse(step.enteredAt));
        expect(entered).toEqual([...entered].sort((a, b) => a - b));
        expect(JSON.stringify(history)).not.toContain('hr-admin-1');
      },
      timeout,
    );
  });
}
