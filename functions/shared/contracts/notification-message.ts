/**
 * Messages published to the notifications SNS topic. Subscribers (HR email, later a verification workflow)
 * rely on this shape: change it only by adding optional fields or a new `type`, and bump `version` if not.
 */
import { z } from 'zod';

export const employeeCreatedMessageSchema = z.object({
  type: z.literal('employee.created'),
  version: z.literal(1),
  messageId: z.string().uuid(),
  occurredAt: z.string().datetime(),
  employee: z.object({
    id: z.string().uuid(),
    employeeNumber: z.string(),
    displayName: z.string(),
    workEmail: z.string().email(),
    jobTitle: z.string(),
    department: z.string(),
    status: z.enum(['pending', 'active', 'inactive']),
    profileUrl: z.string().url().nullable(),
  }),
});

/** A profile has waited for HR's decision in the verification workflow for this many working days. */
export const verificationReminderMessageSchema = z.object({
  type: z.literal('employee.verification-reminder'),
  version: z.literal(1),
  messageId: z.string().uuid(),
  occurredAt: z.string().datetime(),
  employee: z.object({
    id: z.string().uuid(),
    employeeNumber: z.string(),
    displayName: z.string(),
    department: z.string(),
  }),
  waitingWorkingDays: z.number().int().min(0),
  /** HR's pending page (no personal link: it needs an admin's session). */
  reviewUrl: z.string().url().nullable(),
});

/**
 * A profile was erased and the people who reported to it now have no manager: HR picks a new one. Names only the
 * reports (the erased person is named by nothing but the message's existence).
 */
export const reportsUnassignedMessageSchema = z.object({
  type: z.literal('employee.reports-unassigned'),
  version: z.literal(1),
  messageId: z.string().uuid(),
  occurredAt: z.string().datetime(),
  reports: z
    .array(
      z.object({
        id: z.string().uuid(),
        employeeNumber: z.string(),
        displayName: z.string(),
        profileUrl: z.string().url().nullable(),
      }),
    )
    .min(1),
});

/**
 * Every message type on the topic. The topic carries events for HR and systems only: notices for one
 * employee (a reset link, an activation) are emailed to that employee and never published here.
 */
export const notificationMessageSchema = z.discriminatedUnion('type', [
  employeeCreatedMessageSchema,
  verificationReminderMessageSchema,
  reportsUnassignedMessageSchema,
]);

export type EmployeeCreatedMessage = z.infer<typeof employeeCreatedMessageSchema>;
export type VerificationReminderMessage = z.infer<typeof verificationReminderMessageSchema>;
export type ReportsUnassignedMessage = z.infer<typeof reportsUnassignedMessageSchema>;
export type NotificationMessage = z.infer<typeof notificationMessageSchema>;
