/**
 * HR's settings, insights and files in German (one app for all, to keep it cheap): the admin menu, the profile
 * fields, insights (titles, a chart's axis), SCIM and webhooks, asserted on their elements (the page's inline
 * catalogue carries every message, so the whole HTML would prove nothing); the directory CSV with a German header
 * and with the machine one; an import of a file headed in German.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { addPerson, signIn } from '@test-support/http/people';

let app: AppUnderTest;
/** HR's session, and the same with German chosen (the `lang` cookie the switcher sets). */
let admin: string;
let german: string;

beforeAll(async () => {
  app = await startAppUnderTest();
  // HR alone: a whole cast's sign-ins cost seconds these pages do not need.
  admin = await signIn(app, await addPerson(app, 'Hera', 'active', 'admin'));
  german = `${admin}; lang=de`;
});

afterAll(async () => {
  await app?.close();
});

const get = (pathname: string, cookie: string) =>
  app.fetch(new Request(`${APP_ORIGIN}${pathname}`, { headers: { cookie } }));

async function page(pathname: string): Promise<string> {
  const response = await get(pathname, german);
  expect(response.status).toBe(200);
  return response.text();
}

/** The text of the first element whose opening tag contains `marker`, tags stripped. */
function textOf(html: string, marker: string): string {
  const start = html.indexOf(marker);
  expect(start, marker).toBeGreaterThan(-1);
  const open = html.lastIndexOf('<', start);
  const tag = /^<([a-z0-9]+)/.exec(html.slice(open))![1];
  const end = html.indexOf(`</${tag}>`, start);
  return html
    .slice(html.indexOf('>', start) + 1, end)
    .replace(/<[^>]+>/g, '')
    .replace(/<!-- -->/g, '');
}

describe('HR’s pages in German', () => {
  it('the menu and the profile fields page', async () => {
    const html = await page('/admin/fields');
    expect(html).toContain('<html lang="de"');
    const nav = html.slice(html.indexOf('data-testid="admin-nav"'), html.indexOf('</nav>', html.indexOf('admin-nav')));
    for (const word of ['Offene Profile', 'Profilfelder', 'Auswertungen', 'Berichtslinien', 'Bereitstellung (SCIM)'])
      expect(nav).toContain(word);
    expect(nav).toContain('Verzeichnis exportieren (CSV)');
    expect(html).toMatch(/<title>Profilfelder · XYZ People<\/title>/);
    expect(textOf(html, 'id="fields-heading"')).toBe('Noch keine Felder festgelegt');
    expect(textOf(html, 'id="add-heading"')).toBe('Feld hinzufügen');
    expect(textOf(html, 'for="add-type"')).toContain('Typ');
    expect(html).toMatch(/<option value="one-choice">Eine Auswahl aus einer Liste<\/option>/);
  });

  it('insights: titles, a chart’s axis and sentence', async () => {
    const html = await page('/admin/insights');
    expect(textOf(html, 'id="head-count-by-department-heading"')).toBe('Personalbestand nach Abteilung');
    expect(textOf(html, 'id="joiners-and-leavers-heading"')).toBe('Eintritte und Austritte');
    const chart = html.slice(html.indexOf('data-insight="joiners-and-leavers"'));
    const picture = chart.slice(chart.indexOf('role="img"'));
    expect(picture.slice(0, picture.indexOf('</svg>'))).toContain('Monat');
    expect(textOf(chart, 'class="insight-plot-swatches')).toContain('Eintritte');
    expect(chart).toMatch(/aria-label="[^"]*Person(en)? (ist|sind) in diesem Zeitraum eingetreten/);
    // The charts sent alone are German too, under another ETag than English.
    const english = await get('/admin/insights/charts.json', admin);
    const inGerman = await get('/admin/insights/charts.json', german);
    expect(inGerman.headers.get('etag')).not.toBe(english.headers.get('etag'));
    const { charts } = (await inGerman.json()) as { charts: Record<string, string> };
    expect(charts['photo-refusals']).toContain('Abgelehnte Fotos');
    const numbers = await (await get('/admin/insights/verification-funnel.csv?header=language', german)).text();
    expect(numbers.split('\r\n')[0]).toMatch(/^Schritt,Personen,/);
    expect(numbers.split('\r\n')[1]).toMatch(/^Beigetreten,/);
    const refused = await get('/admin/insights?from=2026-13', german);
    expect(refused.status).toBe(400);
    expect(textOf(await refused.text(), 'role="alert"')).toBe('Von muss ein Monat im Format JJJJ-MM sein');
  });

  it('SCIM and webhooks', async () => {
    const scim = await page('/admin/scim');
    expect(textOf(scim, '<h1')).toBe('Bereitstellung (SCIM)');
    expect(textOf(scim, 'id="create-heading"')).toBe('Neue Verbindung');
    expect(scim).toMatch(/<option value="30">30 Tagen<\/option>/);
    const refused = await app.fetch(
      new Request(`${APP_ORIGIN}/admin/scim`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: APP_ORIGIN, cookie: german },
        body: new URLSearchParams({ intent: 'create', name: '', expiresInDays: '365' }),
      }),
    );
    expect(refused.status).toBe(400);
    expect(textOf(await refused.text(), 'class="field__error"')).toBe('Geben Sie der Verbindung einen Namen');
    const webhooks = await page('/admin/webhooks');
    expect(textOf(webhooks, 'id="register-heading"')).toBe('Endpunkt registrieren');
    expect(textOf(webhooks, 'id="log-heading"')).toBe('Zustellprotokoll');
    expect(webhooks).toContain('Ein neues Profilfoto ist bereit');
  });
});

describe('the directory CSV', () => {
  it('is headed in HR’s language when asked, by the machine names otherwise, and never translates the cells', async () => {
    const inGerman = await (await get('/admin/export.csv?header=language', german)).text();
    const [header, ...rows] = inGerman.split('\r\n');
    expect(header).toMatch(/^Personalnummer,Vorname,Nachname,Rufname,Geschäftliche E-Mail,/);
    expect(rows.join('\n')).toContain('Engineering');
    const machine = await (await get('/admin/export.csv?header=machine', german)).text();
    expect(machine.slice(0, machine.indexOf('\r\n'))).toMatch(/^employeeNumber,firstName,lastName,/);
    expect(machine.slice(machine.indexOf('\r\n'))).toBe(inGerman.slice(inGerman.indexOf('\r\n')));
    expect((await get('/admin/export.csv?header=klingon', german)).status).toBe(400);
  });

  it('imports a file headed in German', async () => {
    const body = new FormData();
    const file =
      'Vorname,Nachname,Geschäftliche E-Mail,Stellenbezeichnung,Abteilung,Eintrittsdatum\r\n' +
      `Jörg,Ährens,joerg.${Date.now()}@xyz.example,Buchhalter,Finanzen,2026-03-01\r\n`;
    body.set('csv', new File([file], 'leute.csv', { type: 'text/csv' }));
    const response = await app.fetch(
      new Request(`${APP_ORIGIN}/admin/import`, {
        method: 'POST',
        body,
        headers: { Origin: APP_ORIGIN, cookie: german },
      }),
    );
    const html = await response.text();
    expect(textOf(html, 'data-testid="import-result"')).toBe('1 Person importiert.');
  });
});
