/**
 * Did a request store anything? Three views, cheap enough to take around every one of thousands of requests:
 *   - the relational tables that hold people, passwords, sessions, reset and join tokens and the event outbox: one query
 *     for each table's row count and newest write time (any insert, delete or update moves one of them);
 *   - every write command the platform's DynamoDB and S3 clients send (the routes' own client instances);
 *   - DynamoDB's items and S3's keys read back in full, for a comparison over a whole run.
 *
 * login_throttle is left out on purpose: a refused sign-in or reset request is counted there by design. A
 * session's last-seen time moves on reads, so sessions count by number and creation time only.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { QueryTypes } from 'sequelize';
import type { Platform } from '~/platform.server';

const TABLE_FINGERPRINT = `SELECT
  (SELECT COUNT(*) FROM employees) AS employees,
  (SELECT MAX(updated_at) FROM employees) AS employees_updated,
  (SELECT COUNT(*) FROM credentials) AS credentials,
  (SELECT MAX(changed_at) FROM credentials) AS credentials_changed,
  (SELECT COUNT(*) FROM password_reset_tokens) AS reset_tokens,
  (SELECT COUNT(used_at) FROM password_reset_tokens) AS reset_tokens_used,
  (SELECT COUNT(*) FROM join_requests) AS join_requests,
  (SELECT COUNT(*) FROM events) AS events,
  (SELECT COUNT(*) FROM event_deliveries) AS event_deliveries,
  (SELECT COUNT(*) FROM recorded_notifications) AS recorded_notifications,
  (SELECT COUNT(*) FROM linked_identities) AS linked_identities,
  (SELECT COUNT(*) FROM sessions) AS sessions,
  (SELECT MAX(created_at) FROM sessions) AS sessions_created`;

export type TableFingerprint = Record<string, string>;

export async function fingerprintTables(platform: Platform): Promise<TableFingerprint> {
  const [row] = await platform.db.sequelize.query<Record<string, unknown>>(TABLE_FINGERPRINT, {
    type: QueryTypes.SELECT,
  });
  return Object.fromEntries(Object.entries(row ?? {}).map(([name, value]) => [name, String(value)]));
}

/** The names of what differs ("employees", "sessions_created", ...), empty when nothing was stored. */
export function changedTables(before: TableFingerprint, after: TableFingerprint): string[] {
  return Object.keys(before).filter((name) => before[name] !== after[name]);
}

const READ_COMMAND = /^(Get|BatchGet|Query|Scan|List|Head|Describe)/;

/**
 * Records the write commands the platform's DynamoDB and S3 clients send from now on (by wrapping their `send`):
 * `take()` returns and forgets those sent since the last call.
 */
export function watchObjectWrites(platform: Platform): { take(): string[] } {
  const writes: string[] = [];
  for (const [store, client] of [
    ['dynamodb', platform.dynamo],
    ['s3', platform.s3],
  ] as const) {
    const send = client.send.bind(client) as (command: object, ...rest: unknown[]) => Promise<unknown>;
    (client as { send: unknown }).send = (command: object, ...rest: unknown[]) => {
      const name = command.constructor.name;
      if (!READ_COMMAND.test(name)) writes.push(`${store} ${name}`);
      return send(command, ...rest);
    };
  }
  return { take: () => writes.splice(0) };
}

/** Every DynamoDB item and S3 key with its ETag, as one string. */
export async function fingerprintObjects(platform: Platform): Promise<string> {
  const items = await platform.dynamo.send(new ScanCommand({ TableName: platform.tableName }));
  const objects = await platform.s3.send(new ListObjectsV2Command({ Bucket: platform.bucket }));
  return JSON.stringify({
    items: items.Items ?? [],
    objects: (objects.Contents ?? []).map((object) => `${object.Key}:${object.ETag}`),
  });
}
