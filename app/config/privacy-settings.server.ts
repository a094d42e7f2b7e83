import { z } from 'zod';

/**
 * What the product promises about personal data, in one place: the face-check notice's version, how long each
 * kind of record is kept, and how often the retention sweep looks. The privacy page (/privacy), the consent
 * notice, the retention sweep and the README's table all read these values, so what a person is told cannot
 * drift from what the code does.
 */
export const PrivacySettingsSchema = z.object({
  /**
   * The face-check notice a person agrees to. Raise it when the notice's words change: everyone is asked again
   * at their next upload.
   */
  FACE_CHECK_NOTICE_VERSION: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'must be a short version label such as 2026-12-07')
    .default('2026-12-07'),
  /** A rejected or abandoned application (never activated) is erased this many days after it ended. */
  RETENTION_REJECTED_APPLICATION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** A deactivated profile is erased this many days after its deactivation. */
  RETENTION_DEACTIVATED_PROFILE_DAYS: z.coerce.number().int().min(1).max(3650).default(730),
  /** A deactivated person's face references are deleted this many days after deactivation. */
  RETENTION_FACE_AFTER_DEACTIVATION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** HR is told this many days before the sweep erases someone. */
  RETENTION_WARNING_DAYS: z.coerce.number().int().min(0).max(90).default(7),
  /** Tests and demos only: a retention day lasts this many seconds (the sweep then runs once per such day). */
  RETENTION_DAY_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
});

export type PrivacySettings = z.infer<typeof PrivacySettingsSchema>;

/** How long one retention day lasts, in milliseconds (a real day unless a test shortens it). */
export function retentionDayMs(settings: Pick<PrivacySettings, 'RETENTION_DAY_SECONDS'>): number {
  return (settings.RETENTION_DAY_SECONDS ?? 86_400) * 1000;
}
