/**
 * A person with a history, for the personal archive's test and bench (app/services/personal-archive/): private
 * fields, extras, activity, a linked identity, a session, emails sent (as a delivered manager's notice and an
 * activation), views of their private fields, and photos in every role: the current one, earlier ones, one HR
 * refused and one pending, each with its original in the bucket and, once ready, its six renditions (as the photo
 * function leaves them).
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import sharp from 'sharp';
import { QueryTypes } from 'sequelize';
import { employeePk, photoSk } from '@shared/contracts/dynamo-keys';
import { PhotoRecordSchema, type PhotoRecord } from '@shared/contracts/photo-record';
import { RENDITION_SIZES, originalKey, renditionKey } from '@shared/contracts/s3-keys';
import { metadataTable } from '@shared/metadata-table';
import { HR_REFUSED_REASON } from '@shared/photo-records';
import { insertEmployee } from '~/models/employee.server';
import type { PrivateEmployee } from '~/models/employee-projection.server';
import { insertLinkedIdentity } from '~/models/linked-identities.server';
import { appendActivity, putProfileExtras } from '~/models/metadata.server';
import { recordPrivateDetailViews } from '~/models/private-detail-views.server';
import { createSession } from '~/models/session-store.server';
import type { Platform } from '~/platform.server';
import { recordEvent } from '~/services/domain-events.server';
import { writeTestJpeg } from './photos';

export interface PersonWithHistory {
  person: PrivateEmployee;
  admin: PrivateEmployee;
  manager: PrivateEmployee;
  /** Photo ids by role. */
  photos: { current: string; earlier: string[]; refused: string; pending: string };
  sessionToken: string;
  /** Bytes of photo files put in the bucket. */
  photoBytes: number;
}

const newEmployee = (first: string, role: 'employee' | 'admin' = 'employee') => ({
  firstName: first,
  lastName: 'Archer',
  preferredName: null,
  workEmail: `${first.toLowerCase()}.${randomUUID().slice(0, 6)}@xyz.example`,
  workPhone: '+44 20 7946 0001',
  jobTitle: 'Engineer',
  department: 'Engineering',
  managerId: null,
  officeLocation: 'London',
  startDate: '2024-03-01',
  bio: 'Builds things.',
  skills: ['typescript', 'sql'],
  personalEmail: `${first.toLowerCase()}@home.example`,
  personalPhone: '+44 7700 900123',
  emergencyContactName: 'Robin Archer',
  emergencyContactPhone: '+44 7700 900456',
  status: 'active' as const,
  role,
});

/** One photo's original and renditions in the bucket, and its record in the metadata table. */
async function putPhoto(
  platform: Platform,
  employeeId: string,
  original: Buffer,
  renditionFiles: Array<{
    size: (typeof RENDITION_SIZES)[number];
    format: 'webp' | 'jpeg';
    body: Buffer;
    width: number;
    height: number;
  }>,
  shape: Pick<PhotoRecord, 'state'> & Partial<PhotoRecord>,
  at: Date,
): Promise<{ photoId: string; bytes: number }> {
  const photoId = randomUUID();
  const put = (Key: string, Body: Buffer, ContentType: string) =>
    platform.s3.send(new PutObjectCommand({ Bucket: platform.bucket, Key, Body, ContentType }));
  await put(originalKey(employeeId, photoId), original, 'image/jpeg');
  let bytes = original.length;
  const renditions = shape.state === 'ready' ? renditionFiles : [];
  for (const rendition of renditions) {
    await put(
      renditionKey(employeeId, photoId, rendition.size, rendition.format),
      rendition.body,
      `image/${rendition.format}`,
    );
    bytes += rendition.body.length;
  }
  const record = PhotoRecordSchema.parse({
    employeeId,
    photoId,
    originalKey: originalKey(employeeId, photoId),
    format: 'jpeg',
    contentType: 'image/jpeg',
    bytes: original.length,
    renditions: renditions.map(({ size, format, body, width, height }) => ({
      size,
      format,
      key: renditionKey(employeeId, photoId, size, format),
      width,
      height,
      bytes: body.length,
    })),
    version: 1,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    ...shape,
  });
  const table = metadataTable(platform);
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { pk: employeePk(employeeId), sk: photoSk(photoId), ...record },
    }),
  );
  return { photoId, bytes };
}

