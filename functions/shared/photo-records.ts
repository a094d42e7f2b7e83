/**
 * The photo record repository: every read and write of photo items goes through here.
 *
 * dynalite has no transactions, so every state change is one conditional write that behaves the same on
 * real DynamoDB: `attribute_not_exists` to create, a state guard to claim, and the claim's attempt number
 * as a fencing token for the final write (a slow invocation that lost its claim cannot overwrite the winner).
 * Each write keeps the byState GSI keys (gsi1pk/gsi1sk) in step with the state.
 */
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from './cursor';
import { PHOTO_SK_PREFIX, STATE_INDEX, employeePk, photoSk, photoStatePk } from './contracts/dynamo-keys';
import { originalKey } from './contracts/s3-keys';
import {
  HELD_FACE_CHECKS,
  NewPhotoSchema,
  PhotoRecordSchema,
  PROMOTABLE_FACE_CHECKS,
  type FaceCheck,
  type NewPhoto,
  type PhotoRecord,
  type PhotoState,
  type Rendition,
  type SourceFormat,
} from './contracts/photo-record';
import { putNewItem } from './create-once';
import type { MetadataTable } from './metadata-table';
import { CorruptPhotoRecordError, PhotoRecordExistsError, isConditionalCheckFailed } from './errors';

export interface PhotoIds {
  employeeId: string;
  photoId: string;
}

const ENTITY = 'photo';

const itemKey = ({ employeeId, photoId }: PhotoIds) => ({ pk: employeePk(employeeId), sk: photoSk(photoId) });
const stateIndexKeys = (state: PhotoState, updatedAt: string, photoId: string) => ({
  gsi1pk: photoStatePk(state),
  gsi1sk: `${updatedAt}#${photoId}`,
});

