/**
 * The email as bytes, read back by Python's `email` package: what a mail program would show, with names
 * from any script and with hostile names that try to add a header.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEmlFile } from '@test-support/mail';
import { buildMimeMessage, encodeWords, formatMailbox } from './mime-message';
import type { OutgoingEmail } from './mailer';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mime-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const from = { name: 'XYZ People', address: 'no-reply@people.xyz.example' };

function roundTrip(email: Partial<OutgoingEmail>) {
  const full: OutgoingEmail = {
    id: 'b7c0f8a4-6a1e-4f5e-9d0e-000000000001',
    to: { name: 'Ada Lovelace', address: 'ada@xyz.example' },
    subject: 'Your employee profile is active',
    text: 'Hello Ada,\n\nHR has activated your profile.\n',
    html: '<p>Hello Ada,</p>',
    link: null,
    ...email,
  };
  const raw = buildMimeMessage(full, from, new Date('2026-12-03T12:00:00Z'));
  const file = path.join(dir, `${Math.random()}.eml`);
  fs.writeFileSync(file, raw);
  return { raw, parsed: parseEmlFile(file) };
}

describe('an email as RFC 5322 bytes', () => {
  it('reads back as written: sender, recipient, subject, both parts, a message id on the sender domain', () => {
    const { raw, parsed } = roundTrip({});
    expect(parsed).toMatchObject({
      from: 'XYZ People <no-reply@people.xyz.example>',
      to: 'Ada Lovelace <ada@xyz.example>',
      subject: 'Your employee profile is active',
      messageId: '<b7c0f8a4-6a1e-4f5e-9d0e-000000000001@people.xyz.example>',
      text: 'Hello Ada,\n\nHR has activated your profile.\n',
      html: '<p>Hello Ada,</p>',
    });
    expect(raw).toContain('Date: Thu, 03 Dec 2026 12:00:00 +0000\r\n');
    // Every line within the 78-character recommendation, CRLF endings only.
    expect(raw.split('\r\n').every((line) => line.length <= 78)).toBe(true);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('encodes names and subjects in any script, long ones folded, without splitting a character', () => {
    const name = 'Zoë Ñúñez-Łukasiewicz 李小龙 🙂 '.repeat(3).trim();
    const subject = `Votre profil est activé, ${name}`;
    const { raw, parsed } = roundTrip({ to: { name, address: 'zoe@xyz.example' }, subject });
    expect(parsed.to).toBe(`${name} <zoe@xyz.example>`);
    expect(parsed.subject).toBe(subject);
    expect(raw).toMatch(/^To: =\?UTF-8\?B\?/m);
    for (const word of encodeWords(name).split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75);
  });

  it('never lets a typed name add a header or a recipient', () => {
    const hostile = 'Eve\r\nBcc: victim@evil.example\r\n\r\nInjected body';
    const { raw, parsed } = roundTrip({
      to: { name: hostile, address: 'eve@xyz.example' },
      subject: `Hello ${hostile}`,
    });
    expect(parsed.headerNames).toEqual(['From', 'To', 'Subject', 'Date', 'Message-ID', 'MIME-Version', 'Content-Type']);
    expect(raw).not.toMatch(/^Bcc:/im);
    // One line, the name quoted (its ":" and "@" are not address syntax), one recipient.
    expect(parsed.to).toBe('"Eve Bcc: victim@evil.example Injected body" <eve@xyz.example>');
    expect(parsed.subject).toBe('Hello Eve Bcc: victim@evil.example Injected body');
    expect(formatMailbox({ name: 'Mallory <m@evil.example>, "x"', address: 'm@xyz.example' })).toBe(
      '"Mallory <m@evil.example>, \\"x\\"" <m@xyz.example>',
    );
  });
});
