/**
 * Count phrases ("1 person", "1,234 people") by the English plural rules, with grouped digits. A plain module:
 * the server and the browser render the same words, so hydration never disagrees.
 */
const pluralRules = new Intl.PluralRules('en');
const numberFormat = new Intl.NumberFormat('en');

/** The word forms of a count phrase: `other` is required, the other categories default to it. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** "1,234" */
export function formatCount(count: number): string {
  return numberFormat.format(count);
}

/** The word alone for a count: pluralWord(1, { one: 'person', other: 'people' }) is "person". */
export function pluralWord(count: number, forms: PluralForms): string {
  return forms[pluralRules.select(count)] ?? forms.other;
}

/** The count and its word: countPhrase(1234, { one: 'person', other: 'people' }) is "1,234 people". */
export function countPhrase(count: number, forms: PluralForms): string {
  return `${formatCount(count)} ${pluralWord(count, forms)}`;
}
