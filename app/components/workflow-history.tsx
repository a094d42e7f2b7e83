/** An execution of the verification workflow as HR sees it: each state, when, how it ended and what it found. */
export interface WorkflowHistoryView {
  executionName: string;
  status: string;
  startedAt: string;
  stoppedAt?: string;
  steps: Array<{ name: string; enteredAt: string; exitedAt?: string; outcome: string; summary?: string }>;
}

const STATE_LABELS: Record<string, string> = {
  WaitForPhoto: 'Wait for the photo',
  RemindAboutPhoto: 'Remind about the photo',
  PhotoRemindersLeft: 'Reminders left?',
  NoPhoto: 'No photo: on to HR',
  JudgePhoto: 'Face check verdict',
  PhotoAttemptsLeft: 'Attempts left?',
  AskForAnotherPhoto: 'Ask for another photo',
  CheckRecord: 'Check the record',
  PlanHrReview: "Plan HR's review",
  AwaitHrDecision: "Wait for HR's decision",
  RemindHr: 'Remind HR',
  AwaitHrDecisionAfterReminder: "Wait for HR's decision (reminded)",
  TellManager: 'Tell the manager',
  AwaitHrDecisionAfterManagerTold: "Wait for HR's decision (manager told)",
  NoHrDecision: 'No decision from HR',
  ApplyDecision: "HR's decision",
  Activate: 'Activate',
  Reject: 'Reject',
  Activated: 'Activated',
  Rejected: 'Rejected',
  DecidedOutsideWorkflow: 'Decided outside the workflow',
};

const STATUS_LABELS: Record<string, string> = {
  running: 'Running',
  succeeded: 'Finished',
  failed: 'Failed',
  aborted: 'Stopped',
  'timed-out': 'Timed out',
};

const OUTCOME_LABELS: Record<string, string> = {
  running: 'In progress',
  succeeded: 'Done',
  failed: 'Failed',
  'timed-out': 'Timed out',
  caught: 'Ended early',
};

const utc = (iso?: string) => (iso ? iso.replace('T', ' ').slice(0, 19) : '');

export function WorkflowHistory({ history }: { history: WorkflowHistoryView | null }) {
  return (
    <section className="card" aria-labelledby="workflow-heading" data-testid="workflow-history">
      <h2 id="workflow-heading">Verification workflow</h2>
      {!history ? (
        <p className="muted">No verification workflow ran for this profile.</p>
      ) : (
        <>
          <p className="muted" data-workflow-status={history.status}>
            {STATUS_LABELS[history.status] ?? history.status} · started {utc(history.startedAt)} UTC
            {history.stoppedAt ? ` · ended ${utc(history.stoppedAt)} UTC` : ''}
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">The workflow's steps, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col">Started (UTC)</th>
                  <th scope="col">Ended (UTC)</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Found</th>
                </tr>
              </thead>
              <tbody>
                {history.steps.map((step, index) => (
                  <tr key={`${step.name}-${index}`} data-step={step.name}>
                    <td>{STATE_LABELS[step.name] ?? step.name}</td>
                    <td>{utc(step.enteredAt)}</td>
                    <td>{utc(step.exitedAt)}</td>
                    <td>{OUTCOME_LABELS[step.outcome] ?? step.outcome}</td>
                    <td>{step.summary ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
