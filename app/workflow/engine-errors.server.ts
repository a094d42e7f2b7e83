/**
 * An answer to a step that no longer waits (it timed out, the execution ended, someone answered first). Both
 * engines throw WorkflowTaskGoneError for it (Step Functions' TaskTimedOut, TaskDoesNotExist and InvalidToken
 * are turned into it); the behaviour suite holds both to that.
 */
import { WorkflowTaskGoneError } from './workflow-task-errors.server';

export function isTaskNotWaiting(error: unknown): boolean {
  return error instanceof WorkflowTaskGoneError;
}
