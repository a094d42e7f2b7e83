/**
 * Where to go after sign-in: only a path on this site. Anything else (absolute URLs, protocol-relative
 * `//evil.example`, backslash tricks, control characters) falls back to the default.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/me'): string {
  if (!to || typeof to !== 'string') return fallback;
  if (!to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\\]/.test(to)) return fallback;
  if (to.startsWith('/logout')) return fallback;
  return to;
}
