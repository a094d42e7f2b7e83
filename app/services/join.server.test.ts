/**
 * Joining with an email already taken, or while the database does not answer, ends before the password hash and
 * before the photo is stored: the field's message, or "try again", and nothing written to S3 or DynamoDB.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysUnder, startTestPlatform, type TestPlatform } from '@test-support/platform';
import { writeTestJpeg } from '@test-support/photos';
import { beforeFirstCommand } from '@test-support/fault-injection';
import { closeDatabase, openDatabase } from '~/db/database.server';
import { handleJoin } from './join.server';

describe('joining', () => {
  let platform: TestPlatform;
  let photo: Buffer;
  beforeAll(async () => {
    platform = await startTestPlatform({ photoTrigger: false });
    photo = fs.readFileSync(await writeTestJpeg({ width: 400, height: 300 }));
  });
  afterAll(async () => platform?.close());

  function joinRequest(workEmail: string): Request {
    const form = new FormData();
    for (const [name, value] of Object.entries({
      firstName: 'Ada',
      lastName: 'Quinn',
      workEmail,
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
    const first = await handleJoin(platform, joinRequest(email), { browserKeepsFile: true });
    expect(first.ok).toBe(true);
    const stored = await originals();
    const second = await handleJoin(platform, joinRequest(email.toUpperCase()), { browserKeepsFile: true });
    expect(second).toMatchObject({ ok: false, errors: { workEmail: expect.stringContaining('already exists') } });
    expect(await originals()).toEqual(stored);
  });

  it('while the database does not answer: "try again", before any upload, and nothing stored', async () => {
    const stored = await originals();
    const uploads = beforeFirstCommand(platform.s3, 'PutObjectCommand', async () => {});
    // A MySQL database nobody listens for: the connection is refused, as when MariaDB or RDS is down.
    const deadDatabase = openDatabase({ url: 'mysql://root@127.0.0.1:1/employees' });
    try {
      const result = await handleJoin(
        { ...platform, db: deadDatabase },
        joinRequest(`nobody.${Date.now()}@xyz.example`),
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
