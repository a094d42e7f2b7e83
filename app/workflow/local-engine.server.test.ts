/**
 * The verification workflow end to end on the local engine: the real definition executed by
 * aws-local-stepfunctions, the real step handlers, subscriber, services, outbox, mailer and stores; only the
 * face model's verdict is given (test-support/workflow.ts), since the e2e suite runs the model itself.
 */
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '@test-support/databases';
import { readMailbox } from '@test-support/mail';
import { stageTestPhoto } from '@test-support/photos';
import type { TestPlatform } from '@test-support/platform';
import { dispatchUntil, finishPendingPhoto, joinEmployee, startWorkflowPlatform } from '@test-support/workflow';
import { HR_DECISION_STEPS, verificationExecutionName } from '@shared/contracts/verification-workflow';
import { getEmployee } from '~/models/employee.server';
import { listActivity } from '~/models/metadata.server';
import { getExecution } from '~/models/local-workflow-executions.server';
import { getWaitingTask } from '~/models/workflow-tasks.server';
import { getEmployeeEvents } from '~/services/domain-events.server';
import { activateEmployee, createEmployee, deactivateEmployee, replacePhoto } from '~/services/employees.server';
import { listRecordedNotifications } from '~/services/notifications.server';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { verificationWorkflow } from '~/subscribers/verification-workflow.server';
import { decideVerification, listWaitingFindings } from './hr-decision.server';
import { LocalVerificationEngine } from './local-engine.server';
import { serveWorkflowTasks } from './serve-workflow-tasks.server';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';

const HR_ADMIN = 'hr-admin-1';

const mailTo = (platform: TestPlatform, address: string) =>
  readMailbox(path.join(platform.env.dataDir, 'mail')).filter((mail) => mail.to.includes(address));

async function stepNames(platform: Platform, employeeId: string): Promise<string[]> {
  const history = await platform.workflow.history(employeeId);
  return (history?.steps ?? []).map((step) => step.name);
}

const waitingFor = (platform: Platform, employeeId: string, steps?: readonly string[]) =>
  dispatchUntil(platform, () => getWaitingTask(platform.db, employeeId, steps), {
    what: `a waiting ${steps?.join('/') ?? 'step'}`,
  });

const executionEnds = (platform: Platform, employeeId: string) =>
  dispatchUntil(
    platform,
    async () => {
      const execution = await getExecution(platform.db, verificationExecutionName(employeeId));
      return execution && execution.status !== 'running' ? execution : null;
    },
    { what: 'the execution to end' },
  );

async function activeManager(platform: Platform, status: 'active' | 'inactive' = 'active') {
  const manager = await createEmployee(platform, {
    fields: employeeFieldsSchema.parse({
      firstName: 'Maya',
      lastName: 'Manager',
      workEmail: `manager-${Math.random().toString(36).slice(2, 8)}@xyz.example`,
      jobTitle: 'Head of Finance',
      department: 'Finance',
    }),
    status,
    source: 'admin',
    actorId: HR_ADMIN,
  });
  return manager;
}

