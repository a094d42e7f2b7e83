/**
 * The HR notifications page's data, and where a password-reset link may be. A reset request leaves no token
 * in the outbox; the token appears in exactly one place, the email to the employee (a real `.eml` written by
 * the local mailer, parsed by Python's `email` package), and never on HR's topic or on the page's data,
 * whether the email is queued, retrying or sent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '~/db/database.server';
import { parseEnv } from '~/config/env.server';
import { recordingPublisher } from '~/local/recording-publisher.server';
import { fileMailer, SUPPRESSION_LIST_FILE } from '@shared/mail/file-mailer';
import type { Mailer } from '@shared/mail/mailer';
import { listEmployeeEvents } from '~/models/event-outbox.server';
import { findResetToken } from '~/models/password-reset-tokens.server';
import { recordNotification } from '~/models/recorded-notifications.server';
import { hrNotifications } from '~/subscribers/hr-notifications.server';
import { personalNotices } from '~/subscribers/personal-notices.server';
import { addEmployee, openTestDatabase } from '@test-support/auth-database';
import { firstLink, readMailbox } from '@test-support/mail';
import { recordEvent } from './domain-events.server';
import { dispatchToSubscriber } from './event-dispatcher.server';
import {
  listPersonalEmails,
  listQueuedNotifications,
  listSentNotifications,
  listUnreachableAddresses,
} from './notification-feed.server';
import { sendPasswordResetLink } from './password-reset-link.server';

let db: Database;
let close: () => Promise<void>;
const env = parseEnv({ APP_ENV: 'local', NODE_ENV: 'test' });
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'feed-mail-'));
const printed: string[] = [];
const from = { name: 'XYZ People', address: 'no-reply@xyz.example' };
const mailer = fileMailer({ directory: mailDir, from, print: (line) => printed.push(line) });
const later = (ms: number) => new Date(Date.now() + ms);

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => {
  await close();
  fs.rmSync(mailDir, { recursive: true, force: true });
});

/** Everything HR can see about notices, as one string to search. */
async function everythingHrSees(): Promise<string> {
  const platform = { db, env, mailer };
  return JSON.stringify([
    await listQueuedNotifications(platform),
    await listSentNotifications(platform),
    await listPersonalEmails(platform),
    await listUnreachableAddresses(platform),
  ]);
}

describe('a password reset', () => {
  it('is emailed to the employee with the only copy of its token; HR sees subject, recipient and state only', async () => {
    const employee = await addEmployee(db, { email: 'quinn.queued@xyz.example' });
    await sendPasswordResetLink({ db }, employee.id, 'http://127.0.0.1:3000/forgot-password');
    // The outbox holds where to point the link, not a token.
    const events = await listEmployeeEvents(db, employee.id);
    expect(events.join()).toContain('"baseUrl":"http://127.0.0.1:3000"');
    expect(events.join()).not.toMatch(/token|reset-password/);

    expect(await listPersonalEmails({ db, env })).toEqual([
      expect.objectContaining({
        subject: 'Reset your XYZ People password',
        recipient: 'quinn.queued@xyz.example',
        state: 'queued',
      }),
    ]);

    // HR's topic does not hear about it at all.
    await dispatchToSubscriber(db, hrNotifications({ db, env, publisher: recordingPublisher(db) }), {
      now: later(1_000),
    });
    expect((await listSentNotifications({ db })).map((sent) => sent.subject)).not.toContain(
      'Reset your XYZ People password',
    );

    // Mail briefly refused: the delivery is retried with the dispatcher's backoff, and says so.
    const down: Mailer = {
      send: async () => {
        throw new Error('injected outage: SES unavailable');
      },
      listSuppressedAddresses: async () => [],
    };
    expect(await dispatchToSubscriber(db, personalNotices({ db, env, mailer: down }), { now: later(1_000) })).toEqual({
      delivered: 0,
      failed: 1,
    });
    expect(await listPersonalEmails({ db, env })).toEqual([expect.objectContaining({ state: 'retrying' })]);

    await dispatchToSubscriber(db, personalNotices({ db, env, mailer }), { now: later(600_000) });
    const [email, ...others] = readMailbox(mailDir);
    expect(others).toEqual([]);
    expect(email).toMatchObject({
      to: 'Ada Lovelace <quinn.queued@xyz.example>',
      from: 'XYZ People <no-reply@xyz.example>',
      subject: 'Reset your XYZ People password',
    });
    const link = firstLink(email.text)!;
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:3000\/reset-password\?token=[\w-]{40,}$/);
    expect(email.html).toContain(`href="${link}"`);
    expect(printed.join('\n')).toContain(`[mail] to quinn.queued@xyz.example: Reset your XYZ People password`);
    expect(printed.join('\n')).toContain(link);
    const token = new URL(link).searchParams.get('token')!;
    // The token works (its hash was stored when the email was made) ...
    expect(await findResetToken(db, token)).toBe(employee.id);
    // ... and appears nowhere HR looks, nor in the outbox.
    expect(await listPersonalEmails({ db, env })).toEqual([expect.objectContaining({ state: 'sent' })]);
    const seen = await everythingHrSees();
    expect(seen).toContain('Reset your XYZ People password');
    expect(seen).not.toContain(token);
    expect(seen).not.toContain('reset-password');
    expect((await listEmployeeEvents(db, employee.id)).join()).not.toContain(token);
  });

  it('is not sent to an account deactivated before the email went out, and mints no token for it', async () => {
    const employee = await addEmployee(db, { status: 'inactive', email: 'ivy.inactive@xyz.example' });
    const before = readMailbox(mailDir).length;
    await sendPasswordResetLink({ db }, employee.id, 'http://127.0.0.1:3000');
    await dispatchToSubscriber(db, personalNotices({ db, env, mailer }), { now: later(600_000) });
    expect(readMailbox(mailDir)).toHaveLength(before);
    const [{ n }] = (await db.sequelize.query(
      'SELECT COUNT(*) AS n FROM password_reset_tokens WHERE employee_id = :id',
      { replacements: { id: employee.id }, type: 'SELECT' },
    )) as Array<{ n: number }>;
    expect(Number(n)).toBe(0);
  });
});

