/**
 * The counter employee numbers are assigned from (docs/decisions/019-employee-numbers-from-a-counter.md): one row
 * per counter, read and advanced inside the transaction that inserts the employee
 * (app/models/employee-number.server.ts). It starts at 1 (E000001): existing rows keep their numbers, and the
 * allocator steps over any number already in use, so no starting point has to be worked out from the data.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

export const employeeNumberCounter: Migration = {
  name: '007-employee-number-counter',
  async up({ context: q }: { context: QueryInterface }) {
    await q.createTable(
      'counters',
      {
        name: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
        next_value: { type: DataTypes.BIGINT, allowNull: false },
      },
      utf8mb4,
    );
    await q.bulkInsert('counters', [{ name: 'employee_number', next_value: 1 }]);
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.dropTable('counters');
  },
};
