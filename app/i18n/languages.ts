/**
 * The languages the product speaks (docs/decisions/334-messages-in-icu-catalogues.md). Adding one is a folder of
 * catalogues (`app/locales/<code>/`, the same files as `app/locales/en/`) and one line here: its code and its name
 * in its own language, as the switcher shows it (a name a reader of that language recognises whatever the page's
 * language is, so it is not in the catalogues). Browser-safe.
 */
import { z } from 'zod';

export const LANGUAGE_NAMES = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
} as const;

export type Language = keyof typeof LANGUAGE_NAMES;

/** English is the source catalogue and the answer when nothing else decides. */
export const DEFAULT_LANGUAGE: Language = 'en';

export const SUPPORTED_LANGUAGES = Object.keys(LANGUAGE_NAMES) as Language[];

export const languageSchema = z.enum(SUPPORTED_LANGUAGES as [Language, ...Language[]]);

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(LANGUAGE_NAMES, value);
}

/**
 * What /me's setting sends for "my browser's language": no stored choice, so the browser's Accept-Language decides
 * (app/routes/language.tsx clears the stored choice and the cookie).
 */
export const BROWSER_LANGUAGE_CHOICE = 'browser';
