/**
 * No English left in a page rendered in another language (docs/decisions/334-messages-in-icu-catalogues.md): each
 * main page is rendered in English and in the language, on the same seeded data, and every visible text node of the
 * language's rendering that is also a text node of the English one fails the test, named with its page, unless it
 * is data (a name, an email, a title or any other value people typed: every string the data tables hold) or a text
 * the language's catalogue keeps as in English (German "Name", French "Photo": a value equal to its English value).
 * A label someone forgot to put through the catalogue is English in both renderings and is caught; a translated
 * sentence with an English word inside is e2e/languages.spec.ts's to find.
 *
 * Each language's catalogue is checked on the way to come as its own script, allowed by the CSP and kept by the
 * browser for a year (docs/decisions/337-catalogue-as-a-cached-script.md).
 *
 * The pages are PAGES below: every main page a visitor, an employee and HR see. A new page joins the list.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { QueryTypes } from 'sequelize';
import { LANGUAGE_NAMES } from '~/i18n/languages';
import { E2E_BASE_URL } from './e2e-env';
import {
  confirmedJoinPath,
  deleteTestEmployee,
  e2eDatabase,
  expect,
  insertTestEmployee,
  sessionCookieValue,
  test,
  type TestEmployee,
} from './fixtures';

/** Who looks at a page: nobody signed in, an employee, or HR. */
type Viewer = 'visitor' | 'employee' | 'hr';

interface Seeded {
  /** The person whose profile and HR page are looked at. */
  colleague: TestEmployee;
  employee: TestEmployee;
  hr: TestEmployee;
  joinFormPath: string;
}

interface PageToCheck {
  name: string;
  as: Viewer;
  path: (seeded: Seeded) => string;
}

/** The main pages whose words are translated: each is checked in every language. */
const PAGES: PageToCheck[] = [
  { name: 'sign-in', as: 'visitor', path: () => '/login' },
  { name: 'join', as: 'visitor', path: () => '/join' },
  { name: 'join form', as: 'visitor', path: (seeded) => seeded.joinFormPath },
  { name: 'password reset', as: 'visitor', path: () => '/forgot-password' },
  { name: 'not found', as: 'visitor', path: () => '/no/such/page' },
  { name: 'the directory', as: 'employee', path: () => '/employees' },
  { name: 'a profile', as: 'employee', path: (seeded) => `/employees/${seeded.colleague.id}` },
  { name: '/me', as: 'employee', path: () => '/me' },
  { name: 'the org chart', as: 'employee', path: () => '/org' },
  { name: 'privacy', as: 'employee', path: () => '/privacy' },
  { name: "HR's queue", as: 'hr', path: () => '/admin' },
  { name: 'people', as: 'hr', path: () => '/admin/people' },
  { name: "an employee's HR page", as: 'hr', path: (seeded) => `/admin/employees/${seeded.colleague.id}` },
  { name: 'fields', as: 'hr', path: () => '/admin/fields' },
  { name: 'import', as: 'hr', path: () => '/admin/import' },
  { name: 'insights', as: 'hr', path: () => '/admin/insights' },
  { name: 'notifications', as: 'hr', path: () => '/admin/notifications' },
  { name: 'SCIM', as: 'hr', path: () => '/admin/scim' },
  { name: 'webhooks', as: 'hr', path: () => '/admin/webhooks' },
  { name: 'changes to approve', as: 'hr', path: () => '/admin/field-changes' },
  { name: 'reporting lines', as: 'hr', path: () => '/admin/org-health' },
];

const LANGUAGES = ['de', 'fr', 'es'] as const;

const LOCALES = path.resolve('app/locales');
function catalogue(language: string): Record<string, string> {
  return Object.assign(
    {},
    ...readdirSync(path.join(LOCALES, language))
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.parse(readFileSync(path.join(LOCALES, language, file), 'utf8')) as Record<string, string>),
  );
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The texts the language keeps as in English: its catalogue's values equal to their English value (an argument in
 * one matches anything: "{label} (optional)" in German).
 */
