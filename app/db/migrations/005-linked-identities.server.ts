/**
 * Identities at the company's identity providers linked to employees (decision 310): one row per issuer + subject
 * (the provider's stable id for a person; never reassigned), pointing at one employee. An employee may have
 * several (two providers, or two accounts at one). Removed with the employee; an admin can unlink one.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

export const linkedIdentitiesSchema: Migration = {
  name: '005-linked-identities',
  async up({ context: q }: { context: QueryInterface }) {
    await q.createTable(
      'linked_identities',
      {
        id: { type: DataTypes.UUID, allowNull: false, primaryKey: true },
        employee_id: {
          type: DataTypes.UUID,
          allowNull: false,
          references: { model: 'employees', key: 'id' },
          onDelete: 'CASCADE',
        },
        /** The configured provider's id (OIDC_PROVIDERS), for display: the issuer is what identifies. */
        provider_id: { type: DataTypes.STRING(32), allowNull: false },
        // 255 + 255 characters of utf8mb4 stay under InnoDB's 3072-byte index limit. Binary: OpenID Connect
        // compares issuers and subjects exactly, and the table's collation would fold case.
        issuer: { type: DataTypes.STRING(255).BINARY, allowNull: false },
        subject: { type: DataTypes.STRING(255).BINARY, allowNull: false },
        /** The email the provider vouched for when the link was made (shown to HR next to the link). */
        email: { type: DataTypes.STRING(254), allowNull: false },
        linked_at: { type: DataTypes.BIGINT, allowNull: false },
        last_sign_in_at: { type: DataTypes.BIGINT, allowNull: true },
      },
      utf8mb4,
    );
    await q.addIndex('linked_identities', ['issuer', 'subject'], {
      name: 'linked_identities_issuer_subject',
      unique: true,
    });
    await q.addIndex('linked_identities', ['employee_id'], { name: 'linked_identities_employee' });
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.dropTable('linked_identities');
  },
};
