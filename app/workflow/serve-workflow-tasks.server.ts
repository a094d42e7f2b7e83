/**
 * Where the local engine gets its step handlers: the primary process (and a test's lone process) calls this
 * once its platform is ready, and executions start running (interrupted ones resume). On AWS the task
 * queue's consumer calls handleWorkflowTask instead, and this does nothing.
 */
import type { Platform } from '~/platform.server';
import { handleWorkflowTask } from './handle-task.server';
import { LocalVerificationEngine } from './local-engine.server';

export function serveWorkflowTasks(platform: Platform): void {
  if (platform.workflow instanceof LocalVerificationEngine) {
    platform.workflow.serveTasks((message) => handleWorkflowTask(platform, message));
  }
}
