/**
 * Password-reset links. Asking for one records an `employee.password-reset-requested` event (version 2) that
 * carries no token; the personal-notices subscriber mints the token when it sends the email
 * (mintPasswordResetLink), so the raw token exists only in that email and its hash in the database
 * (docs/decisions/308-personal-notices-by-email.md).
 */
import type { Language } from '~/i18n/languages';
import { createResetToken } from '~/models/password-reset-tokens.server';
import type { Platform } from '~/platform.server';
import { recordEvent } from './domain-events.server';
import { SYSTEM_ACTOR } from './employees.server';

/**
 * `askedIn`: the language of the page the person asked from; the email is in it unless they have chosen one
 * (app/services/email-language.server.ts).
 */
export async function sendPasswordResetLink(
  platform: Pick<Platform, 'db'>,
  employeeId: string,
  baseUrl: string,
  askedIn?: Language,
): Promise<void> {
  await recordEvent(platform.db, {
    type: 'employee.password-reset-requested',
    version: 2,
    employeeId,
    actorId: SYSTEM_ACTOR,
    baseUrl: new URL(baseUrl).origin,
    ...(askedIn ? { language: askedIn } : {}),
  });
}

/** Stores a fresh token's hash (one hour, single use) and returns the link that carries the token. */
export async function mintPasswordResetLink(
  platform: Pick<Platform, 'db'>,
  employeeId: string,
  baseUrl: string,
  now = Date.now(),
): Promise<string> {
  const token = await createResetToken(platform.db, employeeId, now);
  return `${new URL(baseUrl).origin}/reset-password?${new URLSearchParams({ token })}`;
}
