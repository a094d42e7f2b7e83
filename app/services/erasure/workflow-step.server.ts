/**
 * First: the verification workflow's execution is stopped and its waiting steps closed, before anything it could
 * read goes. A step that ran against a vanished profile ended the execution as "decided outside" from inside a
 * step handler, which the local engine did not expect (docs/decisions/020-erasure-as-a-durable-job.md).
 */
import { supersedeWaitingTasks } from '~/models/workflow-tasks.server';
import type { ErasureStep } from './erasure-step.server';

export const stopWorkflowStep: ErasureStep = {
  name: 'workflow',
  async run({ platform, erasure }) {
    await platform.workflow.stop(erasure.employeeId, 'The profile is being erased');
    await supersedeWaitingTasks(platform.db, erasure.employeeId);
  },
};
