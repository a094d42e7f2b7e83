/**
 * The password rule, shared by the sign-up, change and reset forms and their actions (browser-safe).
 * Length over composition rules (NIST SP 800-63B): at least 10 characters, not a common password,
 * and not built from the account's own email or name.
 */
import { z } from 'zod';
import { isCommonPassword } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export const passwordSchema = z
  .string({ required_error: 'Enter a password' })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`)
  .refine((value) => !isCommonPassword(value), 'This password is too common; choose another')
  .refine((value) => new Set(value).size >= 4, 'Use a less repetitive password');

/** The personal check: the password must not be (or merely contain) the email's local part or a name. */
export function personalPasswordProblem(
  password: string,
  personal: { email?: string | null; names?: Array<string | null | undefined> },
): string | null {
  const lowered = password.toLowerCase();
  const words = [personal.email?.split('@')[0], ...(personal.names ?? [])]
    .map((word) => word?.trim().toLowerCase())
    .filter((word): word is string => Boolean(word && word.length >= 3));
  for (const word of words) {
    // A password that is mostly the person's own name or email is guessable whatever its length.
    if (lowered.includes(word) && lowered.length - word.length < 6) {
      return 'Do not build the password from your name or email';
    }
  }
  return null;
}
