/**
 * Skills on the profile (decision 008): a short list of normalised tags, stored comma-separated in one column of
 * the employees table, beside the other public fields the directory searches and facets by. At most 12 tags
 * of at most 32 characters (app/models/employee-fields.ts), so 400 characters hold any valid list.
 * The older free-form skills in the DynamoDB profile extras stay where they are (docs/decisions/008).
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';

export const skillsColumn: Migration = {
  name: '004-skills',
  async up({ context: q }: { context: QueryInterface }) {
    await q.addColumn('employees', 'skills', { type: DataTypes.STRING(400), allowNull: false, defaultValue: '' });
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.removeColumn('employees', 'skills');
  },
};
