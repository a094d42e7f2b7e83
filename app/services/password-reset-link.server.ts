/**
 * Sends a one-time password-reset link: the token is stored (as its hash) and the
 * `employee.password-reset-requested` event carries the link to the notification subscriber.
 */
import { createResetToken, RESET_TOKEN_TTL_MS } from '~/models/password-reset-tokens.server';
import type { Platform } from '~/platform.server';
import { recordEvent } from './domain-events.server';
import { SYSTEM_ACTOR } from './employees.server';

export async function sendPasswordResetLink(
  platform: Platform,
  employeeId: string,
  baseUrl: string,
  now = Date.now(),
): Promise<void> {
  const token = await createResetToken(platform.db, employeeId, now);
  await recordEvent(platform.db, {
    type: 'employee.password-reset-requested',
    version: 1,
    employeeId,
    actorId: SYSTEM_ACTOR,
    link: `${baseUrl}/reset-password?${new URLSearchParams({ token })}`,
    expiresAt: new Date(now + RESET_TOKEN_TTL_MS).toISOString(),
  });
}
