/**
 * The directory's order in each language and the SQL search without accents
 * (docs/decisions/336-names-in-each-language-order.md): one order-key column per collation
 * (app/db/name-order-columns.server.ts), each with the directory's two keyset indexes, and the given-name and
 * job-title search keys folded. Existing rows get their keys here, a page of rows at a time. The keys are ASCII
 * and ordered byte by byte: on MariaDB the columns are `ascii_bin` (a key of 422 characters then fits in an index
 * beside the department, where utf8mb4 would take four bytes a character).
 */
import { DataTypes, QueryTypes, type QueryInterface } from 'sequelize';
import { NAME_ORDER_KEY_LENGTH } from '~/i18n/name-order';
import { foldedSearchKeys, NAME_ORDER_COLUMNS, nameOrderColumns } from '../name-order-columns.server';
import type { Migration } from './migration.server';

const COLUMNS = Object.values(NAME_ORDER_COLUMNS);
const PAGE = 1000;

export const nameOrderColumnsMigration: Migration = {
  name: '021-name-order',
  async up({ context: q }: { context: QueryInterface }) {
    const sequelize = q.sequelize;
    const mysql = sequelize.getDialect() !== 'sqlite';
    for (const { column } of COLUMNS) {
      await q.addColumn('employees', column, {
        type: mysql
          ? (`VARCHAR(${NAME_ORDER_KEY_LENGTH}) CHARACTER SET ascii COLLATE ascii_bin` as never)
          : DataTypes.STRING(NAME_ORDER_KEY_LENGTH),
        allowNull: false,
        defaultValue: '',
      });
    }
    for (let after = ''; ;) {
      const rows = await sequelize.query<{
        id: string;
        first_name: string;
        last_name: string;
        preferred_name: string | null;
        job_title: string;
      }>(
        'SELECT id, first_name, last_name, preferred_name, job_title FROM employees WHERE id > :after ORDER BY id LIMIT :page',
        { replacements: { after, page: PAGE }, type: QueryTypes.SELECT },
      );
      await sequelize.transaction(async (transaction) => {
        for (const row of rows) {
          const names = { firstName: row.first_name, lastName: row.last_name, preferredName: row.preferred_name };
          const order = nameOrderColumns(names);
          const folded = foldedSearchKeys({ ...names, jobTitle: row.job_title });
          await sequelize.query(
            `UPDATE employees SET given_name_key = :givenNameKey, job_title_key = :jobTitleKey, ${COLUMNS.map(
              ({ attribute, column }) => `${column} = :${attribute}`,
            ).join(', ')} WHERE id = :id`,
            { replacements: { ...folded, ...order, id: row.id }, transaction },
          );
        }
      });
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].id;
    }
    for (const { column } of COLUMNS) {
      // The directory: active employees in a language's order, keyset-paginated on (key, id), optionally per department.
      await q.addIndex('employees', ['status', column, 'id'], { name: `employees_directory_${column}` });
      await q.addIndex('employees', ['status', 'department', column, 'id'], {
        name: `employees_directory_dept_${column}`,
      });
    }
  },
  async down({ context: q }: { context: QueryInterface }) {
    for (const { column } of COLUMNS) {
      await q.removeIndex('employees', `employees_directory_dept_${column}`);
      await q.removeIndex('employees', `employees_directory_${column}`);
      await q.removeColumn('employees', column);
    }
  },
};
