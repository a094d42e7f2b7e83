/**
 * What a person reads while the sign-in throttle holds their attempts (decision 303): the same words on the
 * sign-in form and on /me's password change, which counts wrong current passwords the same way.
 */
export function signInPausedMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many failed attempts. For your security, sign-in is paused for about ${minutes} minute${minutes === 1 ? '' : 's'}. You can also reset your password.`;
}