function keptAsInEnglish(language: string): RegExp[] {
  const english = catalogue('en');
  const same = Object.entries(catalogue(language))
    .filter(([id, text]) => english[id] === text)
    .map(([, text]) => text);
  return same.map(
    (text) =>
      new RegExp(
        `^${text
          .split(/\{[^{}]*\}/)
          .map((part) => escapeRegExp(part.trim()))
          .join('.+')}$`,
        'su',
      ),
  );
}

/** The tables that hold what people (and the demo seed) typed. */
const DATA_TABLES = ['employees', 'field_definitions', 'webhook_endpoints', 'scim_tokens', 'field_change_requests'];

/** Every string the data tables hold, JSON columns opened, longest first: what a page shows as data. */
async function dataValues(): Promise<string[]> {
  const values = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') {
      const text = value.replace(/\s+/g, ' ').trim();
      if (/^[[{]/.test(text)) {
        try {
          return collect(JSON.parse(text));
        } catch {
          // Not JSON after all: a value that starts with a bracket.
        }
      }
      if (!/\p{L}/u.test(text) || text.length > 500) return;
      values.add(text);
      // A list typed as one value (skills) is shown an item at a time.
      if (text.includes(',')) for (const item of text.split(',')) if (/\p{L}/u.test(item)) values.add(item.trim());
    } else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  for (const table of DATA_TABLES) {
    collect(await e2eDatabase().sequelize.query(`SELECT * FROM ${table}`, { type: QueryTypes.SELECT }));
  }
  // A person without a photo is shown by their initials.
  const names = await e2eDatabase().sequelize.query<{ first: string; last: string }>(
    'SELECT first_name AS first, last_name AS last FROM employees',
    { type: QueryTypes.SELECT },
  );
  for (const { first, last } of names) values.add(`${first.charAt(0)}${last.charAt(0)}`.toUpperCase());
  // Not data, but the same in every language wherever they stand: the product's name, the languages' names.
  for (const name of ['XYZ People', 'XYZ', ...Object.values(LANGUAGE_NAMES)]) values.add(name);
  return [...values].sort((a, b) => b.length - a.length);
}

/**
 * A text made only of data values (and the punctuation and digits between them), the start of one cut short
 * with an ellipsis (a long title on an org chart card), or a web or email address.
 */
function isData(text: string, data: string[]): boolean {
  if (/^(https?:\/\/\S+|\S+@\S+)$/.test(text)) return true;
  if (text.endsWith('…') && data.some((value) => value.startsWith(text.slice(0, -1).trimEnd()))) return true;
  let rest = text;
  for (const value of data) {
    if (!rest.includes(value)) continue;
    rest = rest.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(value)}(?![\\p{L}\\p{N}])`, 'gu'), ' ');
    if (!/\p{L}/u.test(rest)) return true;
  }
  return !/\p{L}/u.test(rest);
}

/**
 * The page's visible texts: its text nodes with a letter (not in scripts, styles or hidden elements), the
 * placeholders and button values of visible fields, the chosen option of each visible select, and the title.
 */
function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const normal = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
    // Code (an event's name, a column's, an address) reads the same in every language.
    const shown = (element: Element) =>
      !element.closest('script, style, noscript, template, code, kbd, samp') &&
      element.checkVisibility({ visibilityProperty: true, opacityProperty: true });
    const texts: string[] = [normal(document.title)];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent && !(parent instanceof HTMLOptionElement) && shown(parent)) texts.push(normal(node.textContent));
    }
    for (const field of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
      'input[placeholder], textarea[placeholder]',
    ))
      if (shown(field)) texts.push(normal(field.placeholder));
    for (const button of document.querySelectorAll<HTMLInputElement>('input[type=submit], input[type=button]'))
      if (shown(button)) texts.push(normal(button.value));
    for (const select of document.querySelectorAll('select'))
      if (shown(select)) texts.push(normal(select.selectedOptions[0]?.textContent));
    return texts.filter((text) => /\p{L}/u.test(text));
  });
}

/** One browser context per language, signed in as each viewer in turn (a session cookie swapped in). */
class Visitor {
  private signedInAs: Viewer = 'visitor';
  /** The browser's refusals of the catalogue's script under the CSP (docs/decisions/337-*.md): none expected. */
  readonly catalogueRefusals: string[] = [];
  private constructor(
    private readonly context: BrowserContext,
    readonly page: Page,
    private readonly sessions: Record<Exclude<Viewer, 'visitor'>, string>,
  ) {
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && text.includes('Content Security Policy') && text.includes('/locales/'))
        this.catalogueRefusals.push(text);
    });
  }

  static async open(browser: Browser, language: string, seeded: Seeded): Promise<Visitor> {
    const context = await browser.newContext({ baseURL: E2E_BASE_URL, locale: language === 'en' ? 'en-US' : language });
    // The cookie the switcher sets: the language whoever is signed in (the seeded people chose none).
    if (language !== 'en') await context.addCookies([{ name: 'lang', value: language, url: E2E_BASE_URL }]);
    return new Visitor(context, await context.newPage(), {
      employee: await sessionCookieValue(seeded.employee),
      hr: await sessionCookieValue(seeded.hr),
    });
  }

  async texts(viewer: Viewer, pathname: string): Promise<string[]> {
    if (viewer !== this.signedInAs) {
      await this.context.clearCookies({ name: 'session' });
      if (viewer !== 'visitor')
        await this.context.addCookies([
          { name: 'session', value: this.sessions[viewer], url: E2E_BASE_URL, httpOnly: true, sameSite: 'Lax' },
        ]);
      this.signedInAs = viewer;
    }
    const response = await this.page.goto(pathname);
    expect(response?.status(), pathname).toBeLessThan(500);
    return visibleTexts(this.page);
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

let seeded: Seeded;
let data: string[];
/** The English rendering of each page, made once for the three languages. */
const englishTexts = new Map<string, Set<string>>();
let english: Visitor | undefined;

test.beforeAll(async () => {
  const joinEmail = `e2e-leftovers-${Date.now()}@xyz.example`;
  seeded = {
    colleague: await insertTestEmployee({ jobTitle: 'Platform Engineer', department: 'Engineering' }),
    employee: await insertTestEmployee(),
    hr: await insertTestEmployee({ role: 'admin', department: 'People', jobTitle: 'HR Business Partner' }),
    joinFormPath: await confirmedJoinPath(joinEmail),
  };
  data = [...(await dataValues()), joinEmail];
});

test.afterAll(async () => {
  await english?.close();
  for (const person of [seeded.colleague, seeded.employee, seeded.hr]) await deleteTestEmployee(person.id);
});

test.describe('no English left in a translated page', () => {
  for (const language of LANGUAGES) {
    test(`${language}: the translated main pages`, async ({ browser }) => {
      english ??= await Visitor.open(browser, 'en', seeded);
      const visitor = await Visitor.open(browser, language, seeded);
      const kept = keptAsInEnglish(language);
      const leftovers: string[] = [];
      try {
        // Signed out first, then as an employee, then as HR: each viewer's session is set once.
        for (const viewer of ['visitor', 'employee', 'hr'] as const) {
          for (const checked of PAGES.filter((page) => page.as === viewer)) {
            const pathname = checked.path(seeded);
            let inEnglish = englishTexts.get(checked.name);
            if (!inEnglish) {
              inEnglish = new Set(await english.texts(viewer, pathname));
              englishTexts.set(checked.name, inEnglish);
            }
            const texts = await visitor.texts(viewer, pathname);
            await expect(visitor.page.locator('html')).toHaveAttribute('lang', language);
            for (const text of new Set(texts)) {
              if (!inEnglish.has(text) || kept.some((pattern) => pattern.test(text)) || isData(text, data)) continue;
              leftovers.push(`${checked.name} (${pathname}): "${text}"`);
            }
          }
        }
        // The language's catalogue came as its own script, kept by the browser (docs/decisions/337-*.md).
        const script = await visitor.page.locator('script[src^="/locales/"]').getAttribute('src');
        expect(script).toMatch(new RegExp(`^/locales/${language}\\.[0-9a-f]{16}\\.js$`));
        const answer = await visitor.page.request.get(script!);
        expect(answer.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
      } finally {
        await visitor.close();
      }
      expect(visitor.catalogueRefusals, "the catalogue's script refused by the CSP").toEqual([]);
      expect(leftovers, `English text on ${language} pages`).toEqual([]);
    });
  }
});
