/**
 * SCIM connection tokens (migration 017): created by HR, presented by an identity provider as a bearer token.
 * Only the token's SHA-256 is stored; the token is returned once, at creation. Why tokens are shaped and kept this
 * way: docs/decisions/330-scim-tokens.md.
 */
import { randomUUID } from 'node:crypto';
import { QueryTypes, type Transaction } from 'sequelize';
import { affectedRows } from '~/db/affected-rows.server';
import type { Database } from '~/db/database.server';
import { newToken, sha256 } from '~/utils/hash-token.server';

/** Every token starts with this, so a leaked one is recognisable in logs and by secret scanners. */
export const SCIM_TOKEN_PREFIX = 'scim_';

/** A token's name as HR types it (the column is 80 characters). */
export const MAX_SCIM_TOKEN_NAME = 80;

export interface ScimTokenIdentity {
  id: string;
  name: string;
}

/** A token as HR's page lists it: never its hash. */
export interface ScimTokenListing {
  id: string;
  name: string;
  createdBy: string | null;
  /** The creator's name as the directory shows it, or null when they were erased. */
  createdByName: string | null;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

// SQLite hands DATE(3) columns back as text.
const dateOf = (value: Date | string) => (value instanceof Date ? value : new Date(value));
const nullableDateOf = (value: Date | string | null) => (value === null ? null : dateOf(value));

export async function createScimToken(
  db: Database,
  input: { name: string; createdBy: string | null; expiresAt: Date },
  now = new Date(),
  transaction?: Transaction,
): Promise<{ id: string; token: string }> {
  const id = randomUUID();
  const token = SCIM_TOKEN_PREFIX + newToken();
  await db.sequelize.query(
    `INSERT INTO scim_tokens (id, name, token_hash, created_by, created_at, expires_at, last_used_at, revoked_at)
     VALUES (:id, :name, :hash, :createdBy, :now, :expiresAt, NULL, NULL)`,
    {
      replacements: {
        id,
        name: input.name,
        hash: sha256(token),
        createdBy: input.createdBy,
        now,
        expiresAt: input.expiresAt,
      },
      type: QueryTypes.INSERT,
      transaction,
    },
  );
  return { id, token };
}

/** The connection a token belongs to, or null when it is unknown, expired or revoked. */
export async function findLiveScimToken(
  db: Database,
  token: string,
  now = new Date(),
): Promise<ScimTokenIdentity | null> {
  if (!token.startsWith(SCIM_TOKEN_PREFIX)) return null;
  const rows = await db.sequelize.query<{ id: string; name: string; expires_at: Date | string; revoked_at: unknown }>(
    'SELECT id, name, expires_at, revoked_at FROM scim_tokens WHERE token_hash = :hash',
    { replacements: { hash: sha256(token) }, type: QueryTypes.SELECT },
  );
  const row = rows[0];
  if (!row || row.revoked_at !== null || new Date(row.expires_at).getTime() <= now.getTime()) return null;
  return { id: row.id, name: row.name };
}

interface TokenRow {
  id: string;
  name: string;
  created_by: string | null;
  created_at: Date | string;
  expires_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
  first_name: string | null;
  preferred_name: string | null;
  last_name: string | null;
}

/** Every token HR created (or the ones one employee created), newest first, with who created it. */
export async function listScimTokens(db: Database, options: { createdBy?: string } = {}): Promise<ScimTokenListing[]> {
  const rows = await db.sequelize.query<TokenRow>(
    `SELECT t.id, t.name, t.created_by, t.created_at, t.expires_at, t.last_used_at, t.revoked_at,
            e.first_name, e.preferred_name, e.last_name
     FROM scim_tokens t LEFT JOIN employees e ON e.id = t.created_by
     ${options.createdBy === undefined ? '' : 'WHERE t.created_by = :createdBy'}
     ORDER BY t.created_at DESC, t.id`,
    { replacements: { createdBy: options.createdBy ?? null }, type: QueryTypes.SELECT },
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdBy: row.created_by,
    createdByName: row.last_name === null ? null : `${row.preferred_name ?? row.first_name} ${row.last_name}`,
    createdAt: dateOf(row.created_at),
    expiresAt: dateOf(row.expires_at),
    lastUsedAt: nullableDateOf(row.last_used_at),
    revokedAt: nullableDateOf(row.revoked_at),
  }));
}

/** Revokes a token that is not revoked yet; false when there is no such token or it already was. */
export async function revokeScimToken(
  db: Database,
  id: string,
  now = new Date(),
  transaction?: Transaction,
): Promise<boolean> {
  const [, affected] = await db.sequelize.query(
    'UPDATE scim_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL',
    { replacements: { id, now }, type: QueryTypes.UPDATE, transaction },
  );
  return affectedRows(affected) > 0;
}

/**
 * Records that a token was used, unless it was already recorded within `withinMs`: the condition is in the UPDATE,
 * so several workers and instances touching the same token write it about once per interval between them.
 */
export async function markScimTokenUsed(db: Database, id: string, now: Date, withinMs: number): Promise<void> {
  await db.sequelize.query(
    'UPDATE scim_tokens SET last_used_at = :now WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :cutoff)',
    { replacements: { id, now, cutoff: new Date(now.getTime() - withinMs) }, type: QueryTypes.UPDATE },
  );
}
