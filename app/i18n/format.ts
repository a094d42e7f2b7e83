/**
 * Dates, times, numbers, lists and relative times as the viewer's language and time zone write them (Intl), for
 * pages and for text made without React (emails). Formatters are cached by their options: building an
 * Intl.DateTimeFormat costs far more than using one. Browser-safe.
 */
export interface Viewer {
  locale: string;
  /** An IANA zone (app/i18n/locale.server.ts checks it); dates are shown as its clocks read. */
  timeZone: string;
}

const cache = new Map<string, unknown>();
function cached<T>(key: string, make: () => T): T {
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    // Bounded: the keys are few (languages × zones × styles), but a zone comes from a cookie.
    if (cache.size > 500) cache.clear();
    cache.set(key, formatter);
  }
  return formatter;
}

type Instant = Date | number;

/** "7 Dec 2026" / "7. Dez. 2026": the day as the viewer's clock reads it. */
export function formatDate(value: Instant, viewer: Viewer, style: 'medium' | 'long' | 'short' = 'medium'): string {
  return cached(
    `date|${viewer.locale}|${viewer.timeZone}|${style}`,
    () => new Intl.DateTimeFormat(viewer.locale, { dateStyle: style, timeZone: viewer.timeZone }),
  ).format(value);
}

/** "7 Dec 2026, 10:31" / "7. Dez. 2026, 10:31". */
export function formatDateTime(value: Instant, viewer: Viewer): string {
  return cached(
    `datetime|${viewer.locale}|${viewer.timeZone}`,
    () =>
      new Intl.DateTimeFormat(viewer.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: viewer.timeZone }),
  ).format(value);
}

/**
 * A calendar date with no time of day (a start date, "2026-03-01"): shown as that day everywhere, whatever the
 * viewer's zone, so it is formatted in UTC, where the string's midnight lies.
 */
export function formatCalendarDate(isoDate: string, locale: string): string {
  return formatDate(Date.parse(`${isoDate}T00:00:00Z`), { locale, timeZone: 'UTC' });
}

/** A month kept as "2026-03" (a table's row, a report's period): "Mar 2026" / "März 2026". Anything else as given. */
export function formatMonth(isoMonth: string, locale: string): string {
  if (!/^\d{4}-\d{2}$/.test(isoMonth)) return isoMonth;
  return cached(
    `month|${locale}`,
    () => new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }),
  ).format(Date.parse(`${isoMonth}-01T00:00:00Z`));
}

/** "1,234.5" / "1.234,5" / "1 234,5". */
export function formatNumber(value: number, locale: string, options: Intl.NumberFormatOptions = {}): string {
  return cached(`number|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options)).format(
    value,
  );
}

/** "Anna, Ben and Chris" / "Anna, Ben und Chris"; `disjunction`: "Anna, Ben or Chris". */
export function formatList(items: string[], locale: string, type: 'conjunction' | 'disjunction' = 'conjunction') {
  return cached(`list|${locale}|${type}`, () => new Intl.ListFormat(locale, { style: 'long', type })).format(items);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "3 days ago" / "vor 3 Tagen" / "in 2 hours": the largest unit that fits, rounded; "now" under a minute. */
export function formatRelativeTime(value: Instant, now: Instant, locale: string): string {
  const seconds = (Number(value) - Number(now)) / 1000;
  const format = cached(
    `relative|${locale}`,
    () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'long' }),
  );
  const absolute = Math.abs(seconds);
  if (absolute < 60) return format.format(0, 'second');
  const [unit, size] = UNITS.find(([, unitSeconds]) => absolute >= unitSeconds) ?? ['second', 1];
  return format.format(Math.round(seconds / size), unit);
}
