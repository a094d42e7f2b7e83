/**
 * The Step Functions engine and the task queue consumer against moto, which executes the real definition
 * (the one the stack deploys) with the SQS callback integration: every path of the workflow through the shared
 * behaviour suite. Each case gets its own queue and state machine, created through the API (a machine made
 * by moto's CloudFormation does not execute), so a case's leftover execution cannot feed the next one.
 */
import { randomUUID } from 'node:crypto';
import { CreateStateMachineCommand } from '@aws-sdk/client-sfn';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSfnClient, createSqsClient } from '@shared/aws-clients';
import { buildVerificationDefinition } from '@shared/workflow/verification-definition';
import { silentLogger } from '@shared/logger';
import { startMotoServer, type MotoServer } from '@test-support/moto-server';
import { createStepFunctionsEngine, executionArnOf } from './step-functions-engine.server';
import { startTaskQueueConsumer } from './task-queue-consumer.server';
import { describeVerificationEngineBehaviour } from '@test-support/verification-engine-suite';

let moto: MotoServer;

beforeAll(async () => {
  moto = await startMotoServer();
});
afterAll(async () => {
  await moto?.stop();
});

/** A task queue and a state machine running the stack's definition against it, as the stack makes them. */
async function createWorkflow(): Promise<{ stateMachineArn: string; queueUrl: string }> {
  const options = { region: moto.region, endpoint: moto.endpoint, settings: moto.settings };
  const sqs = createSqsClient(options);
  const sfn = createSfnClient(options);
  const suffix = randomUUID().slice(0, 8);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `verification-tasks-${suffix}` }));
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({
      name: `verification-${suffix}`,
      type: 'STANDARD',
      roleArn: 'arn:aws:iam::123456789012:role/verification-workflow',
      definition: JSON.stringify(buildVerificationDefinition({ taskQueueUrl: QueueUrl! })),
    }),
  );
  sqs.destroy();
  sfn.destroy();
  return { stateMachineArn: stateMachineArn!, queueUrl: QueueUrl! };
}

describeVerificationEngineBehaviour('Step Functions in moto', {
  timeoutMs: 60_000,
  async create(handle) {
    const { stateMachineArn, queueUrl } = await createWorkflow();
    const engine = createStepFunctionsEngine({
      stateMachineArn,
      region: moto.region,
      endpoint: moto.endpoint,
      settings: moto.settings,
    });
    const consumer = startTaskQueueConsumer({
      queueUrl,
      region: moto.region,
      endpoint: moto.endpoint,
      settings: moto.settings,
      handle,
      log: silentLogger,
      waitTimeSeconds: 1,
      retryDelayMs: 200,
    });
    return {
      engine,
      async stop() {
        await consumer.stop();
        await engine.close();
      },
    };
  },
});

describe('the Step Functions engine', () => {
  it('names executions after the employee, on the configured machine', () => {
    expect(executionArnOf('arn:aws:states:eu-west-1:123456789012:stateMachine:people-verification', 'verify-abc')).toBe(
      'arn:aws:states:eu-west-1:123456789012:execution:people-verification:verify-abc',
    );
    expect(() => executionArnOf('arn:aws:sqs:eu-west-1:123456789012:queue', 'verify-abc')).toThrow(
      /not a state machine ARN/,
    );
  });

  it('refuses an execution input that breaks the contract before it reaches Step Functions', async () => {
    const { stateMachineArn } = await createWorkflow();
    const engine = createStepFunctionsEngine({
      stateMachineArn,
      region: moto.region,
      endpoint: moto.endpoint,
      settings: moto.settings,
    });
    await expect(
      engine.start({
        employeeId: 'not-a-uuid',
        source: 'import',
        limits: { photoWaitSeconds: 0, maxPhotoReminders: 1, maxPhotoAttempts: 1 },
        attempts: { photoReminders: 0, photoRejections: 0 },
      }),
    ).rejects.toThrow(/employeeId|photoWaitSeconds/);
    expect(await engine.history(randomUUID())).toBeNull();
    await engine.close();
  });
});
