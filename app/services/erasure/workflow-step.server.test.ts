/**
 * An erasure of someone whose verification execution still runs (its stop was missed): the job stops it before
 * anything it reads goes, so no step runs against a vanished profile, and the local engine raises nothing.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchUntil, joinEmployee, startWorkflowPlatform } from '@test-support/workflow';
import type { TestPlatform } from '@test-support/platform';
import { suppressionListStandIn } from '@test-support/erasure-suite';
import { verificationExecutionName } from '@shared/contracts/verification-workflow';
import { getExecution } from '~/models/local-workflow-executions.server';
import { getWaitingTask } from '~/models/workflow-tasks.server';
import { setEmployeeStatus } from '~/models/employee.server';
import { dispatchEvents } from '~/services/event-dispatcher.server';
import { createSubscribers } from '~/subscribers/index.server';
import { requestErasure } from '../erasure.server';
import { runErasure } from './erasure-job.server';
import { LocalVerificationEngine } from '~/workflow/local-engine.server';

describe('erasing a person whose workflow still waits', () => {
  let platform: TestPlatform;
  const unhandled: unknown[] = [];
  const record = (error: unknown) => unhandled.push(error);
  beforeAll(async () => {
    process.on('unhandledRejection', record);
    platform = await startWorkflowPlatform();
  });
  afterAll(async () => {
    await platform?.close();
    process.off('unhandledRejection', record);
  });

  it('stops the execution first, then erases, with no error from the engine', async () => {
    const employee = await joinEmployee(platform);
    await dispatchUntil(platform, async () =>
      Boolean(await getWaitingTask(platform.db, employee.id, ['WaitForPhoto'])),
    );
    // Inactive without the event that would have stopped the execution.
    await setEmployeeStatus(platform.db, employee.id, 'inactive', 'test');
    const { erasureId } = await requestErasure(platform, {
      employeeId: employee.id,
      requestedBy: { kind: 'retention' },
      reason: 'Abandoned application',
    });
    const ports = {
      faceCollection: null,
      suppressionList: suppressionListStandIn(),
      mailDirectory: path.join(platform.env.dataDir, 'mail'),
    };
    let afterStop: unknown;
    const afterStep = async (name: string) => {
      if (name === 'workflow') afterStop = await getExecution(platform.db, verificationExecutionName(employee.id));
    };
    expect(await runErasure(platform, erasureId, { ports, afterStep })).toBe('waiting');
    expect(afterStop).toMatchObject({ status: 'aborted', stopCause: 'The profile is being erased' });
    await dispatchEvents(platform.db, createSubscribers(platform));
    await platform.db.sequelize.query('UPDATE erasures SET claimed_until = NULL');
    expect(await runErasure(platform, erasureId, { ports })).toBe('completed');
    // The execution's own rows went with the person; the engine ran nothing more for them.
    expect(await getExecution(platform.db, verificationExecutionName(employee.id))).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(platform.workflow).toBeInstanceOf(LocalVerificationEngine);
    expect((platform.workflow as LocalVerificationEngine).isRunningHere(employee.id)).toBe(false);
    expect(platform.logLines.filter((line) => line.level === 'error')).toEqual([]);
    expect(unhandled).toEqual([]);
  }, 60_000);
});
