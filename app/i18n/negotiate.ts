/**
 * Which supported language a browser asks for, from its Accept-Language header (RFC 9110 §12.5.4): ranges in
 * order of their q-values (ties keep the header's order), a region falling back to its language (de-AT -> de),
 * q=0 meaning "not this one". Anything malformed is skipped, never thrown: the header is outside input.
 * Browser-safe.
 */
import { isLanguage, type Language } from './languages';

/** A header longer than this is cut: no browser sends more, and the parse stays bounded. */
const MAX_HEADER_LENGTH = 1000;
const MAX_RANGES = 30;
const RANGE = /^([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)$/;
const QUALITY = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

export function languageFromAcceptLanguage(header: string | null | undefined): Language | null {
  if (!header) return null;
  const ranges: Array<{ range: string; q: number; order: number }> = [];
  for (const [order, part] of header.slice(0, MAX_HEADER_LENGTH).split(',').slice(0, MAX_RANGES).entries()) {
    const [rawRange, ...params] = part.split(';').map((piece) => piece.trim());
    if (!rawRange || !RANGE.test(rawRange)) continue;
    let q = 1;
    const quality = params.find((param) => /^q=/i.test(param));
    if (quality !== undefined) {
      const match = QUALITY.exec(quality);
      if (!match) continue;
      q = Number(match[1]);
    }
    if (q > 0) ranges.push({ range: rawRange.toLowerCase(), q, order });
  }
  ranges.sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { range } of ranges) {
    const primary = range.split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return null;
}
