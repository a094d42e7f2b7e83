import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from './languages';
import { nameCollationOf, nameOrderKey, nameOrderPrefix } from './name-order';

const NAMES = [
  'Ångström Eva',
  'Zoë Eva',
  'Østergaard Eva',
  'Núñez Eva',
  'Nunez Eva',
  'Ñandú Eva',
  'Müller Eva',
  'Mueller Eva',
  'Muller Eva',
  'Straße Eva',
  'Strasse Eva',
  'Ærø Eva',
  'Aebi Eva',
  'Łukasz Eva',
  'Lukas Eva',
  'van der Berg Eva',
  'Vanderberg Eva',
  "O'Brien Eva",
  'Obama Eva',
  'Çelik Eva',
  'Čapek Eva',
  'Dvořák Eva',
  'Öztürk Eva',
  'Åberg Eva',
  'Chávez Eva',
  'Cruz Eva',
  'Иванов Eva',
];

const byKey = (collation: ReturnType<typeof nameCollationOf>) => (a: string, b: string) => {
  const [x, y] = [nameOrderKey(a, collation), nameOrderKey(b, collation)];
  return x < y ? -1 : x > y ? 1 : 0;
};

describe('names in each language’s order', () => {
  it.each(SUPPORTED_LANGUAGES)(
    '%s: the stored key orders names as the language’s collator does (a new language whose alphabet differs fails here: docs/decisions/336-names-in-each-language-order.md)',
    (language) => {
      const collator = new Intl.Collator(language);
      expect([...NAMES].sort(byKey(nameCollationOf(language)))).toEqual([...NAMES].sort(collator.compare));
    },
  );

  it('puts Å with the A’s and Ø with the O’s in English, and ñ after n in Spanish', () => {
    const sample = ['Zoë', 'Østergaard', 'Ångström', 'Ñandú', 'Nunez', 'Núñez', 'Olsen'];
    expect([...sample].sort(byKey(nameCollationOf('en')))).toEqual([
      'Ångström',
      'Ñandú',
      'Nunez',
      'Núñez',
      'Olsen',
      'Østergaard',
      'Zoë',
    ]);
    expect([...sample].sort(byKey(nameCollationOf('es')))).toEqual([
      'Ångström',
      'Nunez',
      'Núñez',
      'Ñandú',
      'Olsen',
      'Østergaard',
      'Zoë',
    ]);
  });

  it('makes keys a byte-wise engine orders alike (digits and lower-case letters only), and prefixes of the letters', () => {
    for (const name of NAMES) expect(nameOrderKey(name, 'root')).toMatch(/^[0-9a-z]+$/);
    expect(nameOrderKey('Müller Eva', 'root').startsWith(nameOrderPrefix('mull', 'root'))).toBe(true);
    expect(nameOrderKey('Müller Eva', 'root').startsWith(nameOrderPrefix('MÜLLER E', 'root'))).toBe(true);
  });
});
