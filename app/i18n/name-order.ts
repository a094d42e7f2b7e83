/**
 * Names in the order a language sorts them ("Ångström" with the A's, "Østergaard" with the O's, and in Spanish
 * "Ñandú" after every "N"), as a plain ASCII key that any engine orders byte by byte: SQLite's binary
 * collation, MariaDB's (only digits and lower-case letters, which every collation orders alike), the
 * embedded index's string comparison and an OpenSearch keyword. The directory pages through it, so the order
 * is the database's, not one page sorted in the browser (docs/decisions/336-names-in-each-language-order.md).
 *
 * The key is made from the language's own collator (Intl.Collator, CLDR): the letters below are ranked by it
 * once per collation; a letter it counts as two ("ß" = "ss", "æ" = "ae") takes both ranks. Then each letter of
 * the name is written as its rank (two base-36 digits), words separated by the lowest rank, then "00" and one
 * digit per letter for its accent (so "Nunez" comes before "Núñez" where the letters tie). Characters outside
 * the table (other scripts) follow every listed letter, by code point. Browser-safe, no dependencies.
 */

/**
 * The collations the product keeps a key for. `root` is CLDR's default order, which English, German and French
 * names follow; a language whose alphabet orders some letter differently needs its own entry here and its own
 * stored key (the decision record says what). `NAME_ORDER_OF_LANGUAGE` picks one per language.
 */
export const NAME_COLLATIONS = ['root', 'es'] as const;
export type NameCollation = (typeof NAME_COLLATIONS)[number];

/** Languages with their own collation; every other language orders names as `root`. */
const OWN_COLLATION: Partial<Record<string, NameCollation>> = { es: 'es' };

export function nameCollationOf(language: string): NameCollation {
  return OWN_COLLATION[language] ?? 'root';
}

/** The locale Intl.Collator is given for a collation (`und`: CLDR's root). */
export function collatorLocaleOf(collation: NameCollation): string {
  return collation === 'root' ? 'und' : collation;
}

/** Names longer than this many letters are ordered by their first ones (then by id). */
const MAX_LETTERS = 60;
const WORD_BREAK_RANK = 1;
/** After every ranked letter: characters the table does not list. */
const UNLISTED = 'zz';

interface RankTable {
  /** Per listed character: its primary ranks (two for "ß") and its accent digit. */
  ranks: Map<string, { primary: number[]; accent: number }>;
}

/** Digits and the lower-case Latin letters (Basic Latin, Latin-1, Latin Extended-A and -B). */
function listedCharacters(): string[] {
  const found = new Set<string>();
  for (let code = 0x30; code <= 0x24f; code++) {
    const char = String.fromCodePoint(code);
    if (!/[\p{L}\p{N}]/u.test(char)) continue;
    const lower = char.toLowerCase();
    if ([...lower].length === 1) found.add(lower);
  }
  return [...found];
}

const tables = new Map<NameCollation, RankTable>();

/** The rank table of a collation, built once (a few milliseconds) from its collator. */
export function rankTable(collation: NameCollation): RankTable {
  const known = tables.get(collation);
  if (known) return known;
  const locale = collatorLocaleOf(collation);
  const base = new Intl.Collator(locale, { sensitivity: 'base' }).compare;
  const accent = new Intl.Collator(locale, { sensitivity: 'accent' }).compare;
  const sorted = listedCharacters().sort((a, b) => base(a, b) || accent(a, b) || (a < b ? -1 : 1));
  // Groups of characters equal at the primary level ("a", "á", "å"), in order.
  const groups: string[][] = [];
  for (const char of sorted) {
    const group = groups.at(-1);
    if (group && base(group[0], char) === 0) group.push(char);
    else groups.push([char]);
  }
  const ranks = new Map<string, { primary: number[]; accent: number }>();
  groups.forEach((group, index) => {
    const primary = [WORD_BREAK_RANK + 1 + index];
    let accentDigit = 0;
    group.forEach((char, position) => {
      if (position > 0 && accent(group[position - 1], char) !== 0) accentDigit++;
      ranks.set(char, { primary, accent: Math.min(accentDigit, 35) });
    });
  });
  // A letter the collator counts as two ("ß" = "ss", "æ" = "ae", "œ" = "oe") takes both letters' ranks.
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (const group of groups) {
    if (group.some((char) => letters.includes(char))) continue;
    for (const char of group) {
      const pair = expansionOf(char, letters, base);
      if (pair) ranks.set(char, { primary: [...pair].map((letter) => ranks.get(letter)!.primary[0]), accent: 1 });
    }
  }
  const table = { ranks };
  tables.set(collation, table);
  return table;
}