describe('the verification workflow on the local engine, answered promptly', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startWorkflowPlatform({
      env: {
        WORKFLOW_PHOTO_WAIT_SECONDS: '60',
        WORKFLOW_MAX_PHOTO_ATTEMPTS: '2',
        WORKFLOW_WORKING_DAY_SECONDS: '60',
      },
    });
  });
  afterAll(() => platform.close());

  it('approved: a verified photo, passed checks, HR approves, the employee is active and told', async () => {
    const employee = await joinEmployee(platform);
    await waitingFor(platform, employee.id, ['WaitForPhoto']);
    await finishPendingPhoto(platform, employee.id, 'verified');
    await waitingFor(platform, employee.id, HR_DECISION_STEPS);

    const findings = (await listWaitingFindings(platform)).get(employee.id)!;
    expect(findings.photo).toMatchObject({ verdict: 'accepted', faceCheck: 'verified' });
    expect(findings.record?.passed).toBe(true);

    expect(await decideVerification(platform, HR_ADMIN, { employeeId: employee.id, decision: 'approved' })).toEqual({
      ok: true,
      message: expect.stringContaining('Approved'),
    });
    const execution = await executionEnds(platform, employee.id);
    expect(execution.status).toBe('succeeded');
    expect((await getEmployee(platform.db, employee.id, 'private'))?.status).toBe('active');
    await dispatchUntil(platform, async () => mailTo(platform, employee.workEmail).length > 0, { what: 'the email' });
    expect(mailTo(platform, employee.workEmail).map((mail) => mail.subject)).toContain(
      'Your employee profile is active',
    );

    expect(await stepNames(platform, employee.id)).toEqual([
      'WaitForPhoto',
      'JudgePhoto',
      'CheckRecord',
      'PlanHrReview',
      'AwaitHrDecision',
      'ApplyDecision',
      'Activate',
      'Activated',
    ]);
    const history = await platform.workflow.history(employee.id);
    expect(history?.steps.find((step) => step.name === 'AwaitHrDecision')?.summary).toBe('HR approved');
    const { entries } = await listActivity(metadataTable(platform), employee.id, { limit: 50 });
    const actions = entries.map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['workflow.WaitForPhoto', 'workflow.CheckRecord', 'workflow.Activate']),
    );
    // Activated by the workflow, on HR's behalf: the activation's actor is the admin who approved.
    expect(entries.find((entry) => entry.action === 'employee.activated')?.actorId).toBe(HR_ADMIN);
  });

  it('rejected by HR: the profile is rejected with the reason, and the employee is told it', async () => {
    const employee = await joinEmployee(platform);
    await waitingFor(platform, employee.id, ['WaitForPhoto']);
    await finishPendingPhoto(platform, employee.id, 'verified');
    await waitingFor(platform, employee.id, HR_DECISION_STEPS);
    const reason = 'We have no record of this person joining Finance.';
    await decideVerification(platform, HR_ADMIN, { employeeId: employee.id, decision: 'rejected', reason });
    await executionEnds(platform, employee.id);
    const after = await getEmployee(platform.db, employee.id, 'private');
    expect(after).toMatchObject({ status: 'inactive', statusReason: reason });
    await dispatchUntil(platform, async () => mailTo(platform, employee.workEmail).length > 0, { what: 'the email' });
    expect(mailTo(platform, employee.workEmail)[0].text).toContain(reason);
    expect(await stepNames(platform, employee.id)).toContain('Reject');
    // The engine never had the reason (Step Functions keeps its history 90 days and cannot delete it): the
    // local engine's execution, history and answers hold the decision without it.
    for (const table of ['local_workflow_executions', 'local_workflow_history', 'local_workflow_answers']) {
      const rows = await platform.db.sequelize.query(`SELECT * FROM ${table}`, { type: QueryTypes.SELECT });
      expect(JSON.stringify(rows), table).not.toContain(reason);
    }
  });

  it('a photo rejected by the face check: the employee is asked for another, and the next one is verified', async () => {
    const employee = await joinEmployee(platform);
    await waitingFor(platform, employee.id, ['WaitForPhoto']);
    await finishPendingPhoto(platform, employee.id, 'rejected');
    await dispatchUntil(platform, async () => mailTo(platform, employee.workEmail).length > 0, { what: 'the ask' });
    const ask = mailTo(platform, employee.workEmail)[0];
    expect(ask.subject).toBe('Please add another photo to your employee profile');
    expect(ask.text).toContain('We could not find a face in this photo.');

    // The wait starts again; the rejected photo does not answer it a second time.
    await dispatchUntil(
      platform,
      async () => (await stepNames(platform, employee.id)).filter((s) => s === 'WaitForPhoto').length === 2,
    );
    await replacePhoto(platform, employee.id, employee.id, await stageTestPhoto());
    await finishPendingPhoto(platform, employee.id, 'verified');
    await waitingFor(platform, employee.id, HR_DECISION_STEPS);
    const findings = (await listWaitingFindings(platform)).get(employee.id)!;
    expect(findings.photo).toMatchObject({ verdict: 'accepted', faceCheck: 'verified' });
    // The event log is written as the engine reports it, a moment after the step itself ran.
    await dispatchUntil(platform, async () => (await stepNames(platform, employee.id)).length === 9);
    expect(await stepNames(platform, employee.id)).toEqual([
      'WaitForPhoto',
      'JudgePhoto',
      'PhotoAttemptsLeft',
      'AskForAnotherPhoto',
      'WaitForPhoto',
      'JudgePhoto',
      'CheckRecord',
      'PlanHrReview',
      'AwaitHrDecision',
    ]);
    await platform.workflow.stop(employee.id, 'test over');
  });

  it('a photo held for HR reaches HR as needing review, and a failed record check goes to HR with its reason', async () => {
    const manager = await activeManager(platform, 'inactive');
    const employee = await joinEmployee(platform, { managerId: manager.id });
    await waitingFor(platform, employee.id, ['WaitForPhoto']);
    await finishPendingPhoto(platform, employee.id, 'needs-review');
    await waitingFor(platform, employee.id, HR_DECISION_STEPS);
    const findings = (await listWaitingFindings(platform)).get(employee.id)!;
    expect(findings.photo).toMatchObject({ verdict: 'needs-review', faceCheck: 'needs-review' });
    expect(findings.record?.passed).toBe(false);
    expect(findings.record?.findings).toContainEqual({
      check: 'manager-active',
      passed: false,
      detail: 'The named manager is not active',
    });
    await platform.workflow.stop(employee.id, 'test over');
  });

  it('activated by hand during the wait: the execution ends as decided outside the workflow, not as an error', async () => {
    const employee = await joinEmployee(platform);
    await waitingFor(platform, employee.id, ['WaitForPhoto']);
    await finishPendingPhoto(platform, employee.id, 'verified');
    await waitingFor(platform, employee.id, HR_DECISION_STEPS);
    await activateEmployee(platform, HR_ADMIN, employee.id);
    const execution = await executionEnds(platform, employee.id);
    expect(execution.status).toBe('succeeded');
    const names = await stepNames(platform, employee.id);
    expect(names.slice(-2)).toEqual(['AwaitHrDecision', 'DecidedOutsideWorkflow']);
    const history = await platform.workflow.history(employee.id);
    expect(history?.steps.find((step) => step.name === 'AwaitHrDecision')?.outcome).toBe('caught');
    expect(
      await decideVerification(platform, HR_ADMIN, { employeeId: employee.id, decision: 'approved' }),
    ).toMatchObject({
      ok: false,
    });
  });

  it('activated by hand while the photo is awaited: ends as decided outside as well', async () => {
    const employee = await joinEmployee(platform);
    await waitingFor(platform, employee.id, ['WaitForPhoto']);
    await activateEmployee(platform, HR_ADMIN, employee.id);
    expect((await executionEnds(platform, employee.id)).status).toBe('succeeded');
    expect((await stepNames(platform, employee.id)).at(-1)).toBe('DecidedOutsideWorkflow');
  });

  it('deactivated during the wait: the execution stops and nothing waits any more', async () => {
    const employee = await joinEmployee(platform);
    await waitingFor(platform, employee.id, ['WaitForPhoto']);
    await deactivateEmployee(platform, HR_ADMIN, employee.id, 'Left before starting');
    const execution = await executionEnds(platform, employee.id);
    expect(execution).toMatchObject({ status: 'aborted', stopCause: 'The employee was deactivated' });
    expect(await getWaitingTask(platform.db, employee.id)).toBeNull();
    // A photo settling afterwards answers nothing and changes nothing.
    await finishPendingPhoto(platform, employee.id, 'verified');
    await dispatchUntil(platform, async () => true);
    expect((await getExecution(platform.db, execution.name))?.status).toBe('aborted');
  });

  it('a retried start event starts no second execution', async () => {
    const employee = await joinEmployee(platform);
    await waitingFor(platform, employee.id, ['WaitForPhoto']);
    const created = (await getEmployeeEvents(platform.db, employee.id)).find((e) => e.type === 'employee.created')!;
    await verificationWorkflow(platform).handle(created);
    await verificationWorkflow(platform).handle(created);
    await dispatchUntil(platform, async () => true);
    expect(await stepNames(platform, employee.id)).toEqual(['WaitForPhoto']);
    const count = await platform.db.sequelize.query(
      'SELECT COUNT(*) AS n FROM local_workflow_executions WHERE employee_id = :id',
      {
        replacements: { id: employee.id },
        plain: true,
      },
    );
    expect(Number((count as { n: number }).n)).toBe(1);
    await platform.workflow.stop(employee.id, 'test over');
  });

  it('an admin-created active profile and the demo seed start no workflow', async () => {
    const manager = await activeManager(platform);
    await dispatchUntil(platform, async () => true);
    expect(await platform.workflow.history(manager.id)).toBeNull();
  });
});

