/**
 * The message catalogues, read once per process (docs/decisions/334-messages-in-icu-catalogues.md):
 * `app/locales/<language>/<area>.json`, flat ids that start with their area ("signIn.title"), ICU MessageFormat
 * text. Each language's messages are parsed once into one `IntlShape` (react-intl's formatter, shared by every
 * request, as formatting never mutates it) and serialised once for the browser, so a request pays for neither.
 * English is the source: a message a translation lacks falls back to the English text (the catalogue check in
 * the test command fails long before that reaches anyone; scripts/check-catalogues.ts).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
// react-intl's createIntl is @formatjs/intl's with React elements allowed in rich text; it needs no React to run.
import { createIntl, createIntlCache, type IntlShape } from 'react-intl';
import { z } from 'zod';
import { BROWSER_MESSAGES_GLOBAL } from './document-intl';
import { DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, type Language } from './languages';

export type Messages = Record<string, string>;

/**
 * Relative to the working directory, where server.js, the tests and the packaged app all run (the artifact
 * carries this folder: scripts/package-app.ts), so translators edit JSON and no build step copies it.
 */
export const LOCALES_DIR = resolve('app/locales');

const catalogueFileSchema = z.record(z.string().min(1), z.string());

/** One language's catalogue files, by area (the file's name without `.json`). */
export function readLanguageFiles(dir: string): Map<string, Messages> {
  const areas = new Map<string, Messages>();
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const area = file.slice(0, -'.json'.length);
    const parsed = catalogueFileSchema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) throw new Error(`${join(dir, file)}: not a flat object of message ids to text`);
    areas.set(area, parsed.data);
  }
  return areas;
}

/**
 * Areas only the server formats (form errors worded in actions, the emails, the local identity provider's pages,
 * /me's action messages, the privacy page's facts worded by its loader, the archive's README): kept out of the
 * page, which is smaller for it and does not carry sentences the page must not show (that an address already has
 * an account; a test checks a refused password change does not say it changed). A message the browser formats
 * itself (the photo picker's own check) lives in its component's area.
 */
export const SERVER_ONLY_AREAS = new Set([
  'formErrors',
  'email',
  'localIdp',
  'meActions',
  'privacyFacts',
  'myDataReadme',
]);

/**
 * The browser's messages for one language (no server-only area) as a script file of their own, named by its
 * content (docs/decisions/337-catalogue-as-a-cached-script.md): a page links it from <head> and the browser keeps
 * it until a deploy changes that language's messages. Served by server.js (app/i18n/catalogue-asset.server.ts).
 */
export interface BrowserCatalogue {
  /** `/locales/de.3f9a0c1b2d4e5f60.js`: the language and the first 16 hex digits of the body's SHA-256. */
  path: string;
  /** `window.__xyzMessages={...};` (app/i18n/document-intl.tsx reads it). */
  body: string;
  hash: string;
}

export interface LoadedLanguage {
  messages: Messages;
  intl: IntlShape;
  browser: BrowserCatalogue;
}

/** Where pages find the browser catalogues: server.js answers this prefix before Remix sees the request. */
export const BROWSER_CATALOGUE_PREFIX = '/locales/';

export function browserCatalogue(language: Language, messages: Messages): BrowserCatalogue {
  const body = `window.${BROWSER_MESSAGES_GLOBAL}=${scriptSafeJson({ locale: language, messages })};\n`;
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { path: `${BROWSER_CATALOGUE_PREFIX}${language}.${hash}.js`, body, hash };
}

/** A message id with no text anywhere: logged once per id, then the id itself is shown (react-intl's fallback). */
export type MissingMessageReport = (language: Language, id: string) => void;

function flatten(areas: Map<string, Messages>, keep: (area: string) => boolean = () => true): Messages {
  return Object.assign({}, ...[...areas].filter(([area]) => keep(area)).map(([, messages]) => messages)) as Messages;
}

/**
 * JSON that is safe inside a <script>, inline or not: no `</script>`, no `<!--`, no line separators that end a
 * string in older engines.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function loadCatalogues(dir: string, report: MissingMessageReport): Record<Language, LoadedLanguage> {
  const englishAreas = readLanguageFiles(join(dir, DEFAULT_LANGUAGE));
  const english = flatten(englishAreas);
  const englishInBrowser = flatten(englishAreas, (area) => !SERVER_ONLY_AREAS.has(area));
  const loaded = {} as Record<Language, LoadedLanguage>;
  for (const language of SUPPORTED_LANGUAGES) {
    const areas = readLanguageFiles(join(dir, language));
    const messages = { ...english, ...flatten(areas) };
    const inBrowser = { ...englishInBrowser, ...flatten(areas, (area) => !SERVER_ONLY_AREAS.has(area)) };
    const reported = new Set<string>();
    const intl = createIntl(
      {
        locale: language,
        defaultLocale: DEFAULT_LANGUAGE,
        messages,
        onError(error) {
          // The only error worth a line is an id no catalogue has; anything else is the catalogue check's job.
          const id = /"([^"]+)"/.exec(error.message)?.[1] ?? error.message;
          if (reported.has(id)) return;
          reported.add(id);
          report(language, id);
        },
      },
      createIntlCache(),
    );
    loaded[language] = { messages, intl, browser: browserCatalogue(language, inBrowser) };
  }
  return loaded;
}

let catalogues: Record<Language, LoadedLanguage> | undefined;

function reportToLog(language: Language, id: string) {
  process.stdout.write(
    JSON.stringify({ time: new Date().toISOString(), level: 'warn', message: 'message id missing', language, id }) +
      '\n',
  );
}

/** This process's catalogues, read on first use. */
export function catalogue(language: Language): LoadedLanguage {
  catalogues ??= loadCatalogues(LOCALES_DIR, reportToLog);
  return catalogues[language];
}