export async function addPersonWithHistory(
  platform: Platform,
  options: {
    earlierPhotos?: number;
    photoWidth?: number;
    photoHeight?: number;
    /** Noise instead of a portrait: a photo-sized file (a smooth upscaled portrait compresses far better than a phone's). */
    noise?: boolean;
  } = {},
): Promise<PersonWithHistory> {
  const { db } = platform;
  const admin = await insertEmployee(db, newEmployee('Hazel', 'admin'));
  const manager = await insertEmployee(db, newEmployee('Morgan'));
  const person = await insertEmployee(db, { ...newEmployee('Avery'), managerId: manager.id });
  const table = metadataTable(platform);

  await putProfileExtras(table, person.id, {
    pronouns: 'they/them',
    timeZone: 'Europe/London',
    skills: [],
    links: [{ label: 'Blog', url: 'https://avery.example/blog' }],
  });
  await appendActivity(table, { employeeId: person.id, actorId: 'system', action: 'employee.created' });
  await appendActivity(table, {
    employeeId: person.id,
    actorId: admin.id,
    action: 'profile.updated',
    changedFields: ['personalPhone'],
  });
  await appendActivity(table, { employeeId: person.id, actorId: randomUUID(), action: 'role.changed' });
  await insertLinkedIdentity(db, {
    employeeId: person.id,
    providerId: 'sso',
    issuer: 'https://idp.xyz.example',
    subject: 'avery-subject-1',
    email: person.workEmail,
  });
  const sessionToken = await createSession(db, person.id);

  // Emails: the activation sent to them, a manager's notice sent to them about someone else, and one to another.
  const delivered = async (event: Parameters<typeof recordEvent>[1]) => {
    const recorded = await recordEvent(db, event);
    await db.sequelize.query(
      `UPDATE event_deliveries SET delivered_at = :now
        WHERE subscriber = 'personal-notices' AND event_seq = (SELECT seq FROM events WHERE id = :id)`,
      { replacements: { now: new Date(), id: recorded.eventId }, type: QueryTypes.UPDATE },
    );
  };
  await delivered({
    type: 'employee.status-changed',
    version: 2,
    employeeId: person.id,
    actorId: admin.id,
    change: 'activated',
    from: 'pending',
    to: 'active',
  });
  const newcomer = await insertEmployee(db, { ...newEmployee('Quinn'), status: 'pending', managerId: person.id });
  await delivered({
    type: 'employee.verification-notice',
    version: 1,
    employeeId: newcomer.id,
    actorId: 'system',
    notice: 'manager-told',
    reason: null,
    managerId: person.id,
    waitingWorkingDays: 4,
  });
  await delivered({
    type: 'employee.status-changed',
    version: 2,
    employeeId: manager.id,
    actorId: admin.id,
    change: 'activated',
    from: 'pending',
    to: 'active',
  });

  await recordPrivateDetailViews(db, [
    {
      subjectEmployeeId: person.id,
      viewerEmployeeId: admin.id,
      place: 'employee-page',
      fields: ['personalEmail', 'personalPhone'],
    },
    {
      subjectEmployeeId: person.id,
      viewerEmployeeId: randomUUID(),
      place: 'hr-archive',
      fields: ['personalEmail'],
      at: Date.now() - 60_000,
    },
  ]);

  // One upload's files, reused for every photo (their bytes do not matter here, their sizes do).
  const source = await writeTestJpeg({
    width: options.photoWidth ?? 1200,
    height: options.photoHeight ?? 900,
    face: !options.noise,
  });
  const original = fs.readFileSync(source);
  fs.rmSync(source, { force: true });
  const renditionFiles = [];
  for (const size of RENDITION_SIZES) {
    for (const format of ['webp', 'jpeg'] as const) {
      const { data, info } = await sharp(original)
        .resize(size, size, { fit: 'cover' })
        .toFormat(format)
        .toBuffer({ resolveWithObject: true });
      renditionFiles.push({ size, format, body: data, width: info.width, height: info.height });
    }
  }
  const verified = (at: Date) => ({
    state: 'ready' as const,
    faceCheck: { outcome: 'verified' as const, checkedBy: 'face-api' as const, checkedAt: at.toISOString() },
    faceReference: {
      kind: 'descriptor' as const,
      model: 'face-api-test',
      descriptor: Array.from({ length: 128 }, (_, index) => Math.round(Math.sin(index + 1) * 1e6) / 1e6 + 0.5),
    },
  });
  let photoBytes = 0;
  const day = 24 * 60 * 60 * 1000;
  const start = Date.now() - 30 * day;
  const earlier: string[] = [];
  for (let index = 0; index < (options.earlierPhotos ?? 1); index += 1) {
    const at = new Date(start + index * day);
    const photo = await putPhoto(platform, person.id, original, renditionFiles, verified(at), at);
    earlier.push(photo.photoId);
    photoBytes += photo.bytes;
  }
  const currentAt = new Date(start + 20 * day);
  const current = await putPhoto(platform, person.id, original, renditionFiles, verified(currentAt), currentAt);
  const refusedAt = new Date(start + 25 * day);
  const refused = await putPhoto(
    platform,
    person.id,
    original,
    renditionFiles,
    {
      state: 'failed',
      failureReason: HR_REFUSED_REASON,
      faceCheck: {
        outcome: 'refused',
        checkedBy: 'face-api',
        checkedAt: refusedAt.toISOString(),
        reviewedBy: admin.id,
      },
    },
    refusedAt,
  );
  const pendingAt = new Date(start + 29 * day);
  const pending = await putPhoto(platform, person.id, original, renditionFiles, { state: 'uploaded' }, pendingAt);
  photoBytes += current.bytes + refused.bytes + pending.bytes;
  await db.sequelize.query(
    'UPDATE employees SET photo_id = :current, pending_photo_id = :pending, failed_photo_id = :refused WHERE id = :id',
    {
      replacements: { current: current.photoId, pending: pending.photoId, refused: refused.photoId, id: person.id },
      type: QueryTypes.UPDATE,
    },
  );
  return {
    person,
    admin,
    manager,
    photos: { current: current.photoId, earlier, refused: refused.photoId, pending: pending.photoId },
    sessionToken,
    photoBytes,
  };
}
