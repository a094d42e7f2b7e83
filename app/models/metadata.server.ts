/**
 * Employee metadata in DynamoDB: profile extras and the append-only activity log. The photo record lives in
 * functions/shared/photo-records.ts because the photo function writes it too.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { ACTIVITY_SK_PREFIX, EXTRAS_SK, activitySk, employeePk } from '@shared/contracts/dynamo-keys';
import { putNewItem } from '@shared/create-once';
import type { MetadataTable } from '@shared/metadata-table';
import {
  activityEntrySchema,
  profileExtrasSchema,
  type ActivityEntry,
  type ProfileExtras,
} from '@shared/contracts/metadata-items';

export async function getProfileExtras(store: MetadataTable, employeeId: string): Promise<ProfileExtras> {
  const { Item } = await store.client.send(
    new GetCommand({ TableName: store.tableName, Key: { pk: employeePk(employeeId), sk: EXTRAS_SK } }),
  );
  const parsed = profileExtrasSchema.safeParse(Item ?? {});
  return parsed.success ? parsed.data : profileExtrasSchema.parse({});
}

/** Replaces the extras as a whole: the form always sends all of them. */
export async function putProfileExtras(store: MetadataTable, employeeId: string, extras: ProfileExtras): Promise<void> {
  const valid = profileExtrasSchema.parse(extras);
  await store.client.send(
    new PutCommand({
      TableName: store.tableName,
      Item: { pk: employeePk(employeeId), sk: EXTRAS_SK, ...valid, updatedAt: new Date().toISOString() },
    }),
  );
}

export async function deleteProfileExtras(store: MetadataTable, employeeId: string): Promise<void> {
  await store.client.send(
    new DeleteCommand({ TableName: store.tableName, Key: { pk: employeePk(employeeId), sk: EXTRAS_SK } }),
  );
}

/**
 * Appends one entry. The sort key is time plus a fresh id and the put is conditional on it being new, so an
 * entry is never overwritten: the log is append-only.
 */
export async function appendActivity(
  store: MetadataTable,
  entry: Omit<ActivityEntry, 'eventId' | 'at' | 'changedFields'> & {
    changedFields?: string[];
    eventId?: string;
    at?: Date;
  },
): Promise<ActivityEntry> {
  const full = activityEntrySchema.parse({
    ...entry,
    eventId: entry.eventId ?? randomUUID(),
    at: (entry.at ?? new Date()).toISOString(),
  });
  // Never overwrites an entry; an SDK retry of this very write counts as written (create-once.ts).
  await putNewItem(store.client, store.tableName, {
    pk: employeePk(full.employeeId),
    sk: activitySk(full.at, full.eventId),
    ...full,
  });
  return full;
}

/** Takes back an entry whose change did not happen (the undo of a failed write; see decision 001). */
export async function deleteActivity(
  store: MetadataTable,
  entry: Pick<ActivityEntry, 'employeeId' | 'at' | 'eventId'>,
): Promise<void> {
  await store.client.send(
    new DeleteCommand({
      TableName: store.tableName,
      Key: { pk: employeePk(entry.employeeId), sk: activitySk(entry.at, entry.eventId) },
    }),
  );
}

export interface ActivityPage {
  entries: ActivityEntry[];
  nextCursor: string | null;
}

/** Newest first, a page at a time. The cursor is DynamoDB's LastEvaluatedKey, base64url-encoded and checked. */
export async function listActivity(
  store: MetadataTable,
  employeeId: string,
  options: { cursor?: string | null; limit?: number } = {},
): Promise<ActivityPage> {
  const pk = employeePk(employeeId);
  let startKey: Record<string, string> | undefined;
  if (options.cursor) {
    try {
      const decoded = JSON.parse(Buffer.from(options.cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (decoded.pk === pk && typeof decoded.sk === 'string' && decoded.sk.startsWith(ACTIVITY_SK_PREFIX)) {
        startKey = { pk, sk: decoded.sk };
      }
    } catch {
      // A mangled cursor shows the first page.
    }
  }
  const result = await store.client.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': ACTIVITY_SK_PREFIX },
      ScanIndexForward: false,
      Limit: Math.min(Math.max(options.limit ?? 20, 1), 100),
      ExclusiveStartKey: startKey,
    }),
  );
  const entries = (result.Items ?? []).flatMap((item) => {
    const parsed = activityEntrySchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  const last = result.LastEvaluatedKey;
  return {
    entries,
    nextCursor: last ? Buffer.from(JSON.stringify({ pk: last.pk, sk: last.sk })).toString('base64url') : null,
  };
}
