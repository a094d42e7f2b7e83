/**
 * The verification workflow's messages (decision 010): what an execution starts with, what each task step is
 * sent, and what the app answers. One state machine definition (../workflow/verification-definition.ts)
 * runs on AWS Step Functions and in-process locally; in both, every Task state hands its step to the app
 * with a callback token, and the app answers with the step's result (decision 010).
 *
 * Parsed on the way in (a message from the queue, a local task call) and on the way out (a result sent
 * back), so a wrong shape fails the step with a clear error instead of steering the execution.
 */
import { z } from 'zod';
import { FaceCheckOutcomeSchema } from './photo-record';

const seconds = z.number().int().min(1).max(31_536_000);
const count = z.number().int().min(0).max(100);

/** Steps the app answers at once (it does the work and sends the result). */
export const IMMEDIATE_STEPS = [
  'RemindAboutPhoto',
  'AskForAnotherPhoto',
  'CheckRecord',
  'PlanHrReview',
  'RemindHr',
  'TellManager',
  'Activate',
  'Reject',
] as const;

/** Steps whose token the app stores until something happens (a photo settles, HR decides). */
export const WAITING_STEPS = [
  'WaitForPhoto',
  'AwaitHrDecision',
  'AwaitHrDecisionAfterReminder',
  'AwaitHrDecisionAfterManagerTold',
] as const;

export const WorkflowStepSchema = z.enum([...IMMEDIATE_STEPS, ...WAITING_STEPS]);
export type WorkflowStep = z.infer<typeof WorkflowStepSchema>;

export const HR_DECISION_STEPS: readonly WorkflowStep[] = [
  'AwaitHrDecision',
  'AwaitHrDecisionAfterReminder',
  'AwaitHrDecisionAfterManagerTold',
];

/** Errors the app sends with SendTaskFailure; the definition catches them by name. */
export const WORKFLOW_ERRORS = {
  /** An admin activated or rejected the profile by hand: the execution ends as decided outside, not failed. */
  decidedOutside: 'Workflow.DecidedOutside',
  /** The step's work failed (a store was down): retried by the definition with backoff. */
  taskFailed: 'Workflow.TaskFailed',
} as const;

export const PhotoVerdictSchema = z.enum([
  /** On the profile: verified by the face check, approved by HR, or not checked (the demo seed). */
  'accepted',
  /** Held for HR (needs review, or the check itself failed after retries). */
  'needs-review',
  /** Rejected by the face check, refused by HR, or not an image we can use: the employee is asked again. */
  'rejected',
  /** No photo arrived within the limit and the reminders (set by the definition, not sent by the app). */
  'missing',
]);
export type PhotoVerdict = z.infer<typeof PhotoVerdictSchema>;

export const VerificationLimitsSchema = z.object({
  /** How long one wait for a photo lasts before the employee is reminded. */
  photoWaitSeconds: seconds,
  /** Reminders about a missing photo before HR gets the profile without one. */
  maxPhotoReminders: count,
  /** Rejected photos after which the employee is no longer asked for another (HR gets the profile). */
  maxPhotoAttempts: count,
});
export type VerificationLimits = z.infer<typeof VerificationLimitsSchema>;

export const WorkflowAttemptsSchema = z.object({ photoReminders: count, photoRejections: count });
export type WorkflowAttempts = z.infer<typeof WorkflowAttemptsSchema>;

/** The execution's input, written by the app when it hears `employee.created`. */
export const VerificationInputSchema = z.object({
  employeeId: z.string().uuid(),
  source: z.string().min(1).max(32),
  limits: VerificationLimitsSchema,
  attempts: WorkflowAttemptsSchema,
});
export type VerificationInput = z.infer<typeof VerificationInputSchema>;

