import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { StateMachine } from 'aws-local-stepfunctions';
import {
  STEP_RESULT_SCHEMAS,
  WorkflowStepSchema,
  type VerificationInput,
  type WorkflowStep,
} from '../contracts/verification-workflow';
import { buildVerificationDefinition, forLocalEngine, taskStateNames } from './verification-definition';

// asl-validator is CommonJS with a function export; cfn-lint checks nothing inside the stack's Fn::Sub, so this is the check.
const validateAsl = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => {
  isValid: boolean;
  errors: unknown[];
  errorsText: (separator?: string) => string;
};

const definition = buildVerificationDefinition({
  taskQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/tasks',
});

const input: VerificationInput = {
  employeeId: '6f1c2a38-5d47-4a52-9f0e-2f1b1c3d4e5f',
  source: 'join',
  limits: { photoWaitSeconds: 60, maxPhotoReminders: 1, maxPhotoAttempts: 2 },
  attempts: { photoReminders: 0, photoRejections: 0 },
};

/** Runs the definition with one scripted answer per step call; records the steps in the order they ran. */
async function run(answers: Partial<Record<WorkflowStep, unknown[]>>, executionInput: VerificationInput = input) {
  const calls: WorkflowStep[] = [];
  const handlers = Object.fromEntries(
    taskStateNames(definition).map((name) => [
      name,
      async (taskInput: unknown) => {
        const body = (taskInput as { MessageBody: { step: WorkflowStep } }).MessageBody;
        calls.push(body.step);
        const queue = answers[body.step] ?? [];
        const answer = queue.shift();
        if (answer instanceof Error) throw answer;
        if (answer === 'never') return new Promise(() => {});
        return STEP_RESULT_SCHEMAS[body.step].parse(answer ?? {});
      },
    ]),
  );
  const machine = new StateMachine(forLocalEngine(definition) as never);
  const execution = machine.run(executionInput as never, {
    overrides: { taskResourceLocalHandlers: handlers as never },
    context: { Task: { Token: 'local' }, Execution: { Id: 'local-test' } },
  });
  return { output: await execution.result, calls };
}

const decision = { decidedBy: 'hr-1', decidedAt: '2026-12-03T10:00:00.000Z' };
const plan = { remindHrAfterSeconds: 60, tellManagerAfterSeconds: 60, finalWaitSeconds: 60 };

describe('the verification definition', () => {
  it('is valid Amazon States Language', () => {
    const result = validateAsl(definition);
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
    expect(validateAsl(forLocalEngine(definition)).isValid).toBe(true);
  });

  it('sends every Task to the app under its own step name', () => {
    for (const name of taskStateNames(definition)) {
      expect(WorkflowStepSchema.parse(name)).toBe(name);
      const body = (definition.States[name].Parameters as { MessageBody: { step: string } }).MessageBody;
      expect(body.step).toBe(name);
    }
    expect(taskStateNames(definition).sort()).toEqual([...WorkflowStepSchema.options].sort());
  });

  it('differs for the local engine only in where the task timeouts are read', () => {
    const local = forLocalEngine(definition);
    for (const [name, state] of Object.entries(definition.States)) {
      const { TimeoutSecondsPath: path, ...rest } = state;
      const { TimeoutSecondsPath: localPath, ...localRest } = local.States[name];
      expect(localRest).toEqual(rest);
      if (path) expect(localPath).toBe(String(path).replace('$.', '$.MessageBody.input.'));
    }
  });

  it('runs locally from a verified photo through HR approval to activation', async () => {
    const { output, calls } = await run({
      WaitForPhoto: [{ verdict: 'accepted', faceCheck: 'verified' }],
      CheckRecord: [{ passed: true, findings: [] }],
      PlanHrReview: [plan],
      AwaitHrDecision: [{ decision: 'approved', ...decision }],
      Activate: [{ status: 'active' }],
    });
    expect(calls).toEqual(['WaitForPhoto', 'CheckRecord', 'PlanHrReview', 'AwaitHrDecision', 'Activate']);
    expect(output).toMatchObject({ employeeId: input.employeeId, outcome: { status: 'active' } });
  });

  it('asks for another photo after a rejection, then goes on with the next verdict', async () => {
    const { calls } = await run({
      WaitForPhoto: [{ verdict: 'rejected', reason: 'We could not find a face' }, { verdict: 'accepted' }],
      AskForAnotherPhoto: [{ photoReminders: 0, photoRejections: 1 }],
      CheckRecord: [{ passed: true, findings: [] }],
      PlanHrReview: [plan],
      AwaitHrDecision: [{ decision: 'rejected', reason: 'Not an employee', ...decision }],
      Reject: [{ status: 'inactive' }],
    });
    expect(calls).toEqual([
      'WaitForPhoto',
      'AskForAnotherPhoto',
      'WaitForPhoto',
      'CheckRecord',
      'PlanHrReview',
      'AwaitHrDecision',
      'Reject',
    ]);
  });

  it('reminds about a missing photo when the wait times out, then sends the profile to HR without one', async () => {
    const { output, calls } = await run(
      {
        WaitForPhoto: ['never'],
        RemindAboutPhoto: [{ photoReminders: 1, photoRejections: 0 }],
        CheckRecord: [{ passed: true, findings: [] }],
        PlanHrReview: [plan],
        AwaitHrDecision: [{ decision: 'approved', ...decision }],
        Activate: [{ status: 'active' }],
      },
      { ...input, limits: { ...input.limits, photoWaitSeconds: 1, maxPhotoReminders: 0 } },
    );
    expect(calls.slice(0, 3)).toEqual(['WaitForPhoto', 'RemindAboutPhoto', 'CheckRecord']);
    expect(output).toMatchObject({ photo: { verdict: 'missing' } });
  });

  it('ends as decided outside the workflow when the app says an admin decided by hand', async () => {
    const outside = Object.assign(new Error('Activated by hand'), { name: 'Workflow.DecidedOutside' });
    const { output, calls } = await run({
      WaitForPhoto: [{ verdict: 'accepted' }],
      CheckRecord: [{ passed: true, findings: [] }],
      PlanHrReview: [plan],
      AwaitHrDecision: [outside],
    });
    expect(calls.at(-1)).toBe('AwaitHrDecision');
    expect(output).toHaveProperty('decidedOutside');
  });
});
