/**
 * Who looked (docs/decisions/320-personal-archive-and-view-log.md): one row each time someone other than the
 * person read their private fields (HR's employee page, an admin's look at the profile page, an HR-made archive,
 * an export that carries private columns). The names of the fields read, never their values. Neither id is a
 * foreign key: the log outlives a viewer who has left (shown as "a former employee"), and the erasure deletes a
 * subject's rows by `subject_employee_id`.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

export const privateDetailViewsSchema: Migration = {
  name: '010-private-detail-views',
  async up({ context: q }: { context: QueryInterface }) {
    await q.createTable(
      'private_detail_views',
      {
        id: { type: DataTypes.STRING(36), allowNull: false, primaryKey: true },
        subject_employee_id: { type: DataTypes.STRING(36), allowNull: false },
        /** Null once the viewer is erased: their entries about others stay, as "a former employee". */
        viewer_employee_id: { type: DataTypes.STRING(36), allowNull: true },
        viewed_at: { type: DataTypes.BIGINT, allowNull: false },
        /** Which page or export: one of VIEW_PLACES (app/models/private-detail-view-places.ts). */
        place: { type: DataTypes.STRING(32), allowNull: false },
        /** The private fields' names, comma-separated. */
        fields: { type: DataTypes.STRING(500), allowNull: false },
      },
      utf8mb4,
    );
    await q.addIndex('private_detail_views', ['subject_employee_id', 'viewed_at'], {
      name: 'private_detail_views_subject',
    });
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.dropTable('private_detail_views');
  },
};
