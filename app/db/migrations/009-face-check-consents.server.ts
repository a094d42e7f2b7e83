/**
 * Consent to the face check (docs/decisions/206-face-check-consent.md): one row per choice a person made, never
 * updated: given, declined or withdrawn, under which version of the notice, where, and when. The newest row (the
 * highest id) is the person's current choice; the older rows are the history HR sees. Personal data about the
 * employee in `employee_id`: removed with the employee.
 */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';
import { utf8mb4 } from './001-initial-schema.server';

export const faceCheckConsentsSchema: Migration = {
  name: '009-face-check-consents',
  async up({ context: q }: { context: QueryInterface }) {
    await q.createTable(
      'face_check_consents',
      {
        // Increasing: orders two choices made in the same millisecond.
        id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, autoIncrement: true },
        employee_id: {
          type: DataTypes.UUID,
          allowNull: false,
          references: { model: 'employees', key: 'id' },
          onDelete: 'CASCADE',
        },
        /** given, declined or withdrawn. */
        choice: { type: DataTypes.STRING(16), allowNull: false },
        /** FACE_CHECK_NOTICE_VERSION when the choice was made (app/config/privacy-settings.server.ts). */
        notice_version: { type: DataTypes.STRING(32), allowNull: false },
        /** join, photo-replacement, sso-onboarding or me. */
        place: { type: DataTypes.STRING(24), allowNull: false },
        recorded_at: { type: DataTypes.BIGINT, allowNull: false },
      },
      utf8mb4,
    );
    await q.addIndex('face_check_consents', ['employee_id', 'id'], { name: 'face_check_consents_employee' });
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.dropTable('face_check_consents');
  },
};
