/**
 * SCIM connection tokens (migration 017): created by HR, presented by an identity provider as a bearer token.
 * Only the token's SHA-256 is stored; the token is returned once, at creation.
 */
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { Database } from '~/db/database.server';
import { newToken, sha256 } from '~/utils/hash-token.server';

/** Every token starts with this, so a leaked one is recognisable in logs and by secret scanners. */
export const SCIM_TOKEN_PREFIX = 'scim_';

export interface ScimTokenIdentity {
  id: string;
  name: string;
}

export async function createScimToken(
  db: Database,
  input: { name: string; createdBy: string | null; expiresAt: Date },
  now = new Date(),
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
