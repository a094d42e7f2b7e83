/**
 * Fields HR defines (docs/decisions/023-hr-defined-field-storage.md):
 * - `field_definitions`: one row per field, keyed by its stable key (a rename changes only the label). Its choice
 *   options, retired ones kept, are a JSON list in `choice_options`: read and written with the field, never queried.
 * - `field_definitions_version`: one row whose `version` every change to a definition increments, so each
 *   worker re-reads the definitions on its next request after a change (one primary-key read per request).
 * - `employees.custom_fields`: the values, a JSON object by field key, on the employee's own row, so the profile,
 *   the export, the archive and the search projection read them in the query that reads the row, and erasing the
 *   row erases them.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

const flag = { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 };

export const customFieldsSchema: Migration = {
  name: '014-custom-fields',
  async up({ context: q }: { context: QueryInterface }) {
    await q.createTable(
      'field_definitions',
      {
        // Not `key`/`type`/`options`: reserved or near-reserved words in MariaDB's SQL.
        field_key: { type: DataTypes.STRING(40), allowNull: false, primaryKey: true },
        label: { type: DataTypes.STRING(80), allowNull: false },
        help_text: { type: DataTypes.STRING(300), allowNull: true },
        field_type: { type: DataTypes.STRING(16), allowNull: false },
        is_required: flag,
        visibility: { type: DataTypes.STRING(24), allowNull: false },
        editable_by: { type: DataTypes.STRING(8), allowNull: false },
        searchable: flag,
        facet: flag,
        section: { type: DataTypes.STRING(80), allowNull: true },
        sort_position: { type: DataTypes.INTEGER, allowNull: false },
        is_retired: flag,
        choice_options: { type: DataTypes.TEXT, allowNull: false },
        created_at: { type: DataTypes.DATE(3), allowNull: false },
        updated_at: { type: DataTypes.DATE(3), allowNull: false },
      },
      utf8mb4,
    );
    await q.createTable(
      'field_definitions_version',
      {
        name: { type: DataTypes.STRING(16), allowNull: false, primaryKey: true },
        version: { type: DataTypes.INTEGER, allowNull: false },
      },
      utf8mb4,
    );
    await q.bulkInsert('field_definitions_version', [{ name: 'fields', version: 0 }]);
    await q.addColumn('employees', 'custom_fields', { type: DataTypes.TEXT, allowNull: true });
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.removeColumn('employees', 'custom_fields');
    await q.dropTable('field_definitions_version');
    await q.dropTable('field_definitions');
  },
};
