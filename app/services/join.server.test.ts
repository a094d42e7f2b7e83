/**
 * Joining with an email already taken, or while the database does not answer, ends before the password hash and
 * before the photo is stored: the field's message, or "try again", and nothing written to S3 or DynamoDB. And only
 * with a live join link: its address is the profile's, and it works once.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysUnder, startTestPlatform, type TestPlatform } from '@test-support/platform';
import { writeTestJpeg } from '@test-support/photos';
import { beforeFirstCommand } from '@test-support/fault-injection';
import { createConfirmedJoinToken } from '@test-support/join-links';
import { closeDatabase, openDatabase } from '~/db/database.server';
import { getEmployeeByEmail } from '~/models/employee.server';
import { findJoinRequest } from '~/models/join-requests.server';
import { getPreferredLanguage } from '~/models/preferred-language.server';
import { handleJoin } from './join.server';

describe('joining', () => {
  let platform: TestPlatform;
  let photo: Buffer;
  beforeAll(async () => {
    platform = await startTestPlatform({ photoTrigger: false });
    photo = fs.readFileSync(await writeTestJpeg({ width: 400, height: 300 }));
  });
  afterAll(async () => platform?.close());

  function joinRequest(token: string, typedWorkEmail = 'typed.in.form@xyz.example'): Request {
    const form = new FormData();
    for (const [name, value] of Object.entries({
      token,
      firstName: 'Ada',
      lastName: 'Quinn',
      workEmail: typedWorkEmail,
      jobTitle: 'Engineer',
      department: 'Engineering',
      password: 'a long and personal passphrase 2026',
    }))
      form.set(name, value);
    form.set('photo', new File([new Uint8Array(photo)], 'me.jpg', { type: 'image/jpeg' }));
    const site = platform.env.PUBLIC_URL ?? 'http://localhost:3000';
    return new Request(`${site}/join`, { method: 'POST', body: form, headers: { origin: new URL(site).origin } });
  }
  const originals = () => keysUnder(platform, 'originals/');

  it('with an email already taken: the field says so, and no second photo is stored', async () => {
    const email = `ada.quinn.${Date.now()}@xyz.example`;
    const first = await handleJoin(platform, joinRequest(await createConfirmedJoinToken(platform.db, email)), {
      browserKeepsFile: true,
    });
    expect(first.ok).toBe(true);
    const stored = await originals();
    // A link sent before the address got its profile some other way (HR, an import, the identity provider).
    const secondLink = await createConfirmedJoinToken(platform.db, email);
    const second = await handleJoin(platform, joinRequest(secondLink), { browserKeepsFile: true });
    expect(second).toMatchObject({ ok: false, errors: { workEmail: expect.stringContaining('already exists') } });
    expect(await originals()).toEqual(stored);
  });

  it('takes the work email from the link, whatever the form says, and uses up every link to that address with the profile', async () => {
    const owner = `link.owner.${Date.now()}@xyz.example`;
    const colleague = `colleague.${Date.now()}@xyz.example`;
    const token = await createConfirmedJoinToken(platform.db, owner);
    const otherTab = await createConfirmedJoinToken(platform.db, owner);
    const joined = await handleJoin(platform, joinRequest(token, colleague), {
      browserKeepsFile: true,
      language: 'de',
    });
    expect(joined.ok).toBe(true);
    expect(await getEmployeeByEmail(platform.db, owner)).toMatchObject({ status: 'pending' });
    // Joined from a German page: German is the account's language (the emails HR's decisions cause use it).
    expect(await getPreferredLanguage(platform.db, joined.ok ? joined.employeeId : '')).toBe('de');
    expect(await getEmployeeByEmail(platform.db, colleague)).toBeNull();
    // Its other links are gone too: the address is no longer kept for them.
    expect(await findJoinRequest(platform.db, token)).toBeNull();
    expect(await findJoinRequest(platform.db, otherTab)).toBeNull();
  });

  it('without a live link (none, unknown, already used): the link has expired, and nothing is stored', async () => {
    const stored = await originals();
    const email = `used.link.${Date.now()}@xyz.example`;
    const used = await createConfirmedJoinToken(platform.db, email);
    expect((await handleJoin(platform, joinRequest(used), { browserKeepsFile: true })).ok).toBe(true);
    const afterFirst = await originals();
    expect(afterFirst.length).toBe(stored.length + 1);
    for (const token of ['', 'A'.repeat(43), used]) {
      const result = await handleJoin(platform, joinRequest(token, `squatter.${Date.now()}@xyz.example`), {
        browserKeepsFile: true,
      });
      expect(result, `token "${token}"`).toMatchObject({ ok: false, linkExpired: true });
    }
    expect(await originals()).toEqual(afterFirst);
  });

  it('while the database does not answer: "try again", before any upload, and nothing stored', async () => {
    const stored = await originals();
    const uploads = beforeFirstCommand(platform.s3, 'PutObjectCommand', async () => {});
    // A MySQL database nobody listens for: the connection is refused, as when MariaDB or RDS is down.
    const deadDatabase = openDatabase({ url: 'mysql://root@127.0.0.1:1/employees' });
    try {
      const result = await handleJoin(
        { ...platform, db: deadDatabase },
        joinRequest(await createConfirmedJoinToken(platform.db, `nobody.${Date.now()}@xyz.example`)),
        { browserKeepsFile: true },
      );
      expect(result).toMatchObject({ ok: false, retryLater: true });
      expect(uploads.hits).toBe(0);
      expect(await originals()).toEqual(stored);
    } finally {
      uploads.remove();
      await closeDatabase(deadDatabase);
    }
  });
});
