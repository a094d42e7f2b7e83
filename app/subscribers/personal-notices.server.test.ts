/**
 * The personal-notices subscriber: each kind of notice reaches the employee's work email, one email per
 * event (a retried delivery rewrites the same file), and the subscriptions list exactly the kinds there are.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '~/db/database.server';
import { parseEnv } from '~/config/env.server';
import { fileMailer } from '@shared/mail/file-mailer';
import { recordEvent } from '~/services/domain-events.server';
import { dispatchToSubscriber } from '~/services/event-dispatcher.server';
import { NOTICE_KINDS } from '~/services/personal-notices.server';
import { addEmployee, openTestDatabase } from '@test-support/auth-database';
import { readMailbox } from '@test-support/mail';
import { personalNotices } from './personal-notices.server';
import { SUBSCRIPTIONS } from '~/services/subscriptions';

let db: Database;
let close: () => Promise<void>;
const env = parseEnv({ APP_ENV: 'local', NODE_ENV: 'test', PUBLIC_URL: 'https://people.xyz.example' });
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notices-mail-'));
const mailer = fileMailer({
  directory: mailDir,
  from: { name: 'XYZ People', address: 'no-reply@xyz.example' },
  print: () => {},
});
const later = (ms: number) => new Date(Date.now() + ms);

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => {
  await close();
  fs.rmSync(mailDir, { recursive: true, force: true });
});

const statusChange = (employeeId: string, change: 'activated' | 'rejected' | 'deactivated', reason: string | null) =>
  recordEvent(db, {
    type: 'employee.status-changed',
    version: 1,
    employeeId,
    actorId: 'system',
    change,
    from: change === 'activated' ? 'pending' : 'active',
    to: change === 'activated' ? 'active' : 'inactive',
    reason,
  });

describe('personal notices', () => {
  it('subscribes to exactly the event types that have a kind of notice', () => {
    expect([...SUBSCRIPTIONS['personal-notices']].sort()).toEqual(Object.keys(NOTICE_KINDS).sort());
  });

  it('emails an activation and a rejection (with HR’s reason) to the work email; a deactivation sends nothing', async () => {
    const active = await addEmployee(db, { status: 'pending', email: 'ana.active@xyz.example' });
    const rejected = await addEmployee(db, { status: 'pending', email: 'rui.rejected@xyz.example' });
    await statusChange(active.id, 'activated', null);
    await statusChange(rejected.id, 'rejected', 'Please use a photo of your face, not a logo.');
    await statusChange(active.id, 'deactivated', 'Left the company');
    const subscriber = personalNotices({ db, env, mailer });
    expect(await dispatchToSubscriber(db, subscriber, { now: later(1_000) })).toEqual({ delivered: 3, failed: 0 });

    const mails = readMailbox(mailDir).sort((a, b) => a.to.localeCompare(b.to));
    expect(mails.map((mail) => [mail.to, mail.subject])).toEqual([
      ['Ada Lovelace <ana.active@xyz.example>', 'Your employee profile is active'],
      ['Ada Lovelace <rui.rejected@xyz.example>', 'Your employee profile needs changes'],
    ]);
    expect(mails[0].text).toContain('HR has activated your profile. It now appears in the company directory.');
    expect(mails[0].text).toContain('Open your profile: https://people.xyz.example/me');
    expect(mails[1].text).toContain('HR could not activate your profile: Please use a photo of your face, not a logo.');

    // A delivery handed over again (at least once) rewrites its own file: one email per event on disk.
    const [event] = (await db.models.Event.findAll({
      where: { employeeId: active.id },
      raw: true,
    })) as unknown as Array<{
      body: string;
    }>;
    await subscriber.handle(JSON.parse(event.body));
    expect(readMailbox(mailDir)).toHaveLength(2);
  });
});
