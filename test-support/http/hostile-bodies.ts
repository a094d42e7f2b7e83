/**
 * Generators (fast-check) of what a hostile or broken client sends instead of a form: hostile text (control
 * characters, NUL, bidi overrides, combining marks, lone surrogates, huge values), fields missing, repeated or
 * sent as files, bodies in mixed encodings (invalid UTF-8 and overlong sequences as raw bytes and as
 * %-escapes), and bad framing (truncated or missing multipart boundaries, huge part headers, a Content-Type
 * that does not match the body). Each body is bytes plus the headers that go with them.
 */
import fc from 'fast-check';

export type FormPart =
  { name: string; value: string } | { name: string; file: { filename: string; type: string; bytes: Uint8Array } };

export interface RawBody {
  /** What the body is, for the failure message (and a reproduction by hand). */
  kind: string;
  contentType: string | null;
  bytes: Uint8Array;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** Byte sequences that are not valid UTF-8: stray continuation bytes, overlong encodings, surrogates, 0xFF. */
export const INVALID_UTF8 = [
  [0xff],
  [0xc0, 0xaf], // overlong "/"
  [0xe0, 0x80, 0xaf], // overlong "/", three bytes
  [0xc0, 0x80], // overlong NUL
  [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded as UTF-8
  [0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82], // truncated "€"
].map((bytes) => Uint8Array.from(bytes));

/** Every C0 control (NUL to U+001F) and DEL: what no single-line text field accepts (app/utils/control-characters.ts). */
export const CONTROL_CHARACTERS = [...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)), '\u007f'];
/** The ones a multi-line field (a textarea) refuses too: all but tab, line feed and carriage return. */
export const MULTI_LINE_CONTROL_CHARACTERS = CONTROL_CHARACTERS.filter((character) => !'\t\n\r'.includes(character));

/**
 * `text` with a control character inside it: never at either end, where a form's trimming takes a tab or a newline
 * off. A NUL inside a manager's email answered 500 before the rule, which only an otherwise plausible value found.
 */
export const withControlInside = (text: string, controls: string[] = CONTROL_CHARACTERS): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 1, max: text.length - 1 }), fc.constantFrom(...controls))
    .map(([at, control]) => `${text.slice(0, at)}${control}${text.slice(at)}`);

const hostileCharacter = fc.constantFrom(
  ...CONTROL_CHARACTERS,
  '\u0085',
  '\u200f', // right-to-left mark
  '\u202e', // right-to-left override
  '\u2066', // left-to-right isolate
  '\u0301', // combining acute
  '\u0336\u0336\u0336', // stacked combining strokes
  '\ufeff',
  '\ufffd',
  '\ud800', // lone high surrogate
  '\udc00', // lone low surrogate
  '\u{1f600}',
  'é',
  'ß',
  '中',
  '<script>alert(1)</script>',
  '"; DROP TABLE employees; --',
  '%00',
  '%',
  '&',
  '=',
  '../',
);

/** Text a person would not type: mixes of ordinary and hostile characters. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.oneof(hostileCharacter, fc.string({ maxLength: 4 })), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

/** A huge value: 5 k to 100 k characters of one repeated piece. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(fc.constantFrom('a', 'é', '\u0000', '\u202e', 'x '), fc.string({ minLength: 1, maxLength: 3 })),
    fc.integer({ min: 5_000, max: 100_000 }),
  )
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

/** application/x-www-form-urlencoded, with optional raw (unescaped) invalid bytes spliced into values. */
export function urlencoded(parts: FormPart[], rawValueBytes: Map<number, Uint8Array> = new Map()): RawBody {
  const chunks: Uint8Array[] = [];
  parts.forEach((part, index) => {
    if (index > 0) chunks.push(utf8('&'));
    const value = 'value' in part ? part.value : new TextDecoder().decode(part.file.bytes);
    chunks.push(utf8(`${encodeURIComponent(wellFormed(part.name))}=${encodeURIComponent(wellFormed(value))}`));
    const raw = rawValueBytes.get(index);
    if (raw) chunks.push(raw);
  });
  return { kind: 'urlencoded', contentType: 'application/x-www-form-urlencoded', bytes: concat(chunks) };
}

/** Lone surrogates cannot be %-encoded (encodeURIComponent throws): sent as the replacement character instead. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** %-escapes of invalid UTF-8 (e.g. `%C0%AF`), which the server decodes itself. */
export const percentEscapedGarbage: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...INVALID_UTF8), { minLength: 1, maxLength: 3 })
  .map((sequences) =>
    sequences.map((bytes) => [...bytes].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('')).join('x'),
  );

