/**
 * The personal-notices subscriber: each kind of notice reaches the employee's work email, one email per
 * event (a retried delivery rewrites the same file), and the subscriptions list exactly the kinds there are.
 */
import { randomUUID } from 'node:crypto';
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
import { HR_REFUSED_REASON } from '@shared/photo-records';
import { completeWaitingTask, storeWaitingTask } from '~/models/workflow-tasks.server';
import { setEmployeeStatus } from '~/models/employee.server';
import { setPreferredLanguage } from '~/models/preferred-language.server';
import { sendPasswordResetLink } from '~/services/password-reset-link.server';

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

// As the service does: HR's reason goes on the employee row, the event says only what changed.
async function statusChange(
  employeeId: string,
  change: 'activated' | 'rejected' | 'deactivated',
  reason: string | null,
) {
  const to = change === 'activated' ? 'active' : 'inactive';
  await setEmployeeStatus(db, employeeId, to, reason);
  await recordEvent(db, {
    type: 'employee.status-changed',
    version: 2,
    employeeId,
    actorId: 'system',
    change,
    from: change === 'activated' ? 'pending' : 'active',
    to,
  });
}

const photoFailed = (employeeId: string, faceCheck: 'rejected' | 'refused', reason: string) =>
  recordEvent(db, {
    type: 'employee.photo-failed',
    version: 1,
    employeeId,
    actorId: 'system',
    photoId: randomUUID(),
    reason,
    faceCheck,
  });

const waitingStep = (employeeId: string, step: string, at: number) =>
  storeWaitingTask(
    db,
    { employeeId, step, taskToken: randomUUID(), executionId: `execution-${employeeId}`, findings: '{}' },
    at,
  );

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

  it('emails a photo HR refused or one that failed outside the workflow’s photo wait; the wait asks for another itself', async () => {
    const active = await addEmployee(db, { status: 'active', email: 'pia.replaced@xyz.example' });
    const waiting = await addEmployee(db, { status: 'pending', email: 'wil.waiting@xyz.example' });
    const movedOn = await addEmployee(db, { status: 'pending', email: 'pat.past@xyz.example' });
    const hour = 3_600_000;
    await waitingStep(waiting.id, 'WaitForPhoto', Date.now() - hour);
    const photoWait = await waitingStep(movedOn.id, 'WaitForPhoto', Date.now() - 2 * hour);
    await completeWaitingTask(db, photoWait.id, { now: Date.now() - 2 * hour + 1_000 });
    await waitingStep(movedOn.id, 'AwaitHrDecision', Date.now() - hour);

    await photoFailed(active.id, 'refused', HR_REFUSED_REASON);
    await photoFailed(waiting.id, 'rejected', 'Please face the camera.');
    await photoFailed(movedOn.id, 'rejected', 'Please face the camera.');
    const subscriber = personalNotices({ db, env, mailer });
    expect(await dispatchToSubscriber(db, subscriber, { now: later(1_000) })).toEqual({ delivered: 3, failed: 0 });

    const mails = readMailbox(mailDir)
      .filter((mail) => /pia\.replaced|wil\.waiting|pat\.past/.test(mail.to))
      .sort((a, b) => a.to.localeCompare(b.to));
    expect(mails.map((mail) => [mail.to, mail.subject])).toEqual([
      ['Ada Lovelace <pat.past@xyz.example>', 'We could not use your new photo'],
      ['Ada Lovelace <pia.replaced@xyz.example>', 'HR did not accept your new photo'],
    ]);
    expect(mails[0].text).toContain('We could not use the new photo you uploaded: Please face the camera.');
    expect(mails[1].text).toContain('HR looked at the new photo you uploaded and did not accept it');
    for (const mail of mails) {
      expect(mail.text).toContain('Please add another one');
      expect(mail.text).toContain('Open your profile: https://people.xyz.example/me');
    }
  });

  it('words a reset in the language the person chose, else in the language of the page they asked from', async () => {
    const german = await addEmployee(db, { status: 'active', email: 'greta.deutsch@xyz.example' });
    const spanish = await addEmployee(db, { status: 'active', email: 'sol.espanol@xyz.example' });
    await setPreferredLanguage(db, german.id, 'de');
    // Greta asked from a French page, but her own choice comes first; Sol chose nothing and asked in Spanish.
    await sendPasswordResetLink({ db }, german.id, 'https://people.xyz.example', 'fr');
    await sendPasswordResetLink({ db }, spanish.id, 'https://people.xyz.example', 'es');
    // A mailbox of its own, so only these two emails are parsed.
    const ownDir = path.join(mailDir, 'languages');
    const ownMailer = fileMailer({
      directory: ownDir,
      from: { name: 'XYZ People', address: 'no-reply@xyz.example' },
      print: () => {},
    });
    expect(
      await dispatchToSubscriber(db, personalNotices({ db, env, mailer: ownMailer }), { now: later(1_000) }),
    ).toEqual({ delivered: 2, failed: 0 });

    const mails = readMailbox(ownDir);
    const toGreta = mails.find((mail) => mail.to.includes('greta.deutsch'))!;
    expect(toGreta.subject).toBe('Ihr Passwort für XYZ People zurücksetzen');
    expect(toGreta.text).toContain('Hallo Ada Lovelace,');
    expect(toGreta.text).toContain('Der Link funktioniert einmal, eine Stunde lang.');
    expect(toGreta.text).toMatch(/Neues Passwort wählen: https:\/\/people\.xyz\.example\/reset-password\?token=/);
    expect(toGreta.html).toContain('<html lang="de">');
    expect(toGreta.html).toContain('Jemand (hoffentlich Sie) hat darum gebeten');
    const toSol = mails.find((mail) => mail.to.includes('sol.espanol'))!;
    expect(toSol.subject).toBe('Restablezca su contraseña de XYZ People');
    expect(toSol.html).toContain('<html lang="es">');
  });
});