/** A photo item as read from the table, checked against the contract (the archive reads a whole partition at once). */
export function toRecord(item: Record<string, unknown>): PhotoRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _gpk, gsi1sk: _gsk, entity: _entity, ...fields } = item;
  const parsed = PhotoRecordSchema.safeParse(fields);
  if (!parsed.success) {
    throw new CorruptPhotoRecordError(
      `Photo item ${String(item.pk)} ${String(item.sk)} does not match the contract: ${parsed.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/**
 * Records an accepted upload in state `uploaded`. Call it before the original is written to S3, so the
 * photo function always finds the record (an event with no record is treated as an orphan and skipped).
 * Throws PhotoRecordExistsError if the photo id is already recorded.
 */
export async function recordUploadedPhoto(
  table: MetadataTable,
  input: NewPhoto,
  now = new Date(),
): Promise<PhotoRecord> {
  const photo = NewPhotoSchema.parse(input);
  const at = now.toISOString();
  const record = PhotoRecordSchema.parse({
    ...photo,
    state: 'uploaded',
    originalKey: originalKey(photo.employeeId, photo.photoId),
    renditions: [],
    attempt: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
  });
  try {
    // An SDK retry of this very write counts as written (create-once.ts); another upload's record does not.
    await putNewItem(table.client, table.tableName, {
      ...itemKey(photo),
      ...stateIndexKeys('uploaded', at, photo.photoId),
      entity: ENTITY,
      ...record,
    });
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw new PhotoRecordExistsError(photo.employeeId, photo.photoId);
    throw error;
  }
  return record;
}

/** Strongly consistent read of one photo record; null when there is none. */
export async function getPhoto(table: MetadataTable, ids: PhotoIds): Promise<PhotoRecord | null> {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: itemKey(ids), ConsistentRead: true }),
  );
  return Item ? toRecord(Item) : null;
}

export type ClaimResult = { claimed: true; record: PhotoRecord } | { claimed: false; current: PhotoRecord | null };

/**
 * Moves a photo to `processing` for one attempt, unless another invocation holds a live claim.
 * Any state but a live `processing` can be claimed (`ready` too: the caller decides whether the content changed).
 * The returned record's `attempt` is the fencing token for markPhotoReady/markPhotoFailed.
 */
export async function claimPhotoForProcessing(
  table: MetadataTable,
  ids: PhotoIds,
  options: { leaseSeconds: number },
  now = new Date(),
): Promise<ClaimResult> {
  const at = now.toISOString();
  const leaseExpiresAt = new Date(now.getTime() + options.leaseSeconds * 1000).toISOString();
  const gsi = stateIndexKeys('processing', at, ids.photoId);
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: itemKey(ids),
        UpdateExpression:
          'SET #state = :processing, attempt = if_not_exists(attempt, :zero) + :one, version = version + :one, ' +
          'unfinishedClaims = if_not_exists(unfinishedClaims, :zero) + :one, ' +
          'updatedAt = :now, leaseExpiresAt = :lease, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk REMOVE failureReason',
        ConditionExpression:
          'attribute_exists(pk) AND (#state <> :processing OR attribute_not_exists(leaseExpiresAt) OR leaseExpiresAt < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':processing': 'processing',
          ':zero': 0,
          ':one': 1,
          ':now': at,
          ':lease': leaseExpiresAt,
          ':gsi1pk': gsi.gsi1pk,
          ':gsi1sk': gsi.gsi1sk,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { claimed: true, record: toRecord(Attributes!) };
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    return { claimed: false, current: await getPhoto(table, ids) };
  }
}

/** What the photo function learned about the original. */
export interface OriginalFacts {
  format?: SourceFormat;
  contentType?: string;
  bytes?: number;
  width?: number;
  height?: number;
  contentHash?: string;
}

const factUpdates = (facts: OriginalFacts) =>
  Object.entries(facts).filter(([, value]) => value !== undefined) as Array<[string, string | number]>;

async function finishClaim(
  table: MetadataTable,
  ids: PhotoIds,
  attempt: number,
  state: 'ready' | 'failed',
  fields: Record<string, unknown>,
  now: Date,
): Promise<PhotoRecord | null> {
  const at = now.toISOString();
  const gsi = stateIndexKeys(state, at, ids.photoId);
  const names: Record<string, string> = { '#state': 'state' };
  const values: Record<string, unknown> = {
    ':state': state,
    ':zero': 0,
    ':processing': 'processing',
    ':attempt': attempt,
    ':one': 1,
    ':now': at,
    ':gsi1pk': gsi.gsi1pk,
    ':gsi1sk': gsi.gsi1sk,
  };
  const sets = [
    '#state = :state',
    'version = version + :one',
    'unfinishedClaims = :zero',
    'updatedAt = :now',
    'gsi1pk = :gsi1pk',
    'gsi1sk = :gsi1sk',
  ];
  const removes = ['leaseExpiresAt'];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) {
      removes.push(`#f_${name}`);
    } else {
      sets.push(`#f_${name} = :f_${name}`);
      values[`:f_${name}`] = value;
    }
    names[`#f_${name}`] = name;
  }
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: itemKey(ids),
        UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
        ConditionExpression: '#state = :processing AND attempt = :attempt',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toRecord(Attributes!);
  } catch (error) {
    if (isConditionalCheckFailed(error)) return null;
    throw error;
  }
}

/**
 * Records the renditions and marks the photo `ready`, if the claim `attempt` still holds.
 * Returns null when it does not (the photo was deleted, or another invocation took over after the lease).
 */
export function markPhotoReady(
  table: MetadataTable,
  ids: PhotoIds & {
    attempt: number;
    original: OriginalFacts;
    renditions: Rendition[];
    faceCheck?: FaceCheck;
    faceReference?: PhotoRecord['faceReference'];
  },
  now = new Date(),
): Promise<PhotoRecord | null> {
  return finishClaim(
    table,
    ids,
    ids.attempt,
    'ready',
    {
      ...Object.fromEntries(factUpdates(ids.original)),
      renditions: ids.renditions,
      failureReason: undefined,
      faceCheck: ids.faceCheck,
      faceReference: ids.faceReference,
    },
    now,
  );
}

/**
 * Marks the photo `failed` with a human-readable reason, if the claim `attempt` still holds; clears renditions.
 * Returns null when the claim no longer holds.
 */
export function markPhotoFailed(
  table: MetadataTable,
  ids: PhotoIds & { attempt: number; reason: string; original?: OriginalFacts; faceCheck?: FaceCheck },
  now = new Date(),
): Promise<PhotoRecord | null> {
  return finishClaim(
    table,
    ids,
    ids.attempt,
    'failed',
    {
      ...Object.fromEntries(factUpdates(ids.original ?? {})),
      renditions: [],
      failureReason: ids.reason,
      faceCheck: ids.faceCheck,
      faceReference: undefined,
    },
    now,
  );
}

