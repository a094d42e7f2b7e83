/** An execution of the verification workflow as HR sees it: each state, when, how it ended and what it found. */
import { formatDateTime } from '~/i18n/format';
import { useViewer } from '~/i18n/document-intl';
import { useT } from '~/i18n/use-t';
import { useStepSummary } from './workflow-step-summary';

export interface WorkflowHistoryView {
  executionName: string;
  status: string;
  startedAt: string;
  stoppedAt?: string;
  steps: Array<{ name: string; enteredAt: string; exitedAt?: string; outcome: string; summary?: string }>;
}

const STATE_LABELS: Record<string, string> = {
  WaitForPhoto: 'verificationWorkflow.state.waitForPhoto',
  RemindAboutPhoto: 'verificationWorkflow.state.remindAboutPhoto',
  PhotoRemindersLeft: 'verificationWorkflow.state.photoRemindersLeft',
  NoPhoto: 'verificationWorkflow.state.noPhoto',
  JudgePhoto: 'verificationWorkflow.state.judgePhoto',
  PhotoAttemptsLeft: 'verificationWorkflow.state.photoAttemptsLeft',
  AskForAnotherPhoto: 'verificationWorkflow.state.askForAnotherPhoto',
  CheckRecord: 'verificationWorkflow.state.checkRecord',
  PlanHrReview: 'verificationWorkflow.state.planHrReview',
  AwaitHrDecision: 'verificationWorkflow.state.awaitHrDecision',
  RemindHr: 'verificationWorkflow.state.remindHr',
  AwaitHrDecisionAfterReminder: 'verificationWorkflow.state.awaitHrDecisionAfterReminder',
  TellManager: 'verificationWorkflow.state.tellManager',
  AwaitHrDecisionAfterManagerTold: 'verificationWorkflow.state.awaitHrDecisionAfterManagerTold',
  NoHrDecision: 'verificationWorkflow.state.noHrDecision',
  ApplyDecision: 'verificationWorkflow.state.applyDecision',
  Activate: 'verificationWorkflow.state.activate',
  Reject: 'verificationWorkflow.state.reject',
  Activated: 'verificationWorkflow.state.activated',
  Rejected: 'verificationWorkflow.state.rejected',
  DecidedOutsideWorkflow: 'verificationWorkflow.state.decidedOutsideWorkflow',
};

const STATUS_LABELS: Record<string, string> = {
  running: 'verificationWorkflow.status.running',
  succeeded: 'verificationWorkflow.status.succeeded',
  failed: 'verificationWorkflow.status.failed',
  aborted: 'verificationWorkflow.status.aborted',
  'timed-out': 'verificationWorkflow.status.timedOut',
};

const OUTCOME_LABELS: Record<string, string> = {
  running: 'verificationWorkflow.outcome.running',
  succeeded: 'verificationWorkflow.outcome.succeeded',
  failed: 'verificationWorkflow.outcome.failed',
  'timed-out': 'verificationWorkflow.outcome.timedOut',
  caught: 'verificationWorkflow.outcome.caught',
};

export function WorkflowHistory({ history }: { history: WorkflowHistoryView | null }) {
  const t = useT();
  const viewer = useViewer();
  const summary = useStepSummary();
  const when = (iso?: string) => (iso ? formatDateTime(Date.parse(iso), viewer) : '');
  const label = (labels: Record<string, string>, code: string) => (labels[code] ? t(labels[code]) : code);
  return (
    <section className="card" aria-labelledby="workflow-heading" data-testid="workflow-history">
      <h2 id="workflow-heading">{t('verificationWorkflow.history.title')}</h2>
      {!history ? (
        <p className="muted">{t('verificationWorkflow.history.none')}</p>
      ) : (
        <>
          <p className="muted" data-workflow-status={history.status}>
            {history.stoppedAt
              ? t('verificationWorkflow.history.statusEnded', {
                  status: label(STATUS_LABELS, history.status),
                  started: when(history.startedAt),
                  ended: when(history.stoppedAt),
                })
              : t('verificationWorkflow.history.statusStarted', {
                  status: label(STATUS_LABELS, history.status),
                  started: when(history.startedAt),
                })}
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('verificationWorkflow.history.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('verificationWorkflow.history.step')}</th>
                  <th scope="col">{t('verificationWorkflow.history.started')}</th>
                  <th scope="col">{t('verificationWorkflow.history.ended')}</th>
                  <th scope="col">{t('verificationWorkflow.history.outcome')}</th>
                  <th scope="col">{t('verificationWorkflow.history.found')}</th>
                </tr>
              </thead>
              <tbody>
                {history.steps.map((step, index) => (
                  <tr key={`${step.name}-${index}`} data-step={step.name}>
                    <td>{label(STATE_LABELS, step.name)}</td>
                    <td>{when(step.enteredAt)}</td>
                    <td>{when(step.exitedAt)}</td>
                    <td>{label(OUTCOME_LABELS, step.outcome)}</td>
                    <td>{step.summary ? summary(step.summary) : ''}</td>
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
