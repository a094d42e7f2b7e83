/**
 * Text as search compares it: lower case, diacritics folded (NFD, marks dropped), and the letters NFD leaves
 * whole folded as OpenSearch's asciifolding folds them. Shared by the search indexes (app/search/search-text.ts)
 * and the SQL search's stored keys (app/db/name-order-columns.server.ts). Browser-safe, no dependencies.
 */

/** Text with nothing to fold but case: NFD leaves ASCII as it is and it carries no marks. */
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Letters NFD does not take apart, folded as OpenSearch's asciifolding filter folds them, so "ostergaard" finds
 * "Østergaard" and "strasse" finds "Straße" in every index alike.
 */
const UNDECOMPOSED: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
};
const UNDECOMPOSED_LETTERS = /[øæœßłđðþıħ]/g;

export function foldTerm(term: string): string {
  if (ASCII.test(term)) return term.toLowerCase();
  return term
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(UNDECOMPOSED_LETTERS, (letter) => UNDECOMPOSED[letter]);
}
