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

/** A message addressed to one employee (a password reset link, a rejection reason). */
export const employeeNoticeMessageSchema = z.object({
  type: z.enum(['employee.password-reset', 'employee.rejected', 'employee.activated']),
  version: z.literal(1),
  messageId: z.string().uuid(),
  occurredAt: z.string().datetime(),
  recipient: z.object({ employeeId: z.string().uuid(), workEmail: z.string().email() }),
  text: z.string().max(4000),
  link: z.string().url().nullable(),
});

export const notificationMessageSchema = z.discriminatedUnion('type', [
  employeeCreatedMessageSchema,
  employeeNoticeMessageSchema,
]);

export type EmployeeCreatedMessage = z.infer<typeof employeeCreatedMessageSchema>;
export type EmployeeNoticeMessage = z.infer<typeof employeeNoticeMessageSchema>;
export type NotificationMessage = z.infer<typeof notificationMessageSchema>;
