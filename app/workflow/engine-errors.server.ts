/**
 * An answer to a step that no longer waits (it timed out, the execution ended, someone answered first). Both
 * engines mean the same by it: the local engine throws TaskNotWaitingError; Step Functions answers
 * SendTaskSuccess/-Failure with TaskTimedOut, TaskDoesNotExist or InvalidToken.
 */
export class TaskNotWaitingError extends Error {
  constructor() {
    super('This workflow step is no longer waiting for an answer.');
    this.name = 'TaskNotWaitingError';
  }
}

const NOT_WAITING = new Set(['TaskNotWaitingError', 'TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export function isTaskNotWaiting(error: unknown): boolean {
  return error instanceof Error && NOT_WAITING.has(error.name);
}
