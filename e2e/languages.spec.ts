/**
 * The product in each language (docs/decisions/334-messages-in-icu-catalogues.md, 335-which-language.md): the
 * pages translated so far, reached through the switcher, carry `<html lang>` and none of the English catalogue's
 * sentences in their visible text; a choice survives signing out, and a signed-in person's choice is stored.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { E2E_BASE_URL } from './e2e-env';
import { confirmedJoinPath, deleteEmployeeByEmail, expect, signIn, test } from './fixtures';
import { saveReadmePicture } from './readme-pictures';

/** The catalogue areas of the pages translated so far. */
const SLICE_AREAS = [
  'layout',
  'errors',
  'language',
  'signIn',
  'passwordReset',
  'join',
  'profileForm',
  'formErrors',
  'photoInput',
  'upload',
  'faceCheck',
];
const LANGUAGES = ['de', 'fr', 'es'] as const;
type Translated = (typeof LANGUAGES)[number];
const LOCALES = path.resolve('app/locales');

function catalogue(language: string): Record<string, string> {
  return Object.assign(
    {},
    ...readdirSync(path.join(LOCALES, language))
      .filter((file) => SLICE_AREAS.includes(file.replace(/\.json$/, '')))
      .map((file) => JSON.parse(readFileSync(path.join(LOCALES, language, file), 'utf8')) as Record<string, string>),
  );
}

const english = catalogue('en');

/**
 * The English words a page in `language` must not show: each English message's literal runs (between its
 * arguments and tags) of 8 characters or more, where the translation differs and does not itself contain them
 * (a product name, "JPEG, PNG, WebP" stay as they are).
 */
function englishSentences(language: Translated): string[] {
  const translated = catalogue(language);
  const translatedText = Object.values(translated).join('\n');
  const sentences = new Set<string>();
  for (const [id, text] of Object.entries(english)) {
    if (translated[id] === text || /\{\w+, (plural|select)/.test(text)) continue;
    for (const run of text.split(/\{[^{}]*\}|<\/?\w+>/)) {
      const literal = run.trim();
      if (literal.length >= 8 && !translatedText.includes(literal)) sentences.add(literal);
    }
  }
  return [...sentences];
}

async function expectNoEnglish(page: Page, language: Translated) {
  const visible = await page.locator('body').innerText();
  expect(englishSentences(language).filter((sentence) => visible.includes(sentence))).toEqual([]);
}

async function chooseLanguage(page: Page, language: string) {
  await page.locator('#language-switcher').selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

test.describe('the product in each language', () => {
  for (const language of LANGUAGES) {
    test(`${language}: the sign-in, password reset and join pages, with a form error`, async ({ page }) => {
      const email = `e2e-lang-${language}-${Date.now()}@xyz.example`;
      await page.goto('/login');
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await chooseLanguage(page, language);
      await expect(page).toHaveURL(/\/login$/);
      await expectNoEnglish(page, language);
      await saveReadmePicture(page, `languages/${language}-sign-in`);

      for (const pathname of [
        '/forgot-password',
        '/reset-password?token=not-a-live-link-at-all',
        '/join',
        '/nowhere',
      ]) {
        await page.goto(pathname);
        await expect(page.locator('html')).toHaveAttribute('lang', language);
        await expectNoEnglish(page, language);
      }

      try {
        await page.goto(await confirmedJoinPath(email));
        await page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click();
        await expect(page.locator('.field__error').first()).toBeVisible();
        await expectNoEnglish(page, language);
        if (language === 'de') {
          // The message names the field in German.
          await expect(page.locator('#field-firstName-error')).toHaveText('Vorname ist ein Pflichtfeld');
        }
        await saveReadmePicture(page, `languages/${language}-join-error`);
      } finally {
        await deleteEmployeeByEmail(email);
      }
    });
  }

  test('a choice survives signing out, and a signed-in choice is stored on the person', async ({
    browser,
    page,
    context,
    employee,
  }) => {
    await page.goto('/login');
    await chooseLanguage(page, 'de');
    await signIn(context, employee);
    await page.goto('/me');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    // Signed in, the header's switcher stores the choice.
    await chooseLanguage(page, 'es');
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Iniciar sesión');

    // Another browser that asks for English: once signed in, the person's stored choice decides.
    const elsewhere = await browser.newContext({ baseURL: E2E_BASE_URL, locale: 'en-US' });
    try {
      const other = await elsewhere.newPage();
      await other.goto('/login');
      await expect(other.locator('html')).toHaveAttribute('lang', 'en');
      await signIn(elsewhere, employee);
      await other.goto('/me');
      await expect(other.locator('html')).toHaveAttribute('lang', 'es');
    } finally {
      await elsewhere.close();
    }
  });

  test('a browser asking for English or nothing gets English', async ({ page }) => {
    const email = `e2e-lang-en-${Date.now()}@xyz.example`;
    await page.goto('/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
    await saveReadmePicture(page, 'languages/en-sign-in');
    try {
      await page.goto(await confirmedJoinPath(email));
      await page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click();
      await expect(page.locator('#field-firstName-error')).toHaveText('First name is required');
      await saveReadmePicture(page, 'languages/en-join-error');
    } finally {
      await deleteEmployeeByEmail(email);
    }
  });
});
