import { describe, expect, it } from 'vitest';
import { languageFromAcceptLanguage } from './negotiate';

describe('languageFromAcceptLanguage', () => {
  it('answers nothing for no header, English for English', () => {
    expect(languageFromAcceptLanguage(null)).toBeNull();
    expect(languageFromAcceptLanguage('')).toBeNull();
    expect(languageFromAcceptLanguage('en-US,en;q=0.9')).toBe('en');
  });

  it('falls back from a region to its language', () => {
    expect(languageFromAcceptLanguage('de-AT')).toBe('de');
    expect(languageFromAcceptLanguage('fr-CA,en;q=0.1')).toBe('fr');
  });

  it('orders by q-value, ties in the order given, and refuses q=0', () => {
    expect(languageFromAcceptLanguage('en;q=0.5, es;q=0.8')).toBe('es');
    expect(languageFromAcceptLanguage('fr;q=0.7, de;q=0.7')).toBe('fr');
    expect(languageFromAcceptLanguage('de;q=0, es')).toBe('es');
    expect(languageFromAcceptLanguage('de;q=0')).toBeNull();
  });

  it('skips unsupported and malformed ranges instead of failing', () => {
    expect(languageFromAcceptLanguage('pl, ja;q=0.9, es;q=0.1')).toBe('es');
    expect(languageFromAcceptLanguage('de;q=abc, <script>, fr')).toBe('fr');
    expect(languageFromAcceptLanguage('*')).toBeNull();
    expect(languageFromAcceptLanguage(`${'x'.repeat(5000)},de`)).toBeNull();
    expect(languageFromAcceptLanguage(',,,;;;q=1,de-DE-1996')).toBe('de');
  });
});
