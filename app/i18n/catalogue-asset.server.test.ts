import { describe, expect, it } from 'vitest';
import { catalogueAsset, IMMUTABLE, STALE_HASH } from './catalogue-asset.server';
import { browserCatalogue, catalogue } from './catalogue.server';

describe("a language's browser catalogue as a script of its own", () => {
  it('is named by its language and content, and sets the messages the browser reads, without server-only areas', () => {
    const { path, body } = catalogue('de').browser;
    expect(path).toMatch(/^\/locales\/de\.[0-9a-f]{16}\.js$/);
    expect(body).toMatch(/^window\.__xyzMessages=\{"locale":"de","messages":\{/);
    expect(body).toContain('"signIn.title":"Anmelden"');
    expect(body).not.toContain('formErrors.');
  });

  it('changes its name when a message changes, and only then', () => {
    const messages = { 'signIn.title': 'Anmelden' };
    expect(browserCatalogue('de', messages).path).toBe(browserCatalogue('de', { ...messages }).path);
    expect(browserCatalogue('de', { 'signIn.title': 'Einloggen' }).path).not.toBe(
      browserCatalogue('de', messages).path,
    );
  });

  it('is kept for a year under its current name; an older name gets the current messages, not kept', () => {
    const { path, body, hash } = catalogue('fr').browser;
    expect(catalogueAsset(path)).toEqual({
      body,
      headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': IMMUTABLE, ETag: `"${hash}"` },
    });
    const stale = catalogueAsset('/locales/fr.0123456789abcdef.js');
    expect(stale?.body).toBe(body);
    expect(stale?.headers['Cache-Control']).toBe(STALE_HASH);
  });

  it('answers nothing for another language or file under the prefix', () => {
    for (const path of [
      '/locales/xx.0123456789abcdef.js',
      '/locales/de.js',
      '/locales/../de.0123456789abcdef.js',
      '/login',
    ])
      expect(catalogueAsset(path)).toBeNull();
  });
});
