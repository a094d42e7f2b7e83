/**
 * The task queue consumer against moto's SQS, with a queue shaped like the stack's (a dead-letter queue
 * after a few receives; here 2 receives and a 1 s visibility timeout, so the cases stay short): what an
 * operator would see when a step message is good, malformed, or its handler fails.
 */
import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSqsClient } from '@shared/aws-clients';
import type { LazyClient } from '@shared/lazy-client';
import type { WorkflowTaskMessage } from '@shared/contracts/verification-workflow';
import { createLogger } from '@shared/logger';
import { startMotoServer, type MotoServer } from '@test-support/moto-server';
import { startTaskQueueConsumer, type TaskQueueConsumer } from './task-queue-consumer.server';

let moto: MotoServer;
let sqs: LazyClient<SQSClient>;
let consumer: TaskQueueConsumer | undefined;

beforeAll(async () => {
  moto = await startMotoServer();
  sqs = createSqsClient({ region: moto.region, endpoint: moto.endpoint, settings: moto.settings });
});
afterEach(async () => {
  await consumer?.stop();
  consumer = undefined;
});
afterAll(async () => {
  sqs?.destroy();
  await moto?.stop();
});

async function createQueues(): Promise<{ queueUrl: string; deadLetterUrl: string }> {
  const suffix = randomUUID().slice(0, 8);
  const { QueueUrl: deadLetterUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `dead-${suffix}` }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] }),
  );
  const { QueueUrl: queueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: `tasks-${suffix}`,
      Attributes: {
        VisibilityTimeout: '1',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: 2 }),
      },
    }),
  );
  return { queueUrl: queueUrl!, deadLetterUrl: deadLetterUrl! };
}

function taskMessage(): WorkflowTaskMessage {
  return {
    taskToken: `token-${randomUUID()}`,
    step: 'CheckRecord',
    executionId: 'arn:aws:states:us-east-1:123456789012:execution:verification:verify-1',
    input: {
      employeeId: randomUUID(),
      source: 'csv-import',
      limits: { photoWaitSeconds: 60, maxPhotoReminders: 1, maxPhotoAttempts: 2 },
      attempts: { photoReminders: 0, photoRejections: 0 },
    },
  };
}

async function messageCount(queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes!.ApproximateNumberOfMessages) + Number(Attributes!.ApproximateNumberOfMessagesNotVisible);
}

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((wait) => setTimeout(wait, 100));
  }
}

function recordingLog() {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: 'debug', write: (line) => lines.push(line) }) };
}

describe('the task queue consumer', () => {
  it('hands each step message to the handler, parsed, and deletes it once handled', async () => {
    const { queueUrl } = await createQueues();
    const handled: WorkflowTaskMessage[] = [];
    const { log } = recordingLog();
    consumer = startTaskQueueConsumer({
      queueUrl,
      region: moto.region,
      endpoint: moto.endpoint,
      settings: moto.settings,
      handle: async (message) => void handled.push(message),
      log,
      waitTimeSeconds: 1,
    });
    const sent = taskMessage();
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(sent) }));
    await eventually(() => handled.length === 1);
    expect(handled[0]).toEqual(sent);
    await eventually(async () => (await messageCount(queueUrl)) === 0);
  });

  it('leaves a malformed message for the dead-letter queue, logging where it was wrong but not its content', async () => {
    const { queueUrl, deadLetterUrl } = await createQueues();
    const handled: WorkflowTaskMessage[] = [];
    const { lines, log } = recordingLog();
    consumer = startTaskQueueConsumer({
      queueUrl,
      region: moto.region,
      endpoint: moto.endpoint,
      settings: moto.settings,
      handle: async (message) => void handled.push(message),
      log,
      waitTimeSeconds: 1,
    });
    const secret = `token-${randomUUID()}`;
    const wrongStep = { ...taskMessage(), taskToken: secret, step: 'FireEveryone' };
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(wrongStep) }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `not json ${secret}` }));

    await eventually(async () => (await messageCount(deadLetterUrl)) === 2, 20_000);
    expect(handled).toEqual([]);
    const refusals = lines.map((line) => JSON.parse(line)).filter((line) => line.message.includes('refused'));
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    expect(refusals.map((line) => line.issues).flat()).toEqual(
      expect.arrayContaining(['step: invalid_enum_value', '(root): invalid_json']),
    );
    expect(lines.join('\n')).not.toContain(secret);
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: deadLetterUrl, MaxNumberOfMessages: 10 }),
    );
    expect(Messages?.map((message) => message.Body).sort()).toEqual(
      [JSON.stringify(wrongStep), `not json ${secret}`].sort(),
    );
  });

  it('keeps the message of a failed handler, so the step runs again and is deleted when it succeeds', async () => {
    const { queueUrl, deadLetterUrl } = await createQueues();
    let attempts = 0;
    const { lines, log } = recordingLog();
    consumer = startTaskQueueConsumer({
      queueUrl,
      region: moto.region,
      endpoint: moto.endpoint,
      settings: moto.settings,
      handle: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('database unavailable');
      },
      log,
      waitTimeSeconds: 1,
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(taskMessage()) }));
    await eventually(() => attempts === 2);
    await eventually(async () => (await messageCount(queueUrl)) === 0);
    expect(await messageCount(deadLetterUrl)).toBe(0);
    const failure = lines.map((line) => JSON.parse(line)).find((line) => line.level === 'error');
    expect(failure).toMatchObject({ step: 'CheckRecord', error: { message: 'database unavailable' } });
  });

  it('stops at once, even in the middle of a 20-second long poll', async () => {
    const { queueUrl } = await createQueues();
    const { log } = recordingLog();
    const running = startTaskQueueConsumer({
      queueUrl,
      region: moto.region,
      endpoint: moto.endpoint,
      settings: moto.settings,
      handle: async () => {},
      log,
    });
    await new Promise((wait) => setTimeout(wait, 500));
    const started = Date.now();
    await running.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
