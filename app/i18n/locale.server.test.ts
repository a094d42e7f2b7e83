import { describe, expect, it } from 'vitest';
import { browserLanguage, languageCookie, requestLanguage, viewerTimeZone } from './locale.server';

const request = (headers: Record<string, string>) => new Request('http://localhost/login', { headers });

describe('the language of a request', () => {
  it('is the stored choice first, then the cookie, then Accept-Language, then English', () => {
    const both = request({ cookie: 'session=x; lang=fr', 'accept-language': 'es' });
    expect(requestLanguage(both, 'de')).toBe('de');
    expect(requestLanguage(both, null)).toBe('fr');
    expect(requestLanguage(request({ 'accept-language': 'es-MX' }), null)).toBe('es');
    expect(requestLanguage(request({}), null)).toBe('en');
  });

  it('ignores a stored value or a cookie that is not a supported language', () => {
    expect(requestLanguage(request({ cookie: 'lang=xx', 'accept-language': 'de' }), 'klingon')).toBe('de');
    expect(browserLanguage(request({ cookie: 'lang=%E0%A4%A' }))).toBe('en');
  });

  it('sets a year-long cookie readable only by the server, Secure when asked', () => {
    expect(languageCookie('de', false)).toBe('lang=de; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly');
    expect(languageCookie('de', true)).toMatch(/; Secure$/);
  });
});

describe('the viewer time zone', () => {
  it('is the browser zone when Intl knows it, else UTC', () => {
    expect(viewerTimeZone(request({ cookie: 'tz=Europe%2FBerlin' }))).toBe('Europe/Berlin');
    expect(viewerTimeZone(request({ cookie: 'tz=Mars%2FOlympus' }))).toBe('UTC');
    expect(viewerTimeZone(request({}))).toBe('UTC');
  });
});
