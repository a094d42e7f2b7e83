/**
 * One employee's whole DynamoDB partition in one read: the profile extras, the activity log and the photo records
 * (functions/shared/contracts/dynamo-keys.ts). For a reader that wants all three, as the personal archive does, this
 * is one Query instead of a GetItem and two Queries; each item is checked as the single-kind reads check it
 * (app/models/metadata.server.ts, functions/shared/photo-records.ts).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ACTIVITY_SK_PREFIX, EXTRAS_SK, PHOTO_SK_PREFIX, employeePk } from '@shared/contracts/dynamo-keys';
import {
  activityEntrySchema,
  profileExtrasSchema,
  type ActivityEntry,
  type ProfileExtras,
} from '@shared/contracts/metadata-items';
import type { PhotoRecord } from '@shared/contracts/photo-record';
import type { MetadataTable } from '@shared/metadata-table';
import { toRecord as photoRecordFromItem } from '@shared/photo-records';

export interface EmployeePartition {
  /** As getProfileExtras gives them: the defaults when none are kept. */
  extras: ProfileExtras;
  /** Oldest first (the sort key starts with the entry's time). Entries that fail the contract are left out. */
  activity: ActivityEntry[];
  /** In the order of their photo ids; a record that fails the contract fails the read (CorruptPhotoRecordError). */
  photos: PhotoRecord[];
}

/**
 * Every item of one employee's partition, page by page, read consistently (as the photo records' own listing: a
 * photo the function has just finished is seen). `projection` narrows each item, as a key listing wants.
 */
export async function* employeePartitionItems(
  store: MetadataTable,
  employeeId: string,
  projection?: string,
): AsyncGenerator<Record<string, unknown>> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await store.client.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': employeePk(employeeId) },
        ProjectionExpression: projection,
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    yield* page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

export async function readEmployeePartition(store: MetadataTable, employeeId: string): Promise<EmployeePartition> {
  const partition: EmployeePartition = { extras: profileExtrasSchema.parse({}), activity: [], photos: [] };
  for await (const item of employeePartitionItems(store, employeeId)) {
    const sk = String(item.sk);
    if (sk === EXTRAS_SK) {
      const parsed = profileExtrasSchema.safeParse(item);
      if (parsed.success) partition.extras = parsed.data;
    } else if (sk.startsWith(ACTIVITY_SK_PREFIX)) {
      const parsed = activityEntrySchema.safeParse(item);
      if (parsed.success) partition.activity.push(parsed.data);
    } else if (sk.startsWith(PHOTO_SK_PREFIX)) {
      partition.photos.push(photoRecordFromItem(item));
    }
  }
  return partition;
}