describe('the notifications page', () => {
  it('reads a new-profile notice as a sentence for HR, queued then sent, with a link to review the profile', async () => {
    const employee = await addEmployee(db, { status: 'pending', email: 'nina.new@xyz.example' });
    await recordEvent(db, {
      type: 'employee.created',
      version: 2,
      employeeId: employee.id,
      actorId: employee.id,
      source: 'join',
      employee: { status: 'pending', role: 'employee' },
      photoId: null,
    });
    expect(await listQueuedNotifications({ db, env })).toEqual([
      expect.objectContaining({
        subject: 'New employee profile waiting for HR',
        recipient: expect.stringMatching(/^HR/),
        state: 'queued',
      }),
    ]);
    await dispatchToSubscriber(db, hrNotifications({ db, env, publisher: recordingPublisher(db) }), {
      now: later(600_000),
    });
    const [sent] = await listSentNotifications({ db });
    expect(sent).toMatchObject({
      subject: 'New employee profile waiting for HR',
      // The message carries the id only; the page names the profile as it is now.
      text: 'Ada Lovelace (Engineer, Engineering, nina.new@xyz.example) created a profile and is waiting for HR to check it.',
      link: { href: `/admin/employees/${employee.id}`, label: 'Review the profile' },
    });
    expect(JSON.parse(sent.raw!)).toMatchObject({ type: 'employee.created' });
  });

  it('shows a reset notice recorded before notices moved to email by its subject only, without its link', async () => {
    const oldToken = 'old-token-recorded-before-the-move-to-email';
    await recordNotification(db, {
      id: crypto.randomUUID(),
      topic: 'employee.password-reset',
      subject: 'Reset your XYZ People password (old)',
      body: JSON.stringify({
        type: 'employee.password-reset',
        version: 1,
        messageId: crypto.randomUUID(),
        occurredAt: new Date().toISOString(),
        recipient: { employeeId: crypto.randomUUID(), workEmail: 'olga.old@xyz.example' },
        text: 'Someone asked to reset your password.',
        link: `http://127.0.0.1:3000/reset-password?token=${oldToken}`,
      }),
    });
    const old = (await listSentNotifications({ db })).find((sent) => sent.subject.endsWith('(old)'));
    expect(old).toMatchObject({ link: null, raw: null, text: '' });
    expect(await everythingHrSees()).not.toContain(oldToken);
  });

  it("lists employees' addresses that bounced or complained, and nobody else's", async () => {
    const employee = await addEmployee(db, { email: 'bea.bounced@xyz.example' });
    fs.writeFileSync(
      path.join(mailDir, SUPPRESSION_LIST_FILE),
      JSON.stringify([
        { address: 'bea.bounced@xyz.example', reason: 'bounce', since: '2026-12-01T10:00:00.000Z' },
        { address: 'someone.else@other.example', reason: 'complaint', since: '2026-12-02T10:00:00.000Z' },
      ]),
    );
    expect(await listUnreachableAddresses({ db, mailer })).toEqual([
      {
        address: 'bea.bounced@xyz.example',
        reason: 'bounce',
        since: '2026-12-01T10:00:00.000Z',
        employee: { id: employee.id, displayName: 'Ada Lovelace' },
      },
    ]);
  });
});