/** What every Task state sends (the SQS message body on AWS; the local task call's MessageBody). */
export const WorkflowTaskMessageSchema = z.object({
  /** `$$.Task.Token` on AWS; locally the engine's stand-in, which the local carrier replaces with its own. */
  taskToken: z.string().min(1).max(4096),
  step: WorkflowStepSchema,
  executionId: z.string().min(1).max(2048),
  /** The state's input: the execution input plus the results so far (ResultPaths below). */
  input: VerificationInputSchema.passthrough(),
});
export type WorkflowTaskMessage = z.infer<typeof WorkflowTaskMessageSchema>;

export const PhotoOutcomeSchema = z.object({
  verdict: PhotoVerdictSchema,
  photoId: z.string().uuid().optional(),
  faceCheck: FaceCheckOutcomeSchema.optional(),
  /** For people: why the photo was rejected or held. */
  reason: z.string().max(500).optional(),
});
export type PhotoOutcome = z.infer<typeof PhotoOutcomeSchema>;

export const RECORD_CHECKS = [
  'work-email-domain',
  'unique-employee-number',
  'unique-work-email',
  'manager-active',
] as const;

export const RecordCheckResultSchema = z.object({
  passed: z.boolean(),
  findings: z
    .array(
      z.object({
        check: z.enum(RECORD_CHECKS),
        passed: z.boolean(),
        /** For HR: what was wrong ("The named manager is not active"), naming no one: it stays in the history. */
        detail: z.string().max(500).optional(),
      }),
    )
    .max(RECORD_CHECKS.length),
});
export type RecordCheckResult = z.infer<typeof RecordCheckResultSchema>;

/** Working-day deadlines turned into seconds when the profile reaches HR (the definition cannot count days). */
export const HrReviewPlanSchema = z.object({
  remindHrAfterSeconds: seconds,
  tellManagerAfterSeconds: seconds,
  finalWaitSeconds: seconds,
});
export type HrReviewPlan = z.infer<typeof HrReviewPlanSchema>;

/**
 * HR's decision as the engine gets it: ids and the outcome only. Step Functions keeps a closed execution's
 * history for 90 days and cannot delete it, so the reason HR wrote stays in the database (the waiting row's
 * `decision`: RecordedHrDecisionSchema), where the Reject step reads it and an erasure removes it.
 */
export const HrDecisionSchema = z.object({
  decision: z.enum(['approved', 'rejected']),
  decidedBy: z.string().min(1).max(64),
  decidedAt: z.string().datetime(),
});
export type HrDecision = z.infer<typeof HrDecisionSchema>;

/** HR's decision as the database keeps it: with the reason HR wrote for a rejection. */
export const RecordedHrDecisionSchema = HrDecisionSchema.extend({ reason: z.string().max(500).optional() });
export type RecordedHrDecision = z.infer<typeof RecordedHrDecisionSchema>;

export const StatusOutcomeSchema = z.object({
  /** `unchanged` when the profile was already in that state (a redelivered step). */
  status: z.enum(['active', 'inactive', 'unchanged']),
});

export const NoResultSchema = z.object({}).passthrough();

/** The result schema of each step: the app parses what it sends; tests parse what the engine recorded. */
export const STEP_RESULT_SCHEMAS = {
  WaitForPhoto: PhotoOutcomeSchema,
  RemindAboutPhoto: WorkflowAttemptsSchema,
  AskForAnotherPhoto: WorkflowAttemptsSchema,
  CheckRecord: RecordCheckResultSchema,
  PlanHrReview: HrReviewPlanSchema,
  AwaitHrDecision: HrDecisionSchema,
  AwaitHrDecisionAfterReminder: HrDecisionSchema,
  AwaitHrDecisionAfterManagerTold: HrDecisionSchema,
  RemindHr: NoResultSchema,
  TellManager: NoResultSchema,
  Activate: StatusOutcomeSchema,
  Reject: StatusOutcomeSchema,
} as const satisfies Record<WorkflowStep, z.ZodTypeAny>;

/** The execution's name: one per employee, so a redelivered `employee.created` never starts a second one. */
export function verificationExecutionName(employeeId: string): string {
  return `verify-${employeeId}`;
}