/**
 * The verified face a replacement is compared with: the newest other photo of the employee whose check passed
 * (or that HR approved) and that kept a face reference. Null for a first photo, or after a hand-approved
 * `check failed` photo (it has no reference): the replacement is then checked like a first photo.
 */
export async function findVerifiedFaceReference(
  table: MetadataTable,
  ids: PhotoIds,
): Promise<{ photoId: string; reference: NonNullable<PhotoRecord['faceReference']> } | null> {
  const candidates = (await listPhotosForEmployee(table, ids.employeeId))
    .filter(
      (photo) =>
        photo.photoId !== ids.photoId &&
        photo.state === 'ready' &&
        photo.faceReference &&
        photo.faceCheck &&
        PROMOTABLE_FACE_CHECKS.includes(photo.faceCheck.outcome),
    )
    .sort((a, b) => (b.faceCheck!.checkedAt < a.faceCheck!.checkedAt ? -1 : 1));
  const newest = candidates[0];
  return newest ? { photoId: newest.photoId, reference: newest.faceReference! } : null;
}

/** Why the photo failed, as its owner and HR read it; the page adds what to do next (app/components/photo-failure.ts). */
export const HR_REFUSED_REASON = 'HR did not accept this photo.';

/**
 * HR's decision on a photo held for review (needs-review, check-failed, no-consent): `approved` lets the photo watcher
 * put it on the profile; `refused` fails it with a reason the employee sees. Conditional on the photo still
 * being held, so two HR admins deciding at once cannot both win. Null when it is no longer held.
 */
export async function recordFaceReview(
  table: MetadataTable,
  ids: PhotoIds & { decision: 'approved' | 'refused'; reviewerId: string },
  now = new Date(),
): Promise<PhotoRecord | null> {
  const at = now.toISOString();
  const refused = ids.decision === 'refused';
  const gsi = stateIndexKeys(refused ? 'failed' : 'ready', at, ids.photoId);
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: itemKey(ids),
        UpdateExpression:
          'SET faceCheck.outcome = :decision, faceCheck.reviewedBy = :reviewer, faceCheck.reviewedAt = :now, ' +
          'version = version + :one, updatedAt = :now, #state = :state, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk' +
          (refused ? ', failureReason = :reason' : ''),
        ConditionExpression: `#state = :ready AND faceCheck.outcome IN (${HELD_FACE_CHECKS.map((_, i) => `:held${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':decision': ids.decision,
          ':reviewer': ids.reviewerId,
          ':now': at,
          ':one': 1,
          ':state': refused ? 'failed' : 'ready',
          ':ready': 'ready',
          ...Object.fromEntries(HELD_FACE_CHECKS.map((outcome, i) => [`:held${i}`, outcome])),
          ':gsi1pk': gsi.gsi1pk,
          ':gsi1sk': gsi.gsi1sk,
          ...(refused ? { ':reason': HR_REFUSED_REASON } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toRecord(Attributes!);
  } catch (error) {
    if (isConditionalCheckFailed(error)) return null;
    throw error;
  }
}

/**
 * Gives up a claim early (after a transient error) so the retry need not wait for the lease to lapse.
 * Best effort: if the claim is already gone, nothing happens.
 */
export async function releasePhotoClaim(table: MetadataTable, ids: PhotoIds & { attempt: number }, now = new Date()) {
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: itemKey(ids),
        // This claim ended (transiently): it is not a crash, so it stops counting as unfinished.
        UpdateExpression: 'SET leaseExpiresAt = :now, unfinishedClaims = unfinishedClaims - :one',
        ConditionExpression: '#state = :processing AND attempt = :attempt AND unfinishedClaims > :zero',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':processing': 'processing',
          ':attempt': ids.attempt,
          ':now': now.toISOString(),
          ':one': 1,
          ':zero': 0,
        },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

/**
 * An operator's redrive: puts a `failed` (or `ready`) photo back to `uploaded` and forgets its content hash, so the
 * next event for its original processes it again (after a sharp upgrade, say) instead of repeating the old result.
 * Returns the reset record, or null if the photo is absent or not in one of those states.
 */
export async function resetPhotoForReprocessing(
  table: MetadataTable,
  ids: PhotoIds,
  now = new Date(),
): Promise<PhotoRecord | null> {
  const at = now.toISOString();
  const gsi = stateIndexKeys('uploaded', at, ids.photoId);
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: itemKey(ids),
        UpdateExpression:
          'SET #state = :uploaded, version = version + :one, updatedAt = :now, unfinishedClaims = :zero, ' +
          'gsi1pk = :gsi1pk, gsi1sk = :gsi1sk REMOVE contentHash, failureReason, leaseExpiresAt',
        ConditionExpression: '#state IN (:failed, :ready)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':uploaded': 'uploaded',
          ':failed': 'failed',
          ':ready': 'ready',
          ':one': 1,
          ':zero': 0,
          ':now': at,
          ':gsi1pk': gsi.gsi1pk,
          ':gsi1sk': gsi.gsi1sk,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toRecord(Attributes!);
  } catch (error) {
    if (isConditionalCheckFailed(error)) return null;
    throw error;
  }
}

