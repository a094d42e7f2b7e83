/**
 * What an engine throws when the app answers a step that can no longer be answered: the step timed out (the
 * workflow has moved on: a reminder, the next wait), the execution was stopped or has finished, or the token
 * is not one the engine ever issued. Callers show or log it as a stale step (HR clicked Approve on a page
 * that was open for days), never as a crash; the token itself is never part of the message.
 */
export type WorkflowTaskGoneReason = 'timed-out' | 'not-found' | 'invalid-token';

export class WorkflowTaskGoneError extends Error {
  override readonly name = 'WorkflowTaskGoneError';

  constructor(readonly reason: WorkflowTaskGoneReason) {
    super(
      reason === 'timed-out'
        ? 'The workflow step timed out before it was answered; the workflow has moved on.'
        : reason === 'not-found'
          ? 'The workflow step no longer exists (its execution stopped or finished).'
          : 'The workflow step token is not valid.',
    );
  }
}
