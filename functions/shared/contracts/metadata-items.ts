/** The shapes of the profile-extras and activity items in the metadata table (see docs/dynamodb-design.md). */
import { z } from 'zod';

export const profileExtrasSchema = z.object({
  pronouns: z.string().trim().max(40).optional(),
  timeZone: z.string().trim().max(64).optional(),
  skills: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
  links: z
    .array(
      z.object({
        label: z.string().trim().min(1).max(40),
        url: z
          .string()
          .url()
          .max(500)
          .refine((u) => /^https?:/.test(u), 'must be an http(s) link'),
      }),
    )
    .max(10)
    .default([]),
});
export type ProfileExtras = z.infer<typeof profileExtrasSchema>;

export const activityEntrySchema = z.object({
  employeeId: z.string().uuid(),
  eventId: z.string().uuid(),
  at: z.string().datetime(),
  /** Who acted: the employee, an admin, or `system` (the seed, the photo pipeline). */
  actorId: z.string().max(64),
  action: z.string().max(64),
  /** Field names that changed, never their values: the log must not copy personal data. */
  changedFields: z.array(z.string().max(64)).max(50).default([]),
  note: z.string().max(500).optional(),
});
export type ActivityEntry = z.infer<typeof activityEntrySchema>;
