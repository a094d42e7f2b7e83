/**
 * The org chart through the app's handler (docs/decisions/326-org-chart.md): who may open it, that inactive
 * people and restricted fields never reach it, that a stored manager loop still draws, and that the downloads
 * are what their formats say (an SVG with its namespace, a PNG, CSV, vCards per RFC 6350).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { BUILT_IN_FIELD_DEFINITIONS } from '~/models/field-definitions';
import { streamSearchDocuments } from '~/models/search-projection.server';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { ALL_VISIBILITIES_DEFINITIONS } from '@test-support/field-definitions';
import { createCast, type Cast } from '@test-support/http/people';

describe('the org chart, through the app', () => {
  let app: AppUnderTest;
  let cast: Cast;

  beforeAll(async () => {
    app = await startAppUnderTest({ dialect: 'sqlite' });
    cast = await createCast(app);
    // Hera (HR) manages Ada, Brian and Dora (deactivated) and Penny (pending); Brian works from a named office.
    const { Employee } = app.platform.db.models;
    for (const person of [cast.active, cast.colleague, cast.deactivated, cast.pending]) {
      await Employee.update({ managerId: cast.admin.employee.id }, { where: { id: person.employee.id } });
    }
    await Employee.update({ officeLocation: 'Quillmoor Annex' }, { where: { id: cast.colleague.employee.id } });
    // The search reads the index, which the server builds at start: rebuilt from these rows, written directly.
    await app.platform.search.rebuild(streamSearchDocuments(app.platform.db));
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  const get = (url: string, cookie = '') =>
    app.fetch(new Request(`${APP_ORIGIN}${url}`, { headers: cookie ? { Cookie: cookie } : {} }));

  it('sends a visitor to sign in and a pending employee to their profile', async () => {
    expect((await get('/org')).headers.get('location')).toMatch(/^\/login/);
    expect((await get('/org/export?format=csv&person=' + cast.admin.employee.id)).headers.get('location')).toMatch(
      /^\/login/,
    );
    expect((await get('/org', cast.pending.cookie)).headers.get('location')).toBe('/me');
  });

  it('shows active people only, and a restricted office to no one', async () => {
    const page = await (await get(`/org?person=${cast.admin.employee.id}`, cast.active.cookie)).text();
    expect(page).toContain('role="tree"');
    expect(page).toContain(cast.colleague.employee.displayName);
    expect(page).toContain(cast.active.employee.displayName);
    expect(page).not.toContain(cast.deactivated.employee.displayName);
    expect(page).not.toContain(cast.pending.employee.displayName);
    expect(page).toContain('Quillmoor Annex');
    expect((await get(`/org?person=${cast.deactivated.employee.id}`, cast.active.cookie)).status).toBe(404);

    app.platform.fieldDefinitions = ALL_VISIBILITIES_DEFINITIONS;
    try {
      // Hera is Brian's manager, and HR: a chart is a list of many people, so even she sees no restricted field.
      for (const url of [
        `/org?person=${cast.colleague.employee.id}`,
        '/org/departments/Engineering',
        `/org/export?format=csv&person=${cast.admin.employee.id}`,
        `/org/export?format=svg&person=${cast.admin.employee.id}`,
      ]) {
        const text = await (await get(url, cast.admin.cookie)).text();
        expect(text, url).toContain(cast.colleague.employee.lastName);
        expect(text, url).not.toContain('Quillmoor Annex');
      }
    } finally {
      app.platform.fieldDefinitions = BUILT_IN_FIELD_DEFINITIONS;
    }
  });

  it('finds a person with a typo and recentres on them', async () => {
    const page = await (await get('/org?q=Brien', cast.active.cookie)).text();
    expect(page).toContain(`<title>Org chart: ${cast.colleague.employee.displayName} · XYZ People</title>`);
  });

  it('draws a stored manager loop without hanging', async () => {
    const { Employee } = app.platform.db.models;
    await Employee.update({ managerId: cast.colleague.employee.id }, { where: { id: cast.admin.employee.id } });
    try {
      const started = Date.now();
      for (const url of [`/org?person=${cast.colleague.employee.id}`, '/org/departments/Engineering']) {
        const response = await get(url, cast.active.cookie);
        expect(response.status, url).toBe(200);
      }
      expect(Date.now() - started).toBeLessThan(5_000);
      // The chart says the line is cut short; HR is pointed at the page that lists loops to fix.
      const chainPage = `/org?person=${cast.colleague.employee.id}`;
      const asEmployee = await (await get(chainPage, cast.active.cookie)).text();
      expect(asEmployee).toContain('The reporting line above is cut short');
      expect(asEmployee).not.toContain('href="/admin/org-health"');
      expect(await (await get(chainPage, cast.admin.cookie)).text()).toContain('href="/admin/org-health"');
    } finally {
      await Employee.update({ managerId: null }, { where: { id: cast.admin.employee.id } });
    }
  });

  // The page carries its catalogue in an inline script: the words are looked for on the elements that show them.
  const germanPage = async (url: string, cookie: string) =>
    parseHTML(await (await get(url, `${cookie}; lang=de`)).text()).document;
  const textOf = (document: Document, selector: string) =>
    [...document.querySelectorAll(selector)].map((element) => element.textContent?.trim());

  it('shows the org chart, a department and the exported picture in German', async () => {
    const hera = cast.admin.employee;
    const chart = await germanPage(`/org?person=${hera.id}`, cast.active.cookie);
    expect(chart.querySelector('title')?.textContent).toBe(`Organigramm: ${hera.displayName} · XYZ People`);
    expect(chart.querySelector('#org-heading')?.textContent).toBe('Organigramm');
    // Ada and Brian report to her; a plural by the catalogue's rules, in the list and on the picture's card.
    expect(chart.querySelector('#org-chart-heading')?.textContent).toBe(
      `${hera.displayName}, 2 direkt unterstellte Mitarbeitende`,
    );
    expect(chart.querySelector(`[data-person="${hera.id}"] .org-card__reports`)?.textContent).toBe('2 Unterstellte');
    expect(textOf(chart, '.org-chart__svg text')).toContain('2 Unterstellte');
    expect(chart.querySelector('[role="tree"]')?.getAttribute('aria-label')).toBe(
      `Organigramm mit ${hera.displayName} in der Mitte`,
    );

    const department = await germanPage('/org/departments/Engineering', cast.active.cookie);
    expect(department.querySelector('#department-heading + p')?.textContent).toMatch(
      /^\d+ Personen und an wen sie berichten\./,
    );
    expect(department.querySelector('nav.org-departments')?.getAttribute('aria-label')).toBe('Abteilungen');

    const svg = parseHTML(
      await (await get(`/org/export?format=svg&person=${hera.id}`, `${cast.active.cookie}; lang=de`)).text(),
    ).document;
    expect(svg.querySelector('svg')?.getAttribute('aria-label')).toBe(
      `Organigramm mit ${hera.displayName} in der Mitte`,
    );
    expect(textOf(svg, 'text')).toContain('2 Unterstellte');
  });

  it('shows a profile in German, its start date as German dates are written', async () => {
    const { Employee } = app.platform.db.models;
    await Employee.update({ startDate: '2026-03-01' }, { where: { id: cast.admin.employee.id } });
    try {
      const profile = await germanPage(`/employees/${cast.admin.employee.id}`, cast.admin.cookie);
      const details = new Map(
        [...profile.querySelectorAll('dl.details dt')].map((term) => [
          term.textContent,
          term.nextElementSibling?.textContent,
        ]),
      );
      expect(details.get('Eintrittsdatum')).toBe('01.03.2026');
      expect(details.get('Geschäftliche E-Mail-Adresse')).toBe(cast.admin.employee.workEmail);
      expect(profile.querySelector('#work-heading')?.textContent).toBe('Arbeit');
      expect(profile.querySelector('#reports-heading')?.textContent).toBe('Direkt unterstellte Mitarbeitende');
      expect(profile.querySelector('.badge--admin')?.textContent).toBe('Personalverwaltung');
      expect(profile.querySelector('[data-photo-state]')?.textContent?.trim()).toBe('Noch kein Foto.');
      // The same page in English: the day written out, not the stored ISO date.
      const english = parseHTML(await (await get(`/employees/${cast.admin.employee.id}`, cast.admin.cookie)).text());
      const englishTerms = [...english.document.querySelectorAll('dl.details dt')];
      const startDate = englishTerms.find((term) => term.textContent === 'Start date');
      expect(startDate?.nextElementSibling?.textContent).toBe('Mar 1, 2026');
    } finally {
      await Employee.update({ startDate: null }, { where: { id: cast.admin.employee.id } });
    }
  });

  it('exports the chart as SVG and PNG, and a team as CSV and vCards', async () => {
    const person = `person=${cast.admin.employee.id}`;
    const svg = await get(`/org/export?format=svg&${person}`, cast.active.cookie);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    const svgText = await svg.text();
    expect(svgText).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svgText).toContain('fill="#ffffff"');
    const png = Buffer.from(await (await get(`/org/export?format=png&${person}`, cast.active.cookie)).arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');

    const csv = await (await get(`/org/export?format=csv&${person}`, cast.active.cookie)).text();
    expect(csv.split('\r\n')[0]).toBe('name,jobTitle,department,office,workEmail,role');
    expect(csv).toContain(
      `${cast.admin.employee.displayName},Engineer,Engineering,,${cast.admin.employee.workEmail},manager`,
    );
    expect(csv).not.toContain('@home.example');

    const vcf = await (await get(`/org/export?format=vcf&${person}`, cast.active.cookie)).text();
    const cards = vcf.split('END:VCARD\r\n').filter(Boolean);
    expect(cards).toHaveLength(3);
    expect(cards[0]).toBe(
      [
        'BEGIN:VCARD',
        'VERSION:4.0',
        `FN:${cast.admin.employee.displayName}`,
        `N:Tester;${cast.admin.employee.firstName};;;`,
        'TITLE:Engineer',
        'ORG:XYZ Company;Engineering',
        `EMAIL;TYPE=work:${cast.admin.employee.workEmail}`,
        '',
      ].join('\r\n'),
    );
    expect(vcf).not.toContain('@home.example');
    expect((await get('/org/export?format=gif&' + person, cast.active.cookie)).status).toBe(400);
  });
});
