/**
 * CSV in and out (RFC 4180: comma-separated, double-quoted fields with "" escapes, CRLF or LF rows).
 * Exported cells that a spreadsheet would run as a formula (= + - @ tab CR, other than plain phone numbers)
 * are prefixed with an apostrophe.
 */
export function parseCsv(text: string): string[][] {
  const parser = new CsvParser();
  return [...parser.push(text), ...parser.end()];
}

/** Text that is not CSV (told apart from errors of the source the text comes from). */
export class CsvSyntaxError extends Error {}

/** The rows of a CSV arriving in pieces (an upload's decoded chunks), each yielded once complete. */
export async function* csvRows(chunks: AsyncIterable<string>): AsyncGenerator<string[]> {
  const parser = new CsvParser();
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}

/**
 * The CSV reader behind parseCsv and csvRows: fed any split of the text, it gives the same rows. A field's text is
 * taken a run at a time (a slice between separators), not a character at a time: character-wise `+=` built a chain
 * of one-character strings per field, about 30 bytes of heap per character of the file until the field was
 * flattened, which made a 5 MB import hold well over 100 MB.
 */
class CsvParser {
  private row: string[] = [];
  private field = '';
  private quoted = false;
  private started = false;
  /** The previous piece ended on a `"` inside a quoted field: an escaped quote or the field's end, by the next character. */
  private quoteAtEnd = false;
  /** The previous piece ended on the `\r` that ended a row: a `\n` right after it belongs to the same line break. */
  private carriageReturnAtEnd = false;

  push(piece: string): string[][] {
    let text = piece;
    if (!this.started) {
      if (text === '') return [];
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const rows: string[][] = [];
    let i = 0;
    if (this.quoteAtEnd && text.length > 0) {
      this.quoteAtEnd = false;
      if (text[0] === '"') {
        this.field += '"';
        i = 1;
      } else {
        this.quoted = false;
      }
    }
    if (this.carriageReturnAtEnd && text.length > 0) {
      this.carriageReturnAtEnd = false;
      if (text[0] === '\n') i = 1;
    }
    let runStart = i;
    while (i < text.length) {
      const char = text[i];
      if (this.quoted) {
        if (char !== '"') {
          i += 1;
          continue;
        }
        this.field += text.slice(runStart, i);
        if (i + 1 === text.length) {
          this.quoteAtEnd = true;
          return rows;
        }
        if (text[i + 1] === '"') {
          this.field += '"';
          i += 2;
        } else {
          this.quoted = false;
          i += 1;
        }
        runStart = i;
        continue;
      }
      if (char !== '"' && char !== ',' && char !== '\n' && char !== '\r') {
        i += 1;
        continue;
      }
      this.field += text.slice(runStart, i);
      if (char === '"') {
        // A quote opens a quoted field only where the field is still empty; elsewhere it is text.
        if (this.field === '') this.quoted = true;
        else this.field += '"';
      } else if (char === ',') {
        this.row.push(this.field);
        this.field = '';
      } else {
        this.endRow(rows);
        if (char === '\r') {
          if (i + 1 === text.length) this.carriageReturnAtEnd = true;
          else if (text[i + 1] === '\n') i += 1;
        }
      }
      i += 1;
      runStart = i;
    }
    this.field += text.slice(runStart);
    return rows;
  }

  /** The last row, once the text has all arrived; throws if a quoted field is still open. */
  end(): string[][] {
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      this.quoted = false;
    }
    if (this.quoted) throw new CsvSyntaxError('A quoted field is not closed');
    const rows: string[][] = [];
    if (this.field !== '' || this.row.length > 0) this.endRow(rows);
    return rows;
  }

  private endRow(rows: string[][]): void {
    this.row.push(this.field);
    this.field = '';
    // Blank lines are skipped.
    if (!(this.row.length === 1 && this.row[0].trim() === '')) rows.push(this.row);
    this.row = [];
  }
}

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  // A phone number such as "+44 20 7946 1000" is data, not a formula: left as is so that it re-imports.
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?[\d ().\-x]+$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
