import { describe, expect, it } from 'vitest';
import { csvRow, csvRows, parseCsv } from './csv';

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

  it('reads an upload in pieces to the same rows, wherever the pieces split it', async () => {
    const text = '\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\r\nlines",ab"c\r\nlast,"q"""';
    const whole = parseCsv(text);
    for (let cut = 0; cut <= text.length; cut += 1) {
      for (const second of [cut, Math.min(cut + 1, text.length)]) {
        const pieces = [text.slice(0, cut), text.slice(cut, second), text.slice(second)];
        expect(await collect(csvRows(fromPieces(pieces)))).toEqual(whole);
      }
    }
    await expect(collect(csvRows(fromPieces(['a,"b', '\n'])))).rejects.toThrow(/not closed/);
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

async function* fromPieces(pieces: readonly string[]): AsyncGenerator<string> {
  yield* pieces;
}

async function collect(rows: AsyncIterable<string[]>): Promise<string[][]> {
  const all: string[][] = [];
  for await (const row of rows) all.push(row);
  return all;
}
