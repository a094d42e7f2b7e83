/**
 * Where the workflow's steps reach their handlers. The primary process (and a test's lone process) calls this
 * once its platform is ready. Locally the engine runs here and calls the handlers itself (interrupted
 * executions resume); on AWS the primary consumes the task queue (one consumer per instance) and hands each
 * message to the same handlers. Returns how to stop.
 */
import type { Platform } from '~/platform.server';
import { handleWorkflowTask } from './handle-task.server';
import { LocalVerificationEngine } from './local-engine.server';
import { startTaskQueueConsumer } from './task-queue-consumer.server';

export function serveWorkflowTasks(platform: Platform): () => Promise<void> {
  const handle = (message: Parameters<typeof handleWorkflowTask>[1]) => handleWorkflowTask(platform, message);
  if (platform.workflow instanceof LocalVerificationEngine) {
    platform.workflow.serveTasks(handle);
    return async () => {};
  }
  const { env } = platform;
  if (!env.WORKFLOW_TASK_QUEUE_URL) return async () => {};
  const consumer = startTaskQueueConsumer({
    queueUrl: env.WORKFLOW_TASK_QUEUE_URL,
    region: env.AWS_REGION,
    endpoint: env.WORKFLOW_SQS_ENDPOINT,
    settings: env,
    handle,
    log: platform.log,
  });
  return () => consumer.stop();
}
