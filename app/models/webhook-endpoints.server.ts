/**
 * The endpoints HR registered for webhooks (migration 019, docs/decisions/329-signed-webhooks.md). Their signing
 * secrets are stored sealed (app/services/webhooks/secret-box.server.ts); this module only moves the sealed text.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import { affectedRows } from '~/db/affected-rows.server';
import { readTime, sqlTime } from './webhook-deliveries.server';

/** One signing secret as stored: sealed, and when a rotated-out secret stops signing (null: the current one). */
export interface StoredSecret {
  sealed: string;
  retiresAt: string | null;
}

export interface WebhookEndpoint {
  id: string;
  name: string;
  url: string;
  eventTypes: string[];
  secrets: StoredSecret[];
  enabled: boolean;
  createdAt: Date;
}

interface EndpointRow {
  id: string;
  name: string;
  url: string;
  event_types: string;
  secrets: string;
  enabled: number | boolean;
  created_at: Date | string;
}

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    eventTypes: JSON.parse(row.event_types) as string[],
    secrets: JSON.parse(row.secrets) as StoredSecret[],
    enabled: Boolean(Number(row.enabled)),
    createdAt: readTime(row.created_at),
  };
}

export async function insertWebhookEndpoint(db: Database, endpoint: WebhookEndpoint): Promise<void> {
  await db.sequelize.query(
    `INSERT INTO webhook_endpoints (id, name, url, event_types, secrets, enabled, created_at)
     VALUES (:id, :name, :url, :eventTypes, :secrets, :enabled, :createdAt)`,
    {
      replacements: {
        ...endpoint,
        eventTypes: JSON.stringify(endpoint.eventTypes),
        secrets: JSON.stringify(endpoint.secrets),
        enabled: endpoint.enabled ? 1 : 0,
        createdAt: sqlTime(endpoint.createdAt),
      },
      type: QueryTypes.INSERT,
    },
  );
}

export async function listWebhookEndpoints(
  db: Database,
  options: { enabledOnly?: boolean; transaction?: Transaction } = {},
): Promise<WebhookEndpoint[]> {
  const rows = await db.sequelize.query<EndpointRow>(
    `SELECT * FROM webhook_endpoints${options.enabledOnly ? ' WHERE enabled = 1' : ''} ORDER BY created_at, id`,
    { type: QueryTypes.SELECT, transaction: options.transaction },
  );
  return rows.map(toEndpoint);
}

export async function getWebhookEndpoint(db: Database, id: string): Promise<WebhookEndpoint | null> {
  const [row] = await db.sequelize.query<EndpointRow>('SELECT * FROM webhook_endpoints WHERE id = :id', {
    replacements: { id },
    type: QueryTypes.SELECT,
  });
  return row ? toEndpoint(row) : null;
}

/** Enables or disables an endpoint; false when there is no such endpoint. */
export async function setWebhookEndpointEnabled(
  db: Database,
  id: string,
  enabled: boolean,
  transaction?: Transaction,
): Promise<boolean> {
  const [, affected] = await db.sequelize.query('UPDATE webhook_endpoints SET enabled = :enabled WHERE id = :id', {
    replacements: { id, enabled: enabled ? 1 : 0 },
    type: QueryTypes.UPDATE,
    transaction,
  });
  return affectedRows(affected) === 1;
}

export async function replaceWebhookSecrets(db: Database, id: string, secrets: StoredSecret[]): Promise<boolean> {
  const [, affected] = await db.sequelize.query('UPDATE webhook_endpoints SET secrets = :secrets WHERE id = :id', {
    replacements: { id, secrets: JSON.stringify(secrets) },
    type: QueryTypes.UPDATE,
  });
  return affectedRows(affected) === 1;
}

/** Deletes an endpoint and its delivery log (the deliveries first: SQLite's foreign keys may be off). */
export async function deleteWebhookEndpoint(db: Database, id: string): Promise<boolean> {
  return db.sequelize.transaction(async (transaction) => {
    await db.sequelize.query('DELETE FROM webhook_deliveries WHERE endpoint_id = :id', {
      replacements: { id },
      type: QueryTypes.BULKDELETE,
      transaction,
    });
    const [row] = await db.sequelize.query<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM webhook_endpoints WHERE id = :id',
      { replacements: { id }, type: QueryTypes.SELECT, transaction },
    );
    await db.sequelize.query('DELETE FROM webhook_endpoints WHERE id = :id', {
      replacements: { id },
      type: QueryTypes.BULKDELETE,
      transaction,
    });
    return Number(row?.n ?? 0) === 1;
  });
}
