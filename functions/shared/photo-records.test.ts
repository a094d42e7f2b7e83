import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '@test-support/aws-emulators';
import { loseFirstAnswer } from '@test-support/fault-injection';
import { PhotoRecordExistsError } from './errors';
import {
  claimPhotoForProcessing,
  deletePhotoRecord,
  getPhoto,
  listPhotosByState,
  listPhotosForEmployee,
  markPhotoFailed,
  markPhotoReady,
  recordUploadedPhoto,
  releasePhotoClaim,
} from './photo-records';
import type { MetadataTable } from './metadata-table';

let aws: LocalAws;
let table: MetadataTable;
beforeAll(async () => {
  aws = await startLocalAws();
  table = aws.table;
});
afterAll(() => aws?.stop());

const newIds = () => ({ employeeId: randomUUID(), photoId: randomUUID() });
const at = (iso: string) => new Date(iso);
const hash = 'a'.repeat(64);
const rendition = (ids: { employeeId: string; photoId: string }) => ({
  size: 96 as const,
  format: 'webp' as const,
  key: `renditions/${ids.employeeId}/${ids.photoId}/96.webp`,
  width: 96,
  height: 96,
  bytes: 1234,
});

describe('photo record repository (dynalite)', () => {
  it('records an upload once, with its original key, and refuses the same photo id again', async () => {
    const ids = newIds();
    const record = await recordUploadedPhoto(table, { ...ids, declaredContentType: 'image/jpeg', bytes: 10 });
    expect(record).toMatchObject({
      state: 'uploaded',
      originalKey: `originals/${ids.employeeId}/${ids.photoId}`,
      version: 1,
    });
    await expect(recordUploadedPhoto(table, ids)).rejects.toBeInstanceOf(PhotoRecordExistsError);
    expect(await getPhoto(table, ids)).toEqual(record);
  });

  it('records an upload whose first answer was lost once, and says it is recorded (the SDK tried again)', async () => {
    const ids = newIds();
    const fault = loseFirstAnswer(table.client, 'PutItemCommand');
    try {
      const record = await recordUploadedPhoto(table, { ...ids, declaredContentType: 'image/jpeg', bytes: 10 });
      expect(fault.hits).toBe(1);
      expect(await getPhoto(table, ids)).toEqual(record);
    } finally {
      fault.remove();
    }
    // Another upload with the same ids is still refused.
    await expect(recordUploadedPhoto(table, { ...ids, bytes: 11 })).rejects.toBeInstanceOf(PhotoRecordExistsError);
  });

  it('rejects ids that are not UUIDs before writing anything', async () => {
    await expect(recordUploadedPhoto(table, { employeeId: '../x', photoId: randomUUID() })).rejects.toThrow();
  });

  it('lets one invocation claim a photo; a second is refused until the lease lapses', async () => {
    const ids = newIds();
    await recordUploadedPhoto(table, ids, at('2026-01-01T00:00:00Z'));
    const first = await claimPhotoForProcessing(table, ids, { leaseSeconds: 60 }, at('2026-01-01T00:00:01Z'));
    expect(first).toMatchObject({ claimed: true, record: { state: 'processing', attempt: 1 } });

    const second = await claimPhotoForProcessing(table, ids, { leaseSeconds: 60 }, at('2026-01-01T00:00:30Z'));
    expect(second).toMatchObject({ claimed: false, current: { state: 'processing', attempt: 1 } });

    const afterLease = await claimPhotoForProcessing(table, ids, { leaseSeconds: 60 }, at('2026-01-01T00:01:02Z'));
    expect(afterLease).toMatchObject({ claimed: true, record: { attempt: 2 } });

    // The first invocation lost its claim: its late result is not written over the second's.
    const late = await markPhotoReady(table, { ...ids, attempt: 1, original: { contentHash: hash }, renditions: [] });
    expect(late).toBeNull();
    const winner = await markPhotoReady(table, {
      ...ids,
      attempt: 2,
      original: { contentHash: hash, format: 'jpeg', contentType: 'image/jpeg', bytes: 99, width: 10, height: 20 },
      renditions: [rendition(ids)],
    });
    expect(winner).toMatchObject({
      state: 'ready',
      attempt: 2,
      contentHash: hash,
      width: 10,
      renditions: [rendition(ids)],
    });
    expect(winner?.leaseExpiresAt).toBeUndefined();
  });

  it('does not claim a photo that has no record (deleted, or never recorded)', async () => {
    expect(await claimPhotoForProcessing(table, newIds(), { leaseSeconds: 60 })).toEqual({
      claimed: false,
      current: null,
    });
  });

  it('releasing a claim lets the retry take over at once', async () => {
    const ids = newIds();
    await recordUploadedPhoto(table, ids);
    const { record } = (await claimPhotoForProcessing(table, ids, { leaseSeconds: 600 })) as {
      record: { attempt: number };
    };
    await releasePhotoClaim(table, { ...ids, attempt: record.attempt });
    expect(await claimPhotoForProcessing(table, ids, { leaseSeconds: 600 })).toMatchObject({
      claimed: true,
      record: { attempt: 2 },
    });
  });

  it('records a failure with its reason and clears it when the photo is processed again', async () => {
    const ids = newIds();
    await recordUploadedPhoto(table, ids);
    await claimPhotoForProcessing(table, ids, { leaseSeconds: 60 });
    const failed = await markPhotoFailed(table, { ...ids, attempt: 1, reason: 'The image file is damaged.' });
    expect(failed).toMatchObject({ state: 'failed', failureReason: 'The image file is damaged.', renditions: [] });
    const again = await claimPhotoForProcessing(table, ids, { leaseSeconds: 60 });
    expect(again).toMatchObject({ claimed: true, record: { state: 'processing' } });
    expect((again as { record: { failureReason?: string } }).record.failureReason).toBeUndefined();
  });

  it('finds failed photos through the byState index, newest first, page by page', async () => {
    const employeeId = randomUUID();
    const photoIds = [randomUUID(), randomUUID(), randomUUID()];
    for (const [i, photoId] of photoIds.entries()) {
      const ids = { employeeId, photoId };
      await recordUploadedPhoto(table, ids, at(`2030-01-0${i + 1}T00:00:00Z`));
      await claimPhotoForProcessing(table, ids, { leaseSeconds: 60 }, at(`2030-01-0${i + 1}T00:00:01Z`));
      await markPhotoFailed(table, { ...ids, attempt: 1, reason: `bad ${i}` }, at(`2030-01-0${i + 1}T00:00:02Z`));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listPhotosByState(table, 'failed', { limit: 2, cursor });
      expect(page.photos.length).toBeLessThanOrEqual(2);
      seen.push(...page.photos.map((p) => p.photoId));
      cursor = page.nextCursor;
    } while (cursor);
    // Newest first: 2030 sorts after the other tests' failures (dated now), so these three come first.
    expect(seen.slice(0, 3)).toEqual([...photoIds].reverse());
    // A photo that left `failed` is no longer listed there.
    await claimPhotoForProcessing(
      table,
      { employeeId, photoId: photoIds[0] },
      { leaseSeconds: 60 },
      at('2030-02-01T00:00:00Z'),
    );
    const failedNow = (await listPhotosByState(table, 'failed', { limit: 100 })).photos.map((p) => p.photoId);
    expect(failedNow).not.toContain(photoIds[0]);
    const processing = (await listPhotosByState(table, 'processing', { limit: 100 })).photos.map((p) => p.photoId);
    expect(processing).toContain(photoIds[0]);
  });

  it('rejects a tampered page cursor', async () => {
    await expect(listPhotosByState(table, 'failed', { cursor: 'not-a-cursor' })).rejects.toThrow('Invalid page cursor');
  });

  it("lists an employee's photos and deletes a record", async () => {
    const employeeId = randomUUID();
    const a = { employeeId, photoId: randomUUID() };
    const b = { employeeId, photoId: randomUUID() };
    await recordUploadedPhoto(table, a);
    await recordUploadedPhoto(table, b);
    expect((await listPhotosForEmployee(table, employeeId)).map((p) => p.photoId).sort()).toEqual(
      [a.photoId, b.photoId].sort(),
    );
    expect(await deletePhotoRecord(table, a)).toMatchObject({ photoId: a.photoId });
    expect(await deletePhotoRecord(table, a)).toBeNull();
    expect(await getPhoto(table, a)).toBeNull();
  });
});
