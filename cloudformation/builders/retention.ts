/**
 * Retention periods as stack parameters (docs/decisions/321-retention-periods-and-sweep.md): the app's retention
 * sweep erases rejected or abandoned applications and deactivated profiles, and deletes a deactivated person's
 * face references, after these many days, warning HR ahead. Passed to the instances as RETENTION_* (their ranges
 * and defaults are the app's own: app/config/privacy-settings.server.ts).
 */
import type { Fragment } from '../lib/fragment.js';
import { P } from '../ids.js';

const days = (Default: number, MinValue: number, MaxValue: number, Description: string) => ({
  Type: 'Number',
  Default,
  MinValue,
  MaxValue,
  Description,
});

export function retention(): Fragment {
  return {
    Parameters: {
      [P.RetentionRejectedApplicationDays]: days(
        90,
        1,
        3650,
        'Days a rejected or abandoned (never completed) application is kept before it is erased',
      ),
      [P.RetentionDeactivatedProfileDays]: days(730, 1, 3650, 'Days a deactivated profile is kept before it is erased'),
      [P.RetentionFaceAfterDeactivationDays]: days(
        30,
        0,
        3650,
        "Days a deactivated person's face references are kept before they are deleted",
      ),
      [P.RetentionWarningDays]: days(7, 0, 90, 'Days ahead that HR is told before the sweep erases or deletes'),
    },
  };
}

/** The instances' environment for the retention sweep (merged into the app's environment file). */
export function retentionEnvironment(): Record<string, string> {
  return {
    RETENTION_REJECTED_APPLICATION_DAYS: `\${${P.RetentionRejectedApplicationDays}}`,
    RETENTION_DEACTIVATED_PROFILE_DAYS: `\${${P.RetentionDeactivatedProfileDays}}`,
    RETENTION_FACE_AFTER_DEACTIVATION_DAYS: `\${${P.RetentionFaceAfterDeactivationDays}}`,
    RETENTION_WARNING_DAYS: `\${${P.RetentionWarningDays}}`,
  };
}
