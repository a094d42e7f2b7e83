import { describe, expect, it } from 'vitest';
import {
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatList,
  formatMonth,
  formatNumber,
  formatRelativeTime,
} from './format';

// ICU puts narrow or no-break spaces before AM/PM and in French numbers, depending on its version.
// 2026-12-07 23:30 UTC: already 8 December in Berlin, still 7 December in New York.
const instant = Date.UTC(2026, 11, 7, 23, 30);
const nbsp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formats by locale', () => {
  it('writes a date as the viewer’s clock reads it, in each language', () => {
    expect(formatDate(instant, { locale: 'en', timeZone: 'UTC' })).toBe('Dec 7, 2026');
    expect(formatDate(instant, { locale: 'de', timeZone: 'Europe/Berlin' })).toBe('08.12.2026');
    expect(formatDate(instant, { locale: 'fr', timeZone: 'Europe/Paris' })).toBe('8 déc. 2026');
    expect(formatDate(instant, { locale: 'es', timeZone: 'America/New_York' })).toBe('7 dic 2026');
  });

  it('writes a date and time in the viewer’s zone', () => {
    expect(nbsp(formatDateTime(instant, { locale: 'en', timeZone: 'UTC' }))).toBe('Dec 7, 2026, 11:30 PM');
    expect(formatDateTime(instant, { locale: 'de', timeZone: 'Europe/Berlin' })).toBe('08.12.2026, 00:30');
    expect(nbsp(formatDateTime(instant, { locale: 'fr', timeZone: 'UTC' }))).toBe('7 déc. 2026, 23:30');
    expect(formatDateTime(instant, { locale: 'es', timeZone: 'UTC' })).toBe('7 dic 2026, 23:30');
  });

  it('keeps a calendar date on its day in every zone', () => {
    expect(formatCalendarDate('2026-03-01', 'de')).toBe('01.03.2026');
    expect(formatCalendarDate('2026-03-01', 'en')).toBe('Mar 1, 2026');
  });

  it('writes numbers with the language’s separators', () => {
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatNumber(1234.5, 'de')).toBe('1.234,5');
    expect(nbsp(formatNumber(1234.5, 'fr'))).toBe('1 234,5');
    expect(formatNumber(12345.5, 'es')).toBe('12.345,5');
  });

  it('writes a month kept as "2026-03" as each language does', () => {
    expect(formatMonth('2026-03', 'en')).toBe('Mar 2026');
    expect(formatMonth('2026-03', 'de')).toBe('März 2026');
    expect(formatMonth('Engineering', 'de')).toBe('Engineering');
  });

  it('joins a list of names', () => {
    const names = ['Anna', 'Ben', 'Chris'];
    expect(formatList(names, 'en')).toBe('Anna, Ben, and Chris');
    expect(formatList(names, 'de')).toBe('Anna, Ben und Chris');
    expect(formatList(names, 'fr')).toBe('Anna, Ben et Chris');
    expect(formatList(names, 'es')).toBe('Anna, Ben y Chris');
    expect(formatList(names, 'de', 'disjunction')).toBe('Anna, Ben oder Chris');
  });

  it('says how long ago, in the largest unit that fits', () => {
    const now = instant;
    expect(formatRelativeTime(now - 3 * 86_400_000, now, 'en')).toBe('3 days ago');
    expect(formatRelativeTime(now - 3 * 86_400_000, now, 'de')).toBe('vor 3 Tagen');
    expect(formatRelativeTime(now + 2 * 3_600_000, now, 'fr')).toBe('dans 2 heures');
    expect(formatRelativeTime(now - 86_400_000, now, 'es')).toBe('ayer');
    expect(formatRelativeTime(now - 10_000, now, 'en')).toBe('now');
  });
});
