/**
 * Writing a new DynamoDB item once (`attribute_not_exists(pk)`), safely under the SDK's own retry.
 *
 * The SDK retries a call whose answer did not come in time (AWS_REQUEST_TIMEOUT_MS, AWS_MAX_ATTEMPTS). When the
 * first attempt was applied and only its answer was late or lost, the retry finds the item there and fails the
 * condition: the caller saw "already exists" for its own write. Under load in the resilience harness that is a
 * 500 for a join that in fact stored everything. So a failed condition is looked at: the same item, every field
 * equal, is this call's own earlier attempt and counts as written; anything else is a real conflict.
 */
import { isDeepStrictEqual } from 'node:util';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './errors';

export type Item = Record<string, unknown>;

/**
 * Puts `item` if no item has its key; resolves when it is stored (by this call, on any attempt). Rejects with the
 * ConditionalCheckFailedException when another item holds the key.
 */
export async function putNewItem(
  db: DynamoDBDocumentClient,
  tableName: string,
  item: Item,
  keyNames: readonly string[] = ['pk', 'sk'],
): Promise<void> {
  try {
    await db.send(
      new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    const key = Object.fromEntries(keyNames.map((name) => [name, item[name]]));
    const { Item: stored } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    // JSON drops undefined fields, as the marshaller does when it stores the item.
    if (stored && isDeepStrictEqual(stored, JSON.parse(JSON.stringify(item)))) return;
    throw error;
  }
}
