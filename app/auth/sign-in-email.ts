/**
 * The email a person types to sign in or to ask for a reset link (browser-safe): trimmed, lower-cased, at
 * most 254 characters (the longest address SMTP carries). Each form words its own messages.
 */
import { z } from 'zod';

export const EMAIL_MAX_LENGTH = 254;

export function signInEmailSchema(messages: { missing: string; invalid: string }) {
  return z
    .string({ required_error: messages.missing })
    .trim()
    .toLowerCase()
    .min(1, messages.missing)
    .email(messages.invalid)
    .max(EMAIL_MAX_LENGTH, `An email address has at most ${EMAIL_MAX_LENGTH} characters`);
}