function expansionOf(char: string, letters: string, base: (a: string, b: string) => number): string | null {
  for (const first of letters) {
    // Only pairs starting with a letter the character could begin with: "ß" vs "s?", "æ" vs "a?".
    if (base(char, first) < 0 || base(char, `${first}z`) > 0) continue;
    for (const second of letters) if (base(char, first + second) === 0) return first + second;
  }
  return null;
}

const SEPARATOR = /[\s\p{P}\p{S}\p{Z}\p{C}]/u;

function unit(rank: number): string {
  return rank.toString(36).padStart(2, '0');
}

/** A character as the key writes it: its primary units and accent digits, or null for a word break. */
type Encoded = { primary: string; accents: string } | null;

const encodedCharacters = new Map<NameCollation, Map<string, Encoded>>();

function encode(char: string, collation: NameCollation): Encoded {
  let known = encodedCharacters.get(collation);
  if (!known) encodedCharacters.set(collation, (known = new Map()));
  let encoded = known.get(char);
  if (encoded !== undefined) return encoded;
  const { ranks } = rankTable(collation);
  const listed = ranks.get(char) ?? ranks.get(char.normalize('NFD')[0]);
  encoded = SEPARATOR.test(char)
    ? null
    : listed
      ? {
          primary: listed.primary.map(unit).join(''),
          accents: listed.primary.map(() => listed.accent.toString(36)).join(''),
        }
      : { primary: UNLISTED + (char.codePointAt(0) ?? 0).toString(36).padStart(4, '0'), accents: '0' };
  // Bounded: a name can bring characters from any script.
  if (known.size > 5000) known.clear();
  known.set(char, encoded);
  return encoded;
}

/** A name's letters (primary units) and their accents, as nameOrderKey writes them. */
function keyParts(text: string, collation: NameCollation): { primary: string; accents: string } {
  let primary = '';
  let accents = '';
  let letters = 0;
  let pendingBreak = false;
  for (const char of text.normalize('NFC').toLowerCase()) {
    if (letters >= MAX_LETTERS) break;
    const encoded = encode(char, collation);
    if (encoded === null) {
      pendingBreak = letters > 0;
      continue;
    }
    if (pendingBreak) {
      primary += unit(WORD_BREAK_RANK);
      accents += '0';
      pendingBreak = false;
    }
    primary += encoded.primary;
    accents += encoded.accents;
    letters++;
  }
  return { primary, accents };
}

/**
 * The ASCII key that orders `text` (a "last first" name) as `collation` does; the same text gives the same key.
 * "00" (below every letter's unit) ends the letters, so a name that is a prefix of another comes first.
 */
export function nameOrderKey(text: string, collation: NameCollation): string {
  const { primary, accents } = keyParts(text, collation);
  return `${primary}00${accents}`;
}

/**
 * The letters part of a key (no accents): a prefix of a name gives a prefix of its key, so a range on the key
 * column finds the names that begin with `text`, whatever their accents.
 */
export function nameOrderPrefix(text: string, collation: NameCollation): string {
  return keyParts(text, collation).primary;
}

/** The longest key nameOrderKey makes: MAX_LETTERS letters of up to 6 characters, "00" and their accents. */
export const NAME_ORDER_KEY_LENGTH = MAX_LETTERS * 7 + 2;
