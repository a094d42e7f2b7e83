/**
 * The personal archive ("My data") for a person with a history, on each database: the ZIP's listing (README,
 * data.json, every photo's original and renditions by role), what data.json holds (private fields, extras,
 * activity, identities, session times, the emails sent to them, the view log, the photos' face checks) and what it
 * must never hold (session token hashes, the face reference's numbers, other people's emails). Read back with
 * `unzip`, as a person would open it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '@test-support/databases';
import { addPersonWithHistory, type PersonWithHistory } from '@test-support/photo-history';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { insertFaceCheckConsent } from '~/models/face-check-consents.server';
import { recordRetentionNotice } from '~/models/retention.server';
import { catalogue } from '~/i18n/catalogue.server';
import { archiveReadme, streamPersonalArchive } from './build-archive.server';
import { ARCHIVE_SECTIONS } from './sections.server';

describe.each(TEST_DIALECTS)('the personal archive on %s', (dialect) => {
  let platform: TestPlatform;
  let history: PersonWithHistory;
  let zipFile: string;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'personal-archive-'));

  beforeAll(async () => {
    platform = await startTestPlatform({ dialect, photoTrigger: false });
    history = await addPersonWithHistory(platform, { earlierPhotos: 2 });
    const answer = { employeeId: history.person.id, noticeVersion: '2026-01-01' } as const;
    await insertFaceCheckConsent(platform.db, {
      ...answer,
      choice: 'given',
      place: 'join',
      recordedAt: Date.UTC(2026, 0, 5),
    });
    await recordRetentionNotice(platform.db, {
      employeeId: history.person.id,
      kind: 'face',
      basisAt: new Date('2026-03-01T00:00:00Z'),
      dueAt: new Date('2026-03-31T00:00:00Z'),
      notifiedAt: new Date('2026-03-24T00:00:00Z'),
    });
    await insertFaceCheckConsent(platform.db, {
      ...answer,
      choice: 'withdrawn',
      place: 'me',
      recordedAt: Date.UTC(2026, 1, 9),
    });
    zipFile = path.join(directory, `${dialect}.zip`);
    const archive = await streamPersonalArchive(platform, history.person.id);
    await pipeline(archive!, fs.createWriteStream(zipFile));
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  const unzip = (...args: string[]) => execFileSync('unzip', args, { encoding: 'utf8' });
  const data = () => JSON.parse(unzip('-p', zipFile, 'data.json')) as Record<string, any>;

  it('lists README.txt, data.json and each photo under its role: the original and six renditions when ready', () => {
    expect(unzip('-tq', zipFile)).toMatch(/No errors detected/);
    const names = unzip('-Z1', zipFile).trim().split('\n');
    const { current, earlier, refused, pending } = history.photos;
    const renditions = (folder: string) =>
      ['96', '256', '512'].flatMap((size) => [`${folder}/${size}.webp`, `${folder}/${size}.jpg`]);
    const expected = [
      'README.txt',
      'data.json',
      ...earlier.flatMap((id) => [`photos/earlier/${id}/original.jpg`, ...renditions(`photos/earlier/${id}`)]),
      `photos/current/${current}/original.jpg`,
      ...renditions(`photos/current/${current}`),
      `photos/refused/${refused}/original.jpg`,
      `photos/pending/${pending}/original.jpg`,
    ];
    expect(names).toEqual(expected);
  });

  it('explains every part of data.json in README.txt', () => {
    const readme = unzip('-p', zipFile, 'README.txt');
    for (const section of ARCHIVE_SECTIONS) expect(readme).toContain(`- ${section.key}: `);
    expect(Object.keys(data())).toEqual([
      'archivedAt',
      'employeeId',
      ...ARCHIVE_SECTIONS.map((section) => section.key),
    ]);
  });

  it('holds the profile with its private fields, the extras, the activity about them and how they sign in', () => {
    const { profile, extras, activity, signIn } = data();
    expect(profile).toMatchObject({
      id: history.person.id,
      personalEmail: history.person.personalEmail,
      personalPhone: '+44 7700 900123',
      emergencyContactName: 'Robin Archer',
      emergencyContactPhone: '+44 7700 900456',
      skills: ['typescript', 'sql'],
      photoId: history.photos.current,
      // When the status last changed starts the retention clock: the person sees it too.
      statusChangedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(extras).toMatchObject({
      pronouns: 'they/them',
      links: [{ label: 'Blog', url: 'https://avery.example/blog' }],
    });
    expect(activity.map((entry: { actor: string; action: string }) => [entry.actor, entry.action])).toEqual([
      ['system', 'employee.created'],
      ['Hazel Archer', 'profile.updated'],
      ['a former employee', 'role.changed'],
    ]);
    expect(signIn.passwordSet).toBe(false);
    expect(signIn.identities).toEqual([
      expect.objectContaining({ issuer: 'https://idp.xyz.example', subject: 'avery-subject-1' }),
    ]);
    expect(signIn.activeSessions).toHaveLength(1);
    expect(Object.keys(signIn.activeSessions[0])).toEqual(['startedAt', 'lastSeenAt', 'expiresAt']);
  });

  it('holds every answer to the face-check notice, newest first, and the version shown today', () => {
    expect(data().faceCheckConsent).toEqual({
      currentNoticeVersion: platform.env.FACE_CHECK_NOTICE_VERSION,
      answers: [
        { choice: 'withdrawn', noticeVersion: '2026-01-01', where: 'me', at: '2026-02-09T00:00:00.000Z' },
        { choice: 'given', noticeVersion: '2026-01-01', where: 'join', at: '2026-01-05T00:00:00.000Z' },
      ],
    });
  });

  it("holds the retention sweep's notice about them", () => {
    expect(data().retentionNotices).toEqual([
      {
        kind: 'face',
        countingFrom: '2026-03-01T00:00:00.000Z',
        due: '2026-03-31T00:00:00.000Z',
        hrToldAt: '2026-03-24T00:00:00.000Z',
        actedAt: null,
      },
    ]);
  });

  it('never holds a session token hash or the face reference numbers', async () => {
    const json = unzip('-p', zipFile, 'data.json');
    const [session] = await platform.db.sequelize.query<{ id: string }>(
      'SELECT id FROM sessions WHERE employee_id = :id',
      { replacements: { id: history.person.id }, type: QueryTypes.SELECT },
    );
    expect(json).not.toContain(session!.id);
    expect(json).not.toContain('descriptor');
    expect(json).not.toContain(String(Math.round(Math.sin(1) * 1e6) / 1e6 + 0.5));
  });

  it("lists the emails sent to them (their own and a manager's notice), not those to others", () => {
    const subjects = data().emailsSent.map((email: { subject: string; sentAt: string }) => {
      expect(Date.parse(email.sentAt)).toBeGreaterThan(Date.now() - 60 * 60 * 1000);
      return email.subject;
    });
    expect(subjects).toHaveLength(2);
    expect(subjects[0]).toBe('Your employee profile is active');
    expect(subjects[1]).toMatch(/.+/);
  });

  it('holds the view log, the photos by role with their face check, and the files match the bucket', () => {
    const { privateDetailViews, photos, verificationWorkflow } = data();
    expect(privateDetailViews).toEqual([
      expect.objectContaining({
        viewer: 'Hazel Archer',
        where: "HR's employee page",
        fields: ['personalEmail', 'personalPhone'],
      }),
      expect.objectContaining({ viewer: 'a former employee', where: 'Archive of all data, made by HR' }),
    ]);
    expect(verificationWorkflow).toBeNull();
    const byRole = Object.fromEntries(photos.map((photo: { role: string }) => [photo.role, photo]));
    expect(byRole.current).toMatchObject({
      photoId: history.photos.current,
      faceCheck: { outcome: 'verified' },
      faceReference: { kept: true, model: 'face-api-test' },
    });
    expect(byRole.refused).toMatchObject({ state: 'failed', faceCheck: { outcome: 'refused' } });
    expect(byRole.pending).toMatchObject({ state: 'uploaded', renditions: [] });
    const original = execFileSync('unzip', ['-p', zipFile, byRole.current.original.file]);
    expect(original.length).toBe(byRole.current.original.bytes);
    expect(original.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it('is null for someone who does not exist, and names a file deleted meanwhile in missing.txt', async () => {
    expect(await streamPersonalArchive(platform, randomUUID())).toBeNull();
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    const { renditionKey } = await import('@shared/contracts/s3-keys');
    await platform.s3.send(
      new DeleteObjectCommand({
        Bucket: platform.bucket,
        Key: renditionKey(history.person.id, history.photos.current, 512, 'webp'),
      }),
    );
    const again = path.join(directory, `${dialect}-again.zip`);
    await pipeline((await streamPersonalArchive(platform, history.person.id))!, fs.createWriteStream(again));
    expect(execFileSync('unzip', ['-p', again, 'missing.txt'], { encoding: 'utf8' })).toBe(
      `photos/current/${history.photos.current}/512.webp\n`,
    );
  });
});

describe('the personal archive’s README in the reader’s language', () => {
  it('is German for a German reader, each part still under its data.json key', () => {
    const readme = archiveReadme(ARCHIVE_SECTIONS, catalogue('de').intl);
    expect(readme.split('\n')[0]).toBe('Ihre Daten bei XYZ People');
    expect(readme).toContain('Nur diese README-Datei ist in Ihrer Sprache.');
    expect(readme).toContain('- photos: jedes von Ihnen hochgeladene Foto');
    for (const section of ARCHIVE_SECTIONS) expect(readme).toContain(`\n- ${section.key}: `);
    expect(archiveReadme(ARCHIVE_SECTIONS).split('\n')[0]).toBe('Your data at XYZ People');
  });
});
