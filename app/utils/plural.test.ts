import { describe, expect, it } from 'vitest';
import { countPhrase, formatCount, pluralWord } from './plural';

const people = { one: 'person', other: 'people' };

describe('count phrases', () => {
  it('uses the singular for exactly one and the plural otherwise, zero included', () => {
    expect(countPhrase(1, people)).toBe('1 person');
    expect(countPhrase(0, people)).toBe('0 people');
    expect(countPhrase(2, people)).toBe('2 people');
    expect(countPhrase(1.5, people)).toBe('1.5 people');
  });

  it('groups the digits of large counts', () => {
    expect(countPhrase(1234, people)).toBe('1,234 people');
    expect(formatCount(100000)).toBe('100,000');
  });

  it('gives the word alone, for verbs and nouns that agree with a count shown elsewhere', () => {
    expect(pluralWord(1, { one: 'matches', other: 'match' })).toBe('matches');
    expect(pluralWord(3, { one: 'matches', other: 'match' })).toBe('match');
  });
});
