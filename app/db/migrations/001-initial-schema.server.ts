/** Employees, the notification outbox and the local notification recorder. */
import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.server';

const uuid = { type: DataTypes.UUID, allowNull: false };
// Ignored by SQLite; on MySQL, names and bios need all of Unicode.
export const utf8mb4 = { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' };
const text = (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });

export const initialSchema: Migration = {
  name: '001-initial-schema',
  async up({ context: q }: { context: QueryInterface }) {
    await q.createTable(
      'employees',
      {
        id: { ...uuid, primaryKey: true },
        employee_number: text(32, false),
        first_name: text(100, false),
        last_name: text(100, false),
        preferred_name: text(100),
        work_email: text(254, false),
        work_email_normalized: text(254, false),
        work_phone: text(40),
        job_title: text(120, false),
        department: text(80, false),
        manager_id: {
          type: DataTypes.UUID,
          allowNull: true,
          references: { model: 'employees', key: 'id' },
          onDelete: 'SET NULL',
        },
        office_location: text(120),
        start_date: { type: DataTypes.DATEONLY, allowNull: true },
        bio: { type: DataTypes.TEXT, allowNull: true },
        status: text(16, false),
        role: text(16, false),
        personal_email: text(254),
        personal_phone: text(40),
        emergency_contact_name: text(200),
        emergency_contact_phone: text(40),
        photo_id: { type: DataTypes.UUID, allowNull: true },
        pending_photo_id: { type: DataTypes.UUID, allowNull: true },
        sort_name: text(201, false),
        given_name_key: text(100, false),
        job_title_key: text(120, false),
        status_reason: text(500),
        created_at: { type: DataTypes.DATE(3), allowNull: false },
        updated_at: { type: DataTypes.DATE(3), allowNull: false },
      },
      utf8mb4,
    );
    await q.addIndex('employees', ['employee_number'], { unique: true, name: 'employees_employee_number_unique' });
    await q.addIndex('employees', ['work_email_normalized'], { unique: true, name: 'employees_work_email_unique' });
    // The directory: active employees by name, keyset-paginated on (sort_name, id), optionally per department.
    await q.addIndex('employees', ['status', 'sort_name', 'id'], { name: 'employees_directory' });
    await q.addIndex('employees', ['status', 'department', 'sort_name', 'id'], { name: 'employees_directory_dept' });
    // Prefix search on given name, title and email (last name is served by employees_directory).
    await q.addIndex('employees', ['status', 'given_name_key'], { name: 'employees_given_name' });
    await q.addIndex('employees', ['status', 'job_title_key'], { name: 'employees_job_title' });
    await q.addIndex('employees', ['manager_id'], { name: 'employees_manager' });
    // The promotion loop looks for profiles whose new photo may be ready: few rows, found through this index.
    await q.addIndex('employees', ['pending_photo_id'], { name: 'employees_pending_photo' });

    await q.createTable(
      'outbox',
      {
        id: { ...uuid, primaryKey: true },
        topic: text(64, false),
        subject: text(100, false),
        body: { type: DataTypes.TEXT, allowNull: false },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        next_attempt_at: { type: DataTypes.DATE(3), allowNull: false },
        sent_at: { type: DataTypes.DATE(3), allowNull: true },
        last_error: text(500),
        created_at: { type: DataTypes.DATE(3), allowNull: false },
      },
      utf8mb4,
    );
    await q.addIndex('outbox', ['sent_at', 'next_attempt_at'], { name: 'outbox_due' });

    await q.createTable(
      'recorded_notifications',
      {
        id: { ...uuid, primaryKey: true },
        message_id: uuid,
        topic: text(64, false),
        subject: text(100, false),
        body: { type: DataTypes.TEXT, allowNull: false },
        recorded_at: { type: DataTypes.DATE(3), allowNull: false },
      },
      utf8mb4,
    );
    await q.addIndex('recorded_notifications', ['recorded_at'], { name: 'recorded_notifications_time' });
  },
  async down({ context: q }: { context: QueryInterface }) {
    await q.dropTable('recorded_notifications');
    await q.dropTable('outbox');
    await q.dropTable('employees');
  },
};
