/**
 * Employee metadata in DynamoDB: profile extras and the append-only activity log. The photo record lives in
 * functions/shared/photo-records.ts because the photo function writes it too.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, DeleteCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ACTIVITY_SK_PREFIX, EXTRAS_SK, activitySk, employeePk } from '@shared/contracts/dynamo-keys';
import { putNewItem } from '@shared/create-once';
import type { MetadataTable } from '@shared/metadata-table';
import { employeePartitionItems } from '~/models/employee-partition.server';
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

/** The actor of an entry whose author was erased: the entry stays (it is about someone else), its author does not. */
export const FORMER_EMPLOYEE_ACTOR = 'former-employee';

/** Every item in one employee's partition (extras, activity, any photo record left), by key. */
export async function listEmployeeItemKeys(
  store: MetadataTable,
  employeeId: string,
): Promise<Array<{ pk: string; sk: string }>> {
  const keys: Array<{ pk: string; sk: string }> = [];
  for await (const item of employeePartitionItems(store, employeeId, 'pk, sk')) {
    keys.push({ pk: String(item.pk), sk: String(item.sk) });
  }
  return keys;
}

export async function deleteItem(store: MetadataTable, key: { pk: string; sk: string }): Promise<void> {
  await store.client.send(new DeleteCommand({ TableName: store.tableName, Key: key }));
}

/**
 * The keys of activity entries in other people's logs that this employee wrote (HR acting on others). A scan:
 * the table has no index by actor, and erasing someone is rare enough not to need one.
 */
export async function listEntriesWrittenBy(
  store: MetadataTable,
  actorId: string,
): Promise<Array<{ pk: string; sk: string }>> {
  const keys: Array<{ pk: string; sk: string }> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await store.client.send(
      new ScanCommand({
        TableName: store.tableName,
        FilterExpression: 'actorId = :actor AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':actor': actorId, ':prefix': ACTIVITY_SK_PREFIX },
        ProjectionExpression: 'pk, sk',
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) keys.push({ pk: String(item.pk), sk: String(item.sk) });
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return keys;
}

/** Names an entry's author as a former employee (only if it still names `actorId`: a repeat changes nothing). */
export async function anonymiseEntryActor(
  store: MetadataTable,
  key: { pk: string; sk: string },
  actorId: string,
): Promise<void> {
  try {
    await store.client.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: key,
        UpdateExpression: 'SET actorId = :former',
        ConditionExpression: 'actorId = :actor',
        ExpressionAttributeValues: { ':former': FORMER_EMPLOYEE_ACTOR, ':actor': actorId },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}
