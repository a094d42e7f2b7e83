import { describe, expect, it } from 'vitest';
import { csvRow, parseCsv } from './csv';

describe('CSV', () => {
  it('parses quoted fields, escaped quotes, commas and line breaks inside quotes', () => {
    expect(parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\n')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
    ]);
  });

  it('ignores a byte-order mark and blank lines', () => {
    expect(parseCsv('\ufeffa,b\n\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a,"b\n')).toThrow(/not closed/);
  });

  it('round-trips what it writes', () => {
    const values = ['plain', 'with, comma', 'with "quote"', 'multi\nline', ''];
    expect(parseCsv(csvRow(values))).toEqual([values]);
  });

  it('defuses spreadsheet formulas', () => {
    expect(csvRow(['=HYPERLINK("http://evil")', '+1+cmd|x', '-2+A1', '@SUM(A1)'])).toBe(
      `"'=HYPERLINK(""http://evil"")",'+1+cmd|x,'-2+A1,'@SUM(A1)\r\n`,
    );
  });

  it('leaves phone numbers alone', () => {
    expect(csvRow(['+44 20 7946 1000', '-1 (555) 0100'])).toBe('+44 20 7946 1000,-1 (555) 0100\r\n');
  });
});