const CursorSchema = z.record(z.string(), z.string());
function decodeKeyCursor(cursor: string): Record<string, string> {
  const key = decodeCursor(cursor, CursorSchema);
  if (!key) throw new RangeError('Invalid page cursor');
  return key;
}

export interface PhotoPage {
  photos: PhotoRecord[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * Photos in one state through the byState GSI, most recently changed first (oldest first with
 * `oldestFirst`). GSI reads are eventually consistent: a photo that just changed state may show a moment late.
 */
export async function listPhotosByState(
  table: MetadataTable,
  state: PhotoState,
  options: { limit?: number; cursor?: string; oldestFirst?: boolean } = {},
): Promise<PhotoPage> {
  const { Items = [], LastEvaluatedKey } = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      IndexName: STATE_INDEX.name,
      KeyConditionExpression: '#gpk = :gpk',
      ExpressionAttributeNames: { '#gpk': STATE_INDEX.partition },
      ExpressionAttributeValues: { ':gpk': photoStatePk(state) },
      ScanIndexForward: options.oldestFirst ?? false,
      Limit: options.limit ?? 25,
      ExclusiveStartKey: options.cursor ? decodeKeyCursor(options.cursor) : undefined,
    }),
  );
  return { photos: Items.map(toRecord), nextCursor: LastEvaluatedKey ? encodeCursor(LastEvaluatedKey) : undefined };
}

/** Every photo record of one employee (a handful at most), in photo id order. */
export async function listPhotosForEmployee(table: MetadataTable, employeeId: string): Promise<PhotoRecord[]> {
  const photos: PhotoRecord[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': employeePk(employeeId), ':prefix': PHOTO_SK_PREFIX },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    photos.push(...(page.Items ?? []).map(toRecord));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return photos;
}

/** Deletes the record; returns what was there, or null. The S3 objects are the caller's to delete. */
export async function deletePhotoRecord(table: MetadataTable, ids: PhotoIds): Promise<PhotoRecord | null> {
  const { Attributes } = await table.client.send(
    new DeleteCommand({ TableName: table.tableName, Key: itemKey(ids), ReturnValues: 'ALL_OLD' }),
  );
  return Attributes ? toRecord(Attributes) : null;
}

/**
 * Forgets the face reference kept on one photo record, and makes sure the photo function never checks this photo
 * again (a redrive, an upload not yet processed): its policy becomes `no-consent`, except a demo drawing's. For a
 * withdrawn consent or the retention deadline (docs/decisions/206-face-check-consent.md); the caller deletes a
 * Rekognition face first. Returns the record as it was before (its `faceReference` is what was removed), or null
 * when there is no record.
 */
export async function removeFaceReference(
  table: MetadataTable,
  ids: PhotoIds,
  now = new Date(),
): Promise<PhotoRecord | null> {
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: itemKey(ids),
        UpdateExpression:
          'SET faceCheckPolicy = :policy, version = version + :one, updatedAt = :now REMOVE faceReference',
        // A demo drawing keeps its policy (it was never checked and carries no reference).
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(faceCheckPolicy) OR faceCheckPolicy <> :demo)',
        ExpressionAttributeValues: {
          ':policy': 'no-consent',
          ':demo': 'demo-not-checked',
          ':one': 1,
          ':now': now.toISOString(),
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes ? toRecord(Attributes) : null;
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    return getPhoto(table, ids);
  }
}
