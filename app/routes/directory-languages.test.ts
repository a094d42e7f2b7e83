/**
 * The directory in the viewer's language: German words on its elements (the `lang` cookie), and names in each
 * language's order (Accept-Language), whichever search answers (the embedded index, or the SQL search while the
 * index is still being built): both order by the language's collation (docs/decisions/336-names-in-each-language-order.md).
 */
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEmployee } from '~/models/employee.server';
import { readSearchDocument } from '~/models/search-projection.server';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { createCast, type Cast } from '@test-support/http/people';

const LAST_NAMES = ['Zoë', 'Ångström', 'Østergaard', 'Nunez', 'Núñez', 'Ñandú', 'Young'];

let app: AppUnderTest;
let cast: Cast;

beforeAll(async () => {
  app = await startAppUnderTest();
  cast = await createCast(app);
  for (const [index, lastName] of LAST_NAMES.entries()) {
    const employee = await insertEmployee(app.platform.db, {
      firstName: 'Eva',
      lastName,
      preferredName: null,
      workEmail: `eva.${index}@xyz.example`,
      workPhone: null,
      jobTitle: 'Engineer',
      department: 'Engineering',
      managerId: null,
      officeLocation: null,
      startDate: null,
      bio: null,
      personalEmail: null,
      personalPhone: null,
      emergencyContactName: null,
      emergencyContactPhone: null,
      status: 'active',
    });
    // Indexed now rather than when the subscriber gets to the event: the page may be answered by either.
    const { document } = await readSearchDocument(app.platform.db, employee.id, app.platform.fieldDefinitions);
    if (document) await app.platform.search.upsert(document);
  }
});

afterAll(async () => {
  await app?.close();
});

async function directory(search: string, headers: Record<string, string>) {
  const response = await app.fetch(new Request(`${APP_ORIGIN}/employees${search}`, { headers }));
  expect(response.status).toBe(200);
  return parseHTML(await response.text()).document;
}

const evas = (page: Document) =>
  [...page.querySelectorAll('.person__name')]
    .map((link) => link.textContent ?? '')
    .filter((name) => name.startsWith('Eva '));

describe('the directory in German', () => {
  it('has German headings, labels, filters, counts and title', async () => {
    const page = await directory('', { cookie: `${cast.active.cookie}; lang=de` });
    expect(page.documentElement.getAttribute('lang')).toBe('de');
    expect(page.querySelector('title')?.textContent).toBe('Verzeichnis · XYZ People');
    expect(page.querySelector('[data-testid="directory-title"]')?.textContent).toBe('Verzeichnis');
    expect(page.querySelector('label[for="directory-q"]')?.textContent).toBe('Suche');
    expect(page.querySelector('#directory-q')?.getAttribute('placeholder')).toBe(
      'Name, Position, Fähigkeit, Standort oder E-Mail',
    );
    expect(page.querySelector('.directory-search button[type="submit"]')?.textContent).toBe('Suchen');
    expect(page.querySelector('aside.facets')?.getAttribute('aria-label')).toBe('Filter');
    expect(page.querySelector('.facet legend')?.textContent).toBe('Abteilung');
    expect(page.querySelector('.directory-results')?.getAttribute('aria-label')).toBe('Ergebnisse');
    expect(page.querySelector('.directory-results > p')?.textContent).toMatch(/^\d+ Personen werden angezeigt\.$/);
  });

  it('says nobody matches, in German', async () => {
    const page = await directory('?q=qqqqqq', { cookie: `${cast.active.cookie}; lang=de` });
    expect(page.querySelector('.directory-results > p')?.textContent).toBe('Niemand passt zu dieser Suche.');
  });
});

describe('the order of names in each language', () => {
  const root = ['Eva Ångström', 'Eva Ñandú', 'Eva Nunez', 'Eva Núñez', 'Eva Østergaard', 'Eva Young', 'Eva Zoë'];

  it('is CLDR’s in English and German, and Spanish puts ñ after n', async () => {
    for (const language of ['en', 'de']) {
      const page = await directory('', { cookie: cast.active.cookie, 'accept-language': language });
      expect(evas(page), language).toEqual(root);
    }
    const spanish = await directory('', { cookie: cast.active.cookie, 'accept-language': 'es' });
    expect(evas(spanish)).toEqual([
      'Eva Ångström',
      'Eva Nunez',
      'Eva Núñez',
      'Eva Ñandú',
      'Eva Østergaard',
      'Eva Young',
      'Eva Zoë',
    ]);
  });

  it('finds the accented names from plain letters', async () => {
    const page = await directory('?q=angstrom', { cookie: cast.active.cookie });
    expect(evas(page)).toEqual(['Eva Ångström']);
    const both = await directory('?q=ostergaard', { cookie: cast.active.cookie });
    expect(evas(both)).toEqual(['Eva Østergaard']);
  });
});
