/**
 * Who looked, and "My data", through the app's handler (docs/decisions/320-personal-archive-and-view-log.md): HR
 * opening an employee's page or profile and downloading their archive each leave one entry in that employee's
 * view log; the CSV export, which carries no private field, leaves none; nor do a person's own reads, or a
 * colleague's look at the public profile. The person sees the entries on /me; the archives are ZIPs that unzip.
 * /me and the archive in the person's language (docs/decisions/335-which-language.md) share this app: German labels
 * and messages, a German README, and /me's own language setting, which stores the choice and clears it again.
 * Checked on elements, not on the whole HTML: a page carries its whole catalogue in an inline script.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVATE_FIELDS } from '~/models/employee-fields';
import { getPreferredLanguage } from '~/models/preferred-language.server';
import { listPrivateDetailViews } from '~/models/private-detail-views.server';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { addPerson, createCast, formPost, signIn, type Cast, type Person } from '@test-support/http/people';

describe('the view log and the personal archive, through the app', () => {
  let app: AppUnderTest;
  let cast: Cast;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'view-log-'));

  beforeAll(async () => {
    app = await startAppUnderTest({ dialect: 'sqlite' });
    cast = await createCast(app);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  const get = (url: string, person: Person) =>
    app.fetch(new Request(`${APP_ORIGIN}${url}`, { headers: { Cookie: person.cookie } }));
  const viewsOf = async (person: Person) =>
    (await listPrivateDetailViews(app.platform.db, person.employee.id, { limit: 100 })).views;
  const unzipped = async (response: Response, name: string) => {
    const file = path.join(directory, name);
    fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    expect(execFileSync('unzip', ['-tq', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
    return JSON.parse(execFileSync('unzip', ['-p', file, 'data.json'], { encoding: 'utf8' }));
  };

  it('records HR opening the employee page and the profile, not the CSV export, a colleague or the person', async () => {
    const { admin, colleague, active } = cast;
    expect((await get(`/admin/employees/${colleague.employee.id}`, admin)).status).toBe(200);
    // A reload is the same look (SAME_LOOK_MS).
    expect((await get(`/admin/employees/${colleague.employee.id}`, admin)).status).toBe(200);
    expect((await get(`/employees/${colleague.employee.id}`, admin)).status).toBe(200);
    expect((await get(`/employees/${colleague.employee.id}`, active)).status).toBe(200);
    expect((await get('/me', colleague)).status).toBe(200);
    expect((await get(`/admin/employees/${admin.employee.id}`, admin)).status).toBe(200);

    const csv = await get('/admin/export.csv', admin);
    expect(csv.status).toBe(200);
    const header = (await csv.text()).split('\n')[0]!;
    for (const field of PRIVATE_FIELDS) expect(header).not.toContain(field);

    const views = await viewsOf(colleague);
    console.log(
      `view log of ${colleague.employee.displayName} after HR opened the page and the profile and exported the CSV:\n` +
        views.map((view) => `  ${view.at}  ${view.viewerName}  ${view.place}  ${view.fields.join(',')}`).join('\n'),
    );
    expect(views.map((view) => [view.viewerName, view.place, view.fields])).toEqual([
      [admin.employee.displayName, 'profile-page', [...PRIVATE_FIELDS]],
      [admin.employee.displayName, 'employee-page', [...PRIVATE_FIELDS]],
    ]);
    expect(await viewsOf(admin)).toEqual([]);
    expect(await viewsOf(active)).toEqual([]);
  });

  it('shows the person who viewed their private details on /me, and HR the same list on the employee page', async () => {
    const { admin, colleague } = cast;
    const me = await (await get('/me', colleague)).text();
    expect(me).toContain('Who viewed your private details');
    expect(me).toContain(admin.employee.displayName);
    expect(me).toContain('HR&#x27;s employee page');
    expect(me).toContain('href="/me/data.zip"');
    const page = await (await get(`/admin/employees/${colleague.employee.id}`, admin)).text();
    expect(page).toContain('Who viewed the private details');
    expect(page).toContain(`href="/admin/employees/${colleague.employee.id}/data.zip"`);
  });

  it("gives HR anyone's archive, recorded as a view; the person their own, not recorded; others nothing", async () => {
    const { admin, colleague, active } = cast;
    const before = (await viewsOf(colleague)).length;
    const hr = await get(`/admin/employees/${colleague.employee.id}/data.zip`, admin);
    expect(hr.status).toBe(200);
    expect(hr.headers.get('content-type')).toBe('application/zip');
    expect(hr.headers.get('content-disposition')).toMatch(/^attachment; filename="xyz-people-data-[0-9a-f]{8}-/);
    expect((await unzipped(hr, 'hr.zip')).profile.personalEmail).toBe(colleague.employee.personalEmail);
    const afterHr = await viewsOf(colleague);
    expect(afterHr).toHaveLength(before + 1);
    expect(afterHr[0]).toMatchObject({ viewerName: admin.employee.displayName, place: 'hr-archive' });

    const own = await get('/me/data.zip', colleague);
    expect(own.status).toBe(200);
    const data = await unzipped(own, 'own.zip');
    expect(data.employeeId).toBe(colleague.employee.id);
    expect(data.privateDetailViews[0]).toMatchObject({
      viewer: admin.employee.displayName,
      where: 'Archive of all data, made by HR',
    });
    expect(await viewsOf(colleague)).toHaveLength(before + 1);

    expect((await get(`/admin/employees/${colleague.employee.id}/data.zip`, active)).status).toBe(403);
    expect((await get(`/admin/employees/${crypto.randomUUID()}/data.zip`, admin)).status).toBe(404);
  });

  describe('in the person’s language', () => {
    const pageOf = async (pathname: string, cookie: string, headers: Record<string, string> = {}) => {
      const response = await app.fetch(new Request(`${APP_ORIGIN}${pathname}`, { headers: { cookie, ...headers } }));
      expect(response.status, pathname).toBe(200);
      return parseHTML(await response.text()).document;
    };
    const text = (within: ParentNode, selector: string) => within.querySelector(selector)?.textContent?.trim();

    it('shows /me in German for a browser that asks for German, and in English for one that does not', async () => {
      const { colleague } = cast;
      const german = await pageOf('/me', colleague.cookie, { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' });
      expect(german.documentElement.getAttribute('lang')).toBe('de');
      expect(text(german, 'title')).toBe('Mein Profil · XYZ People');
      expect(text(german, '#edit-heading')).toBe('Mein Profil bearbeiten');
      expect(text(german, '#photo-heading')).toBe('Mein Foto hinzufügen');
      expect(text(german, '#extras-edit-heading')).toBe('Pronomen, Zeitzone und Links');
      expect(text(german, '#password-heading')).toBe('Mein Passwort ändern');
      expect(text(german, '#face-check-heading')).toBe('Gesichtsprüfung');
      expect(text(german, '#my-data-heading')).toBe('Meine Daten');
      expect(text(german, '#language-heading')).toBe('Sprache');
      expect(text(german, 'label[for="field-pronouns"]')).toBe('Pronomen (optional)');
      expect(text(german, '[data-testid="language-current"]')).toBe(
        'Sie haben keine Sprache gewählt: Die Seiten folgen der Ihres Browsers (Deutsch).',
      );
      // HR's look at the private details, as the view log lists it: the place and the fields in German.
      const views = german.querySelector('[data-testid="private-detail-views"]')!;
      expect(text(views, 'h2')).toBe('Wer Ihre privaten Angaben angesehen hat');
      const row = [...views.querySelectorAll('tbody tr td')].map((cell) => cell.textContent);
      expect(row).toContain('Mitarbeiterseite der Personalabteilung');
      expect(row.some((cell) => cell?.includes('private E-Mail-Adresse'))).toBe(true);

      const english = await pageOf('/me', colleague.cookie);
      expect(english.documentElement.getAttribute('lang')).toBe('en');
      expect(text(english, '#edit-heading')).toBe('Edit my profile');
    });

    it('words /me’s action messages and the archive’s README in German', async () => {
      const { colleague } = cast;
      const refused = await app.fetch(
        formPost(
          '/me',
          { intent: 'extras', pronouns: 'x'.repeat(41), timeZone: '', links: '' },
          `${colleague.cookie}; lang=de`,
        ),
      );
      expect(refused.status).toBe(200);
      expect(text(parseHTML(await refused.text()).document, '#field-pronouns-error')).toBe('Höchstens 40 Zeichen');

      const archive = await app.fetch(
        new Request(`${APP_ORIGIN}/me/data.zip`, { headers: { cookie: `${colleague.cookie}; lang=de` } }),
      );
      const file = path.join(directory, 'german.zip');
      fs.writeFileSync(file, Buffer.from(await archive.arrayBuffer()));
      const readme = execFileSync('unzip', ['-p', file, 'README.txt'], { encoding: 'utf8' });
      expect(readme.split('\n')[0]).toBe('Ihre Daten bei XYZ People');
      expect(readme).toContain('- profile: Ihr Profil, wie es in der Datenbank steht');
      // The data keeps its keys and values whatever the language.
      const data = JSON.parse(execFileSync('unzip', ['-p', file, 'data.json'], { encoding: 'utf8' }));
      expect(data.privateDetailViews[0]).toMatchObject({ where: 'Archive of all data, made by HR' });
    });

    it('stores the choice made on /me, and "my browser’s language" clears it and the cookie', async () => {
      const person = await addPerson(app, 'Greta', 'active');
      const session = await signIn(app, person);
      const choose = (language: string) => app.fetch(formPost('/language', { language, redirectTo: '/me' }, session));

      const chosen = await choose('fr');
      expect(chosen.status).toBe(302);
      expect(chosen.headers.get('location')).toBe('/me');
      expect(chosen.headers.get('set-cookie')).toMatch(/^lang=fr;/);
      expect(await getPreferredLanguage(app.platform.db, person.id)).toBe('fr');
      // Without the cookie (another browser, asking for German): the stored choice decides, and the setting shows it.
      const french = await pageOf('/me', session, { 'accept-language': 'de' });
      expect(french.documentElement.getAttribute('lang')).toBe('fr');
      expect(text(french, '#edit-heading')).toBe('Modifier mon profil');
      expect(french.querySelector('[data-testid="language-current"]')?.getAttribute('data-chosen')).toBe('fr');
      expect(french.querySelector('#me-language option[value="fr"]')?.hasAttribute('selected')).toBe(true);

      const cleared = await choose('browser');
      expect(cleared.status).toBe(302);
      expect(cleared.headers.get('set-cookie')).toMatch(/^lang=; Path=\/; Max-Age=0;/);
      expect(await getPreferredLanguage(app.platform.db, person.id)).toBeNull();
      const spanish = await pageOf('/me', session, { 'accept-language': 'es' });
      expect(spanish.documentElement.getAttribute('lang')).toBe('es');
      expect(spanish.querySelector('[data-testid="language-current"]')?.getAttribute('data-chosen')).toBe('browser');

      // Anything else is refused and changes nothing.
      expect((await choose('xx')).status).toBe(400);
      expect(await getPreferredLanguage(app.platform.db, person.id)).toBeNull();
    });
  });
});
