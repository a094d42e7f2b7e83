/**
 * The language a person chose for the product (docs/decisions/335-which-language.md): a language code of
 * app/i18n/languages.ts, or null for "as my browser asks". On the employee's row, so the erasure removes it with
 * the row and the "My data" archive shows it with the profile.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';

export const preferredLanguageColumn: Migration = {
  name: '020-preferred-language',
  async up({ context: q }: { context: QueryInterface }) {
    await q.addColumn('employees', 'preferred_language', { type: DataTypes.STRING(16), allowNull: true });
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.removeColumn('employees', 'preferred_language');
  },
};
