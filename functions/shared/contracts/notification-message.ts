/**
 * Messages published to the notifications SNS topic. Subscribers (HR email, later a verification workflow)
 * rely on this shape: change it only by adding optional fields or a new `type`, and bump `version` if not.
 *
 * Version 2 carries ids and what happened, never a personal value (name, email, employee number, job):
 * SNS hands messages to inboxes and endpoints this product cannot erase from, so a reader follows the
 * profile link, behind HR's sign-in, to see who it is (docs/decisions/021-events-carry-ids-only.md).
 */
import { z } from 'zod';

export const employeeCreatedMessageSchema = z.object({
  type: z.literal('employee.created'),
  version: z.literal(2),
  messageId: z.string().uuid(),
  occurredAt: z.string().datetime(),
  employee: z.object({
    id: z.string().uuid(),
    status: z.enum(['pending', 'active', 'inactive']),
    /** The profile in the app (HR's session needed), or null without a configured PUBLIC_URL. */
    profileUrl: z.string().url().nullable(),
  }),
});

/** A profile has waited for HR's decision in the verification workflow for this many working days. */
export const verificationReminderMessageSchema = z.object({
  type: z.literal('employee.verification-reminder'),
  version: z.literal(2),
  messageId: z.string().uuid(),
  occurredAt: z.string().datetime(),
  employee: z.object({ id: z.string().uuid() }),
  waitingWorkingDays: z.number().int().min(0),
  /** HR's pending page (no personal link: it needs an admin's session). */
  reviewUrl: z.string().url().nullable(),
});

/** The retention sweep will erase a profile, or delete face references, on `dueAt` (HR may still act before). */
export const retentionDueMessageSchema = z.object({
  type: z.literal('employee.retention-due'),
  version: z.literal(1),
  messageId: z.string().uuid(),
  occurredAt: z.string().datetime(),
  employee: z.object({ id: z.string().uuid(), profileUrl: z.string().url().nullable() }),
  /** `application`: a rejected or abandoned application; `profile`: a deactivated profile; `face`: face references. */
  kind: z.enum(['application', 'profile', 'face']),
  action: z.enum(['erase', 'delete-face-references']),
  dueAt: z.string().datetime(),
});

/**
 * A profile was erased and the people who reported to it now have no manager: HR picks a new one. Carries the
 * reports' ids and links only, like every message here; the erased person is named by nothing.
 */
export const reportsUnassignedMessageSchema = z.object({
  type: z.literal('employee.reports-unassigned'),
  version: z.literal(1),
  messageId: z.string().uuid(),
  occurredAt: z.string().datetime(),
  reports: z.array(z.object({ id: z.string().uuid(), profileUrl: z.string().url().nullable() })).min(1),
});

/**
 * Every message type on the topic. The topic carries events for HR and systems only: notices for one
 * employee (a reset link, an activation) are emailed to that employee and never published here.
 */
export const notificationMessageSchema = z.discriminatedUnion('type', [
  employeeCreatedMessageSchema,
  verificationReminderMessageSchema,
  reportsUnassignedMessageSchema,
  retentionDueMessageSchema,
]);

export type EmployeeCreatedMessage = z.infer<typeof employeeCreatedMessageSchema>;
export type VerificationReminderMessage = z.infer<typeof verificationReminderMessageSchema>;
export type ReportsUnassignedMessage = z.infer<typeof reportsUnassignedMessageSchema>;
export type RetentionDueMessage = z.infer<typeof retentionDueMessageSchema>;
export type NotificationMessage = z.infer<typeof notificationMessageSchema>;
