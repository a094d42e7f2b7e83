/**
 * Which language and time zone a request is answered in (docs/decisions/335-which-language.md): the person's
 * stored choice, else the `lang` cookie the switcher sets (kept after sign-out), else the browser's
 * Accept-Language, else English. The time zone is the one the browser reported in the `tz` cookie (set by the
 * page's first script: app/i18n/document-intl.tsx), if it is one Intl knows, else UTC.
 */
import { DEFAULT_LANGUAGE, isLanguage, type Language } from './languages';
import { languageFromAcceptLanguage } from './negotiate';

export const LANGUAGE_COOKIE = 'lang';
export const TIME_ZONE_COOKIE = 'tz';
export const DEFAULT_TIME_ZONE = 'UTC';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** One cookie's value from the Cookie header, or null. Plain values only: these two cookies are not signed. */
export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The language without the person's stored choice: the cookie, the header, English. */
export function browserLanguage(request: Request): Language {
  const fromCookie = readCookie(request, LANGUAGE_COOKIE);
  if (isLanguage(fromCookie)) return fromCookie;
  return languageFromAcceptLanguage(request.headers.get('accept-language')) ?? DEFAULT_LANGUAGE;
}

export function requestLanguage(request: Request, storedChoice: string | null | undefined): Language {
  return isLanguage(storedChoice) ? storedChoice : browserLanguage(request);
}

let knownZones: Set<string> | undefined;

export function viewerTimeZone(request: Request): string {
  const zone = readCookie(request, TIME_ZONE_COOKIE);
  if (!zone || zone.length > 64) return DEFAULT_TIME_ZONE;
  knownZones ??= new Set([...Intl.supportedValuesOf('timeZone'), DEFAULT_TIME_ZONE]);
  return knownZones.has(zone) ? zone : DEFAULT_TIME_ZONE;
}

/** Readable by the server only, for a year, sent on top-level navigations from other sites too (Lax). */
export function languageCookie(language: Language, secure: boolean): string {
  return `${LANGUAGE_COOKIE}=${language}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax; HttpOnly${secure ? '; Secure' : ''}`;
}

/** Removes the choice the cookie held (the browser's Accept-Language decides again): same name, path and flags. */
export function clearedLanguageCookie(secure: boolean): string {
  return `${LANGUAGE_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly${secure ? '; Secure' : ''}`;
}
