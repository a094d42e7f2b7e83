/**
 * /privacy: public, and generated from the running settings (here shortened retention periods and a new notice
 * version, set before the bundle reads its environment); linked from the join and sign-in pages and /me. Its own
 * file: the production bundle reads its environment once per process.
 */
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { createCast, type Cast } from '@test-support/http/people';

const SETTINGS = {
  RETENTION_REJECTED_APPLICATION_DAYS: '45',
  RETENTION_DEACTIVATED_PROFILE_DAYS: '400',
  RETENTION_FACE_AFTER_DEACTIVATION_DAYS: '12',
  RETENTION_WARNING_DAYS: '5',
  FACE_CHECK_NOTICE_VERSION: '2027-01-15',
};

let app: AppUnderTest;
let cast: Cast;

beforeAll(async () => {
  Object.assign(process.env, SETTINGS);
  app = await startAppUnderTest();
  cast = await createCast(app);
});

afterAll(async () => {
  await app?.close();
  for (const name of Object.keys(SETTINGS)) delete process.env[name];
});

const page = async (pathname: string, cookie = '') =>
  app.fetch(new Request(`${APP_ORIGIN}${pathname}`, { headers: cookie ? { cookie } : {} }));

/** The page's text without tags, as a reader sees it. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

describe('the privacy page', () => {
  it('is public and says what the settings say', async () => {
    const response = await page('/privacy');
    expect(response.status).toBe(200);
    const text = textOf(await response.text());
    expect(text).toContain('A rejected or abandoned application: 45 days, then erased.');
    expect(text).toContain('A profile after its deactivation: 400 days, then erased.');
    expect(text).toContain('Face references after a deactivation: 12 days, then deleted.');
    expect(text).toContain('HR is told 5 days before anything is erased');
    expect(text).toContain('notice version 2027-01-15');
    expect(text).toContain('It runs on this server (a local installation).');
    expect(text).toContain('Profiles database');
  });

  it('is in German for a browser that asks for it, with the same facts (checked on elements: the page carries its catalogue)', async () => {
    const response = await app.fetch(
      new Request(`${APP_ORIGIN}/privacy`, { headers: { 'accept-language': 'de-CH,de;q=0.9' } }),
    );
    const { document } = parseHTML(await response.text());
    const text = (selector: string) => document.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();
    expect(document.documentElement.getAttribute('lang')).toBe('de');
    expect(text('h1')).toBe('Ihre Daten in XYZ People');
    expect(text('[data-testid="privacy-intro"]')).toContain('Es läuft auf diesem Server (einer lokalen Installation).');
    expect(text('[data-testid="privacy-face-check"]')).toContain('Hinweis in der Fassung 2027-01-15');
    expect([...document.querySelectorAll('[data-testid="retention"] li')].map((item) => item.textContent)).toEqual([
      'Eine abgelehnte oder abgebrochene Bewerbung: 45 Tage, dann gelöscht.',
      'Ein Profil nach seiner Deaktivierung: 400 Tage, dann gelöscht.',
      'Gesichtsreferenzen nach einer Deaktivierung: 12 Tage, dann gelöscht.',
      'Die Personalabteilung wird 5 Tage vor jeder Löschung benachrichtigt und kann auf Anfrage früher löschen.',
    ]);
    expect(text('[data-testid="stores"] tbody th')).toBe('Profildatenbank');
    expect(text('[data-testid="stores"] tbody td:last-child')).toContain('400 Tage nach einer Deaktivierung');
  });

  it('is linked from the join and sign-in pages, and from /me', async () => {
    for (const pathname of ['/join', '/login']) {
      expect(await (await page(pathname)).text(), pathname).toContain('href="/privacy"');
    }
    const me = await page('/me', cast.active.cookie);
    expect(me.status).toBe(200);
    expect(await me.text()).toContain('href="/privacy"');
  });
});