describe('the verification workflow on the local engine, when nobody answers', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startWorkflowPlatform({
      env: {
        WORKFLOW_PHOTO_WAIT_SECONDS: '1',
        WORKFLOW_MAX_PHOTO_REMINDERS: '0',
        WORKFLOW_WORKING_DAY_SECONDS: '1',
        WORKFLOW_HR_REMINDER_WORKING_DAYS: '1',
        WORKFLOW_MANAGER_TOLD_WORKING_DAYS: '2',
        WORKFLOW_FINAL_WAIT_WORKING_DAYS: '1',
      },
    });
  });
  afterAll(() => platform.close());

  it('no photo within the limit: the employee is reminded, HR is reminded, the manager told, then HR decides by hand', async () => {
    const manager = await activeManager(platform);
    const employee = await joinEmployee(platform, { photo: false, managerId: manager.id });
    const remindedAt = await dispatchUntil(
      platform,
      async () =>
        mailTo(platform, employee.workEmail).find((mail) => mail.subject === 'Add a photo to your employee profile'),
      { what: 'the photo reminder' },
    );
    expect(remindedAt.text).toContain('Your profile has no photo yet');
    await waitingFor(platform, employee.id, HR_DECISION_STEPS);
    expect((await listWaitingFindings(platform)).get(employee.id)?.photo).toEqual({ verdict: 'missing' });

    const reminder = await dispatchUntil(
      platform,
      async () =>
        (await listRecordedNotifications(platform.db)).find(
          (row) => row.message?.type === 'employee.verification-reminder' && row.message.employee.id === employee.id,
        ),
      { what: 'HR reminder on the topic' },
    );
    expect(reminder.subject).toMatch(/^A profile has waited \d+ working days for your decision$/);
    expect(reminder.body).not.toContain(employee.displayName);
    // HR's topic gets no personal link, only the pending page.
    expect(reminder.body).not.toContain(employee.workEmail);
    expect(reminder.body).toContain('http://people.test/admin');

    const told = await dispatchUntil(
      platform,
      async () =>
        mailTo(platform, manager.workEmail).find((mail) => mail.subject === 'A new colleague is still waiting for HR'),
      { what: 'the manager told' },
    );
    expect(told.text).toContain('2 working days');
    const execution = await executionEnds(platform, employee.id);
    expect(execution.status).toBe('failed');
    expect(execution.stopCause).toContain('HR made no decision within the final wait');
    expect(await stepNames(platform, employee.id)).toEqual([
      'WaitForPhoto',
      'RemindAboutPhoto',
      'PhotoRemindersLeft',
      'NoPhoto',
      'CheckRecord',
      'PlanHrReview',
      'AwaitHrDecision',
      'RemindHr',
      'AwaitHrDecisionAfterReminder',
      'TellManager',
      'AwaitHrDecisionAfterManagerTold',
      'NoHrDecision',
    ]);
    const history = await platform.workflow.history(employee.id);
    expect(history?.steps.find((step) => step.name === 'AwaitHrDecision')?.outcome).toBe('timed-out');
    // The profile stays pending for a decision by hand.
    expect((await getEmployee(platform.db, employee.id, 'private'))?.status).toBe('pending');
  }, 30_000);
});

