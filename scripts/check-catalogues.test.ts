import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCatalogues, messageShape, REPO_ROOT } from './check-catalogues';

describe('the message catalogues', () => {
  it('agree with the code and with each other', () => {
    const { problems, counts } = checkCatalogues({
      localesDir: join(REPO_ROOT, 'app/locales'),
      codeDir: join(REPO_ROOT, 'app'),
      root: REPO_ROOT,
    });
    expect(problems).toEqual([]);
    expect(new Set(Object.values(counts)).size).toBe(1);
  });
});

describe('the check', () => {
  const fixture = mkdtempSync(join(tmpdir(), 'catalogue-check-'));
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  function write(path: string, content: unknown) {
    mkdirSync(join(fixture, path, '..'), { recursive: true });
    writeFileSync(join(fixture, path), typeof content === 'string' ? content : JSON.stringify(content));
  }

  it('fails on a removed key, an extra key, a changed placeholder, and ids missing or unused', () => {
    write('locales/en/demo.json', {
      'demo.greeting': 'Hello {name}',
      'demo.count': '{count, plural, one {# day} other {# days}}',
      'demo.unused': 'Nobody says this',
    });
    write('locales/de/demo.json', {
      'demo.greeting': 'Hallo {nom}',
      'demo.unused': 'Niemand sagt das',
      'demo.extra': 'Zusätzlich',
    });
    write('code/page.tsx', "t('demo.greeting'); t('demo.count'); t('demo.notThere');");
    const { problems } = checkCatalogues({
      localesDir: join(fixture, 'locales'),
      codeDir: join(fixture, 'code'),
      root: fixture,
    });
    expect(problems).toEqual([
      'code/page.tsx uses "demo.notThere", which the English catalogue lacks',
      'en: "demo.unused" is not used anywhere in the code',
      'de: "demo.greeting" needs name:plain; has nom:plain',
      'de: "demo.count" is missing (English: demo.json)',
      'de: "demo.extra" is not in the English catalogue',
    ]);
  });

  it('reads plurals, selects, numbers and tags, and lets plural cases differ by language', () => {
    expect(messageShape('{n, plural, one {# item} other {# items}} <b>{who}</b>')).toEqual([
      '<b>',
      'n:plural',
      'who:plain',
    ]);
    expect(messageShape('{n, plural, one {# Tag} few {# dni} many {# dni} other {# Tage}}')).toEqual(['n:plural']);
    expect(messageShape('{gender, select, female {she} male {he} other {they}} {total, number}')).toEqual([
      'gender:select(female|male|other)',
      'total:number',
    ]);
  });
});
