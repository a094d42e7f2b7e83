/**
 * One email as RFC 5322 bytes: a plain-text and an HTML part (multipart/alternative), UTF-8, base64 bodies.
 * Header values a person typed (a display name, a subject built from a name) are cleaned of control
 * characters, so a line break can never start a new header, and non-ASCII text is written as RFC 2047
 * encoded words.
 */
import { randomBytes } from 'node:crypto';
import type { Mailbox, OutgoingEmail } from './mailer';

const CRLF = '\r\n';

/** Control characters (line breaks included) become spaces; runs of whitespace become one space. */
export function cleanHeaderText(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * RFC 2047 "B" encoded words, each at most 75 characters, never splitting a character's UTF-8 bytes,
 * folded onto continuation lines.
 */
export function encodeWords(text: string): string {
  const words: string[] = [];
  let chunk: Buffer[] = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    words.push(`=?UTF-8?B?${Buffer.concat(chunk).toString('base64')}?=`);
    chunk = [];
    size = 0;
  };
  for (const character of text) {
    const bytes = Buffer.from(character, 'utf8');
    // 45 bytes make 60 base64 characters: with the 12 of "=?UTF-8?B?" and "?=", 72 <= 75.
    if (size + bytes.length > 45) flush();
    chunk.push(bytes);
    size += bytes.length;
  }
  flush();
  return words.join(`${CRLF} `);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** An unstructured header value (Subject): ASCII as it is, anything else as encoded words. */
export function encodeHeaderText(text: string): string {
  const clean = cleanHeaderText(text);
  return PRINTABLE_ASCII.test(clean) ? clean : encodeWords(clean);
}

/** `Name <address>`: the name quoted or encoded, so no character in it can end the phrase or the header. */
export function formatMailbox(mailbox: Mailbox): string {
  const name = cleanHeaderText(mailbox.name);
  if (!name) return mailbox.address;
  if (!PRINTABLE_ASCII.test(name)) return `${encodeWords(name)} <${mailbox.address}>`;
  if (/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/.test(name)) return `${name} <${mailbox.address}>`;
  return `"${name.replace(/(["\\])/g, '\\$1')}" <${mailbox.address}>`;
}

function base64Lines(text: string): string {
  return (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g)
      ?.join(CRLF) ?? ''
  );
}

/** RFC 5322 date with a numeric zone ("Thu, 03 Dec 2026 12:00:00 +0000"). */
function mailDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

export function buildMimeMessage(email: OutgoingEmail, from: Mailbox, date = new Date()): string {
  const boundary = `=_xyz_${randomBytes(12).toString('hex')}`;
  const domain = from.address.split('@')[1];
  const headers = [
    `From: ${formatMailbox(from)}`,
    `To: ${formatMailbox(email.to)}`,
    `Subject: ${encodeHeaderText(email.subject)}`,
    `Date: ${mailDate(date)}`,
    `Message-ID: <${email.id}@${domain}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const part = (type: string, body: string) =>
    [
      `--${boundary}`,
      `Content-Type: ${type}; charset=UTF-8`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(body),
    ].join(CRLF);
  return [...headers, '', part('text/plain', email.text), part('text/html', email.html), `--${boundary}--`, ''].join(
    CRLF,
  );
}