export interface MultipartOptions {
  boundary?: string;
  /** Bytes appended after a text part's value (e.g. invalid UTF-8). */
  rawValueBytes?: Map<number, Uint8Array>;
  /** An extra header line in every part (e.g. a huge one). */
  extraPartHeader?: string;
}

/** multipart/form-data, correctly framed. */
export function multipart(parts: FormPart[], options: MultipartOptions = {}): RawBody {
  const boundary = options.boundary ?? '----fuzzBoundary7MA4YWxkTrZu0gW';
  const chunks: Uint8Array[] = [];
  parts.forEach((part, index) => {
    chunks.push(utf8(`--${boundary}\r\n`));
    const disposition =
      'value' in part
        ? `Content-Disposition: form-data; name="${part.name.replace(/["\r\n]/g, '_')}"\r\n`
        : `Content-Disposition: form-data; name="${part.name.replace(/["\r\n]/g, '_')}"; filename="${part.file.filename.replace(/["\r\n]/g, '_')}"\r\nContent-Type: ${part.file.type}\r\n`;
    chunks.push(utf8(disposition));
    if (options.extraPartHeader) chunks.push(utf8(`${options.extraPartHeader}\r\n`));
    chunks.push(utf8('\r\n'));
    chunks.push('value' in part ? utf8(part.value) : part.file.bytes);
    const raw = options.rawValueBytes?.get(index);
    if (raw) chunks.push(raw);
    chunks.push(utf8('\r\n'));
  });
  chunks.push(utf8(`--${boundary}--\r\n`));
  return { kind: 'multipart', contentType: `multipart/form-data; boundary=${boundary}`, bytes: concat(chunks) };
}

/** Ways to break a correctly framed multipart body. */
export const multipartBreakage = fc.constantFrom(
  'truncated',
  'no-boundary-parameter',
  'wrong-boundary',
  'no-closing-boundary',
  'huge-part-header',
  'header-without-colon',
  'no-disposition',
  'lf-only',
);
export type MultipartBreakage = typeof multipartBreakage extends fc.Arbitrary<infer T> ? T : never;

export function brokenMultipart(parts: FormPart[], breakage: MultipartBreakage, cutAt: number): RawBody {
  const boundary = '----fuzzBoundaryQ2xVb9';
  const kind = `multipart, ${breakage}`;
  const whole = multipart(parts, { boundary });
  const type = `multipart/form-data; boundary=${boundary}`;
  switch (breakage) {
    case 'truncated':
      return { kind, contentType: type, bytes: whole.bytes.slice(0, Math.floor(whole.bytes.byteLength * cutAt)) };
    case 'no-boundary-parameter':
      return { kind, contentType: 'multipart/form-data', bytes: whole.bytes };
    case 'wrong-boundary':
      return { kind, contentType: 'multipart/form-data; boundary=somethingElse', bytes: whole.bytes };
    case 'no-closing-boundary': {
      const text = new TextDecoder('latin1').decode(whole.bytes);
      const end = text.lastIndexOf(`--${boundary}--`);
      return { kind, contentType: type, bytes: whole.bytes.slice(0, end) };
    }
    case 'huge-part-header':
      return { ...multipart(parts, { boundary, extraPartHeader: `X-Padding: ${'h'.repeat(200_000)}` }), kind };
    case 'header-without-colon':
      return { ...multipart(parts, { boundary, extraPartHeader: 'this is not a header' }), kind };
    case 'no-disposition': {
      const bytes = utf8(`--${boundary}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`);
      return { kind, contentType: type, bytes };
    }
    case 'lf-only': {
      const text = new TextDecoder().decode(whole.bytes).replace(/\r\n/g, '\n');
      return { kind, contentType: type, bytes: utf8(text) };
    }
  }
}

/** The body sent with a Content-Type that does not describe it (or none). */
export const mismatchedContentType = fc.constantFrom(
  null,
  'text/plain',
  'application/json',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded; charset=iso-8859-1',
  'application/x-www-form-urlencoded; charset=utf-16',
  'text/html; charset=utf-8',
  'multipart/mixed; boundary=----fuzzBoundary7MA4YWxkTrZu0gW',
  ';;;',
);

/** A body that is not a form at all. */
export const nonFormBody: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  fc.json().map(utf8),
  fc.string({ unit: 'binary', maxLength: 500 }).map(utf8),
  fc.constant(new Uint8Array(0)),
);
