/**
 * Consumes the verification workflow's task queue on AWS (decision 010): every Task state of the state
 * machine sends one message here with its step and callback token. Each message is parsed, handed to the
 * step handler, and deleted only after the handler succeeded. Delivery is at least once (a crash between
 * the handler and the delete, a visibility timeout), so handlers must be idempotent.
 *
 * A message that does not parse is logged without its body (it carries a task token and the step's input)
 * and left in the queue: after the queue's receive limit it moves to the dead-letter queue, whose alarm tells
 * an operator, and meanwhile a newer app instance of a rolling deploy that knows the step may take it.
 * A handler that throws leaves its message too: it comes back after the visibility timeout and, if it keeps
 * failing, goes to the dead-letter queue the same way.
 */
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { AwsClientSettings } from '@shared/aws-client-settings';
import { createSqsClient } from '@shared/aws-clients';
import { loadSqsSdk } from '@shared/aws-sdk-loaders';
import type { LazyClient } from '@shared/lazy-client';
import { WorkflowTaskMessageSchema, type WorkflowTaskMessage } from '@shared/contracts/verification-workflow';
import type { Logger } from '@shared/logger';

export interface TaskQueueConsumerOptions {
  queueUrl: string;
  region: string;
  /** moto in tests; unset on AWS. */
  endpoint?: string;
  /** Timeouts and tries, from the environment (AWS_REQUEST_TIMEOUT_MS and the rest). */
  settings?: AwsClientSettings;
  handle: (message: WorkflowTaskMessage) => Promise<void>;
  log: Logger;
  /** Long-poll wait per receive; 20 s (the SQS maximum) unless a test wants a quicker stop. */
  waitTimeSeconds?: number;
  /** Pause after a failed receive (SQS unreachable), so an outage is not a busy loop of errors. */
  retryDelayMs?: number;
}

export interface TaskQueueConsumer {
  /** Stops receiving, lets the messages in hand finish, and resolves when the loop has ended. */
  stop(): Promise<void>;
}

/** One log line's worth of a zod failure: where the shape was wrong, never the values. */
function issuePaths(error: { issues: Array<{ path: PropertyKey[]; code: string }> }): string[] {
  return error.issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.code}`);
}

function parseBody(body: string | undefined) {
  try {
    return WorkflowTaskMessageSchema.safeParse(JSON.parse(body ?? ''));
  } catch {
    return { success: false as const, error: { issues: [{ path: [], code: 'invalid_json' }] } };
  }
}

export function startTaskQueueConsumer(
  options: TaskQueueConsumerOptions,
  client: LazyClient<SQSClient> = createSqsClient(options),
): TaskQueueConsumer {
  const { queueUrl, handle, log } = options;
  const waitTimeSeconds = options.waitTimeSeconds ?? 20;
  const retryDelayMs = options.retryDelayMs ?? 5_000;
  const abort = new AbortController();
  let stopping = false;

  async function handleMessage(message: Message): Promise<void> {
    const fields = { messageId: message.MessageId, receiveCount: message.Attributes?.ApproximateReceiveCount };
    const parsed = parseBody(message.Body);
    if (!parsed.success) {
      log.warn('workflow task message refused; left for the dead-letter queue', {
        ...fields,
        issues: issuePaths(parsed.error),
      });
      return;
    }
    const { step, executionId } = parsed.data;
    try {
      await handle(parsed.data);
    } catch (error) {
      log.error('workflow step failed; its message will be received again', { ...fields, step, executionId, error });
      return;
    }
    const { DeleteMessageCommand } = await loadSqsSdk();
    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    log.debug('workflow step handled', { ...fields, step, executionId });
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let messages: Message[];
      try {
        // Inside the try: a package that cannot be loaded is logged and retried like an unreachable queue.
        const { ReceiveMessageCommand } = await loadSqsSdk();
        const received = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: waitTimeSeconds,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
          { abortSignal: abort.signal },
        );
        messages = received.Messages ?? [];
      } catch (error) {
        if (stopping) break;
        log.error('workflow task queue receive failed', { error });
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
        continue;
      }
      // One at a time: steps of one execution arrive one by one anyway, and a burst stays gentle on the database.
      for (const message of messages) {
        try {
          await handleMessage(message);
        } catch (error) {
          // The delete failed: the message comes back and the idempotent handler sees it again.
          log.error('workflow task message not deleted', { messageId: message.MessageId, error });
        }
      }
    }
  }

  const running = loop();
  return {
    async stop() {
      stopping = true;
      // Ends a long poll at once; messages already in hand are finished by the loop. A receive cut off just as
      // SQS answered leaves its messages invisible until the visibility timeout, then another consumer gets them.
      abort.abort();
      await running;
      client.destroy();
    },
  };
}