describe.each(TEST_DIALECTS)('a restart of the server during an execution (%s)', (dialect) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startWorkflowPlatform({ dialect, env: { WORKFLOW_WORKING_DAY_SECONDS: '60' } });
  });
  afterAll(() => platform.close());

  function restartEngine(runsExecutions: boolean): LocalVerificationEngine {
    const engine = new LocalVerificationEngine({
      db: platform.db,
      log: platform.log,
      runsExecutions,
      pollIntervalMs: 50,
    });
    platform.workflow = engine;
    return engine;
  }

  it('resumes from the last completed step, repeats none, and takes the decision HR made while it was down', async () => {
    const employee = await joinEmployee(platform);
    await waitingFor(platform, employee.id, ['WaitForPhoto']);
    await finishPendingPhoto(platform, employee.id, 'verified');
    const before = await waitingFor(platform, employee.id, HR_DECISION_STEPS);
    await platform.workflow.close(); // the server stops

    // Meanwhile an HTTP worker (which runs no executions) takes HR's approval.
    restartEngine(false);
    const decided = await decideVerification(platform, HR_ADMIN, { employeeId: employee.id, decision: 'approved' });
    expect(decided.ok).toBe(true);
    await platform.workflow.close();

    // The server starts again: the execution resumes at the HR step and finds the decision.
    const engine = restartEngine(true);
    serveWorkflowTasks(platform);
    const execution = await executionEnds(platform, employee.id);
    expect(execution.status).toBe('succeeded');
    expect(engine.isRunningHere(employee.id)).toBe(false);
    expect((await getEmployee(platform.db, employee.id, 'private'))?.status).toBe('active');

    const history = (await platform.workflow.history(employee.id))!;
    const names = history.steps.map((step) => step.name);
    expect(names.filter((name) => name === 'CheckRecord')).toHaveLength(1);
    expect(names.filter((name) => name === 'WaitForPhoto')).toHaveLength(1);
    expect(names.filter((name) => name === 'AwaitHrDecision')).toHaveLength(2);
    expect(history.steps.find((step) => step.name === 'AwaitHrDecision')?.summary).toMatch(/Interrupted by a restart/);
    const { entries } = await listActivity(metadataTable(platform), employee.id, { limit: 50 });
    expect(entries.filter((entry) => entry.action === 'workflow.CheckRecord')).toHaveLength(1);
    expect(entries.filter((entry) => entry.action === 'employee.activated')).toHaveLength(1);
    expect(before.step).toBe('AwaitHrDecision');
  });
});
