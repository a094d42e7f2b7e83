/**
 * The bearer tokens an identity provider's SCIM connection presents (docs/decisions/330-scim-tokens.md):
 * `scim_tokens` holds one row per connection HR created: its name, the SHA-256 of the token (the token itself is
 * shown to HR once and never stored), who created it (an HR employee, nulled when that person is erased), when it
 * was created, when it expires, when it was last used and when it was revoked.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

export const scimTokensSchema: Migration = {
  name: '017-scim-tokens',
  async up({ context: q }: { context: QueryInterface }) {
    await q.createTable(
      'scim_tokens',
      {
        id: { type: DataTypes.UUID, allowNull: false, primaryKey: true },
        name: { type: DataTypes.STRING(80), allowNull: false },
        token_hash: { type: DataTypes.CHAR(64), allowNull: false, unique: true },
        created_by: { type: DataTypes.UUID, allowNull: true },
        created_at: { type: DataTypes.DATE(3), allowNull: false },
        expires_at: { type: DataTypes.DATE(3), allowNull: false },
        last_used_at: { type: DataTypes.DATE(3), allowNull: true },
        revoked_at: { type: DataTypes.DATE(3), allowNull: true },
      },
      utf8mb4,
    );
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.dropTable('scim_tokens');
  },
};
