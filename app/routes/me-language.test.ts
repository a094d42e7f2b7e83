/**
 * A person's own page in their language (docs/decisions/335-which-language.md): /me rendered in German shows German
 * labels, its action words its messages in German, the "My data" archive's README is German, and /me's own language
 * setting stores the choice on the person and clears it again ("my browser's language"). Checked on elements, not on
 * the whole HTML: the page carries its whole catalogue in an inline script.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { addPerson, formPost, signIn } from '@test-support/http/people';
import { getPreferredLanguage } from '~/models/preferred-language.server';

let app: AppUnderTest;
let personId: string;
let session: string;

beforeAll(async () => {
  app = await startAppUnderTest();
  const person = await addPerson(app, 'Greta', 'active');
  personId = person.id;
  session = await signIn(app, person);
});

afterAll(async () => {
  await app?.close();
});

async function page(pathname: string, headers: Record<string, string> = {}) {
  const response = await app.fetch(
    new Request(`${APP_ORIGIN}${pathname}`, { headers: { cookie: session, ...headers } }),
  );
  expect(response.status, pathname).toBe(200);
  return parseHTML(await response.text()).document;
}

const text = (document: Document, selector: string) => document.querySelector(selector)?.textContent?.trim();

describe('/me in the person’s language', () => {
  it('is German for a browser that asks for German, and English for one that does not', async () => {
    const german = await page('/me', { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' });
    expect(german.documentElement.getAttribute('lang')).toBe('de');
    expect(text(german, 'title')).toBe('Mein Profil · XYZ People');
    expect(text(german, '#edit-heading')).toBe('Mein Profil bearbeiten');
    expect(text(german, '#photo-heading')).toBe('Mein Foto hinzufügen');
    expect(text(german, '#extras-edit-heading')).toBe('Pronomen, Zeitzone und Links');
    expect(text(german, '#password-heading')).toBe('Mein Passwort ändern');
    expect(text(german, '#face-check-heading')).toBe('Gesichtsprüfung');
    expect(text(german, '#private-views-heading')).toBe('Wer Ihre privaten Angaben angesehen hat');
    expect(text(german, '#my-data-heading')).toBe('Meine Daten');
    expect(text(german, '#language-heading')).toBe('Sprache');
    expect(text(german, 'label[for="field-pronouns"]')).toBe('Pronomen (optional)');
    expect(text(german, '[data-testid="language-current"]')).toBe(
      'Sie haben keine Sprache gewählt: Die Seiten folgen der Ihres Browsers (Deutsch).',
    );

    const english = await page('/me');
    expect(english.documentElement.getAttribute('lang')).toBe('en');
    expect(text(english, '#edit-heading')).toBe('Edit my profile');
    expect(text(english, '#language-heading')).toBe('Language');
  });

  it('words the action’s messages in German', async () => {
    const response = await app.fetch(
      formPost('/me', { intent: 'extras', pronouns: 'x'.repeat(41), timeZone: '', links: '' }, `${session}; lang=de`),
    );
    expect(response.status).toBe(200);
    const document = parseHTML(await response.text()).document;
    expect(text(document, '#field-pronouns-error')).toBe('Höchstens 40 Zeichen');
  });

  it('gives the "My data" archive a German README, with the data keys as they are', async () => {
    const response = await app.fetch(
      new Request(`${APP_ORIGIN}/me/data.zip`, { headers: { cookie: `${session}; lang=de` } }),
    );
    expect(response.status).toBe(200);
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'me-language-'));
    try {
      const zipFile = path.join(directory, 'data.zip');
      fs.writeFileSync(zipFile, Buffer.from(await response.arrayBuffer()));
      const readme = execFileSync('unzip', ['-p', zipFile, 'README.txt'], { encoding: 'utf8' });
      expect(readme.split('\n')[0]).toBe('Ihre Daten bei XYZ People');
      expect(readme).toContain('- profile: Ihr Profil, wie es in der Datenbank steht');
      const data = JSON.parse(execFileSync('unzip', ['-p', zipFile, 'data.json'], { encoding: 'utf8' }));
      expect(data).toHaveProperty('profile');
      expect(data).toHaveProperty('faceCheckConsent');
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('/me’s language setting', () => {
  const choose = (language: string) => app.fetch(formPost('/language', { language, redirectTo: '/me' }, session));

  it('stores the choice on the person, and "my browser’s language" clears it and the cookie', async () => {
    const chosen = await choose('fr');
    expect(chosen.status).toBe(302);
    expect(chosen.headers.get('location')).toBe('/me');
    expect(chosen.headers.get('set-cookie')).toMatch(/^lang=fr;/);
    expect(await getPreferredLanguage(app.platform.db, personId)).toBe('fr');

    // Without the cookie (another browser): the stored choice decides, and the setting shows it.
    const french = await page('/me', { 'accept-language': 'de' });
    expect(french.documentElement.getAttribute('lang')).toBe('fr');
    expect(text(french, '#edit-heading')).toBe('Modifier mon profil');
    expect(french.querySelector('[data-testid="language-current"]')?.getAttribute('data-chosen')).toBe('fr');
    expect(french.querySelector('#me-language option[value="fr"]')?.hasAttribute('selected')).toBe(true);

    const cleared = await choose('browser');
    expect(cleared.status).toBe(302);
    expect(cleared.headers.get('set-cookie')).toMatch(/^lang=; Path=\/; Max-Age=0;/);
    expect(await getPreferredLanguage(app.platform.db, personId)).toBeNull();
    const spanish = await page('/me', { 'accept-language': 'es' });
    expect(spanish.documentElement.getAttribute('lang')).toBe('es');
    expect(spanish.querySelector('[data-testid="language-current"]')?.getAttribute('data-chosen')).toBe('browser');

    // Anything else is refused and changes nothing.
    expect((await choose('xx')).status).toBe(400);
    expect(await getPreferredLanguage(app.platform.db, personId)).toBeNull();
  });
});
