/**
 * Sequelize model definitions. Defined per Sequelize instance (a factory, not module-level classes) so that
 * one process can hold several databases: the tests run the same suite against SQLite and MariaDB.
 * The tables themselves are created by the versioned migrations in app/db/migrations, never by sync().
 */
import { DataTypes, type Model, type ModelStatic, type Sequelize } from 'sequelize';
import { NAME_ORDER_KEY_LENGTH } from '~/i18n/name-order';

export const EMPLOYEE_STATUSES = ['pending', 'active', 'inactive'] as const;
export type EmployeeStatus = (typeof EMPLOYEE_STATUSES)[number];
export const EMPLOYEE_ROLES = ['employee', 'admin'] as const;
export type EmployeeRole = (typeof EMPLOYEE_ROLES)[number];

export interface EmployeeRow {
  id: string;
  employeeNumber: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  workEmail: string;
  workEmailNormalized: string;
  workPhone: string | null;
  jobTitle: string;
  department: string;
  managerId: string | null;
  officeLocation: string | null;
  startDate: string | null;
  bio: string | null;
  /** Normalised skill tags, comma-separated as stored (employee-fields.ts keeps commas out of a tag). */
  skills: string;
  status: EmployeeStatus;
  role: EmployeeRole;
  personalEmail: string | null;
  personalPhone: string | null;
  emergencyContactName: string | null;
  emergencyContactPhone: string | null;
  /** The photo shown on the profile (ready); the DynamoDB photo record holds its state and renditions. */
  photoId: string | null;
  /** A newer photo still being processed; it replaces photoId once ready. */
  pendingPhotoId: string | null;
  /** The newest upload the photo function could not use (its reason is on the photo record). */
  failedPhotoId: string | null;
  /** Lower-cased "last first": the directory's sort and keyset-pagination key. */
  sortName: string;
  /** Lower-cased, diacritics-folded preferred (or first) name, for prefix search (migration 021). */
  givenNameKey: string;
  /** Lower-cased, diacritics-folded job title, for prefix search (migration 021). */
  jobTitleKey: string;
  /**
   * "last first" as an order key of CLDR's root collation (app/i18n/name-order.ts): the directory's order in
   * English, German, French; its letters without accents are also the SQL search's last-name prefix (migration 021).
   */
  nameOrder: string;
  /** The same in Spanish order (ñ after n). */
  nameOrderEs: string;
  statusReason: string | null;
  /** When the status last changed (null: as created), and how; the retention sweep counts from it (migration 013). */
  statusChangedAt: Date | null;
  statusChange: string | null;
  /** The values of the fields HR defines, a JSON object by field key (migration 014; app/models/custom-fields.ts). */
  customFields: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface EventRow {
  seq: number;
  id: string;
  employeeId: string;
  type: string;
  version: number;
  body: string;
  occurredAt: Date;
}

export interface EventDeliveryRow {
  eventSeq: number;
  subscriber: string;
  employeeId: string;
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  lastError: string | null;
}

export interface RecordedNotificationRow {
  id: string;
  messageId: string;
  topic: string;
  subject: string;
  body: string;
  recordedAt: Date;
}

export type EmployeeModel = ModelStatic<Model<EmployeeRow, Partial<EmployeeRow>>>;
export type EventModel = ModelStatic<Model<EventRow, Partial<EventRow>>>;
export type EventDeliveryModel = ModelStatic<Model<EventDeliveryRow, Partial<EventDeliveryRow>>>;
export type RecordedNotificationModel = ModelStatic<Model<RecordedNotificationRow, Partial<RecordedNotificationRow>>>;

export interface Models {
  Employee: EmployeeModel;
  Event: EventModel;
  EventDelivery: EventDeliveryModel;
  RecordedNotification: RecordedNotificationModel;
}

const nullableString = (length: number) => ({ type: DataTypes.STRING(length), allowNull: true });

export function defineModels(sequelize: Sequelize): Models {
  const Employee = sequelize.define<Model<EmployeeRow, Partial<EmployeeRow>>>(
    'Employee',
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      employeeNumber: { type: DataTypes.STRING(32), allowNull: false },
      firstName: { type: DataTypes.STRING(100), allowNull: false },
      lastName: { type: DataTypes.STRING(100), allowNull: false },
      preferredName: nullableString(100),
      workEmail: { type: DataTypes.STRING(254), allowNull: false },
      workEmailNormalized: { type: DataTypes.STRING(254), allowNull: false },
      workPhone: nullableString(40),
      jobTitle: { type: DataTypes.STRING(120), allowNull: false },
      department: { type: DataTypes.STRING(80), allowNull: false },
      managerId: { type: DataTypes.UUID, allowNull: true },
      officeLocation: nullableString(120),
      startDate: { type: DataTypes.DATEONLY, allowNull: true },
      bio: { type: DataTypes.TEXT, allowNull: true },
      skills: { type: DataTypes.STRING(400), allowNull: false, defaultValue: '' },
      status: { type: DataTypes.STRING(16), allowNull: false },
      role: { type: DataTypes.STRING(16), allowNull: false },
      personalEmail: nullableString(254),
      personalPhone: nullableString(40),
      emergencyContactName: nullableString(200),
      emergencyContactPhone: nullableString(40),
      photoId: { type: DataTypes.UUID, allowNull: true },
      pendingPhotoId: { type: DataTypes.UUID, allowNull: true },
      failedPhotoId: { type: DataTypes.UUID, allowNull: true },
      sortName: { type: DataTypes.STRING(201), allowNull: false },
      givenNameKey: { type: DataTypes.STRING(100), allowNull: false },
      jobTitleKey: { type: DataTypes.STRING(120), allowNull: false },
      // Written from the name by employee.server.ts (and the seeds' and benches' bulk inserts): name-order-columns.server.ts.
      nameOrder: { type: DataTypes.STRING(NAME_ORDER_KEY_LENGTH), allowNull: false, defaultValue: '' },
      nameOrderEs: { type: DataTypes.STRING(NAME_ORDER_KEY_LENGTH), allowNull: false, defaultValue: '' },
      statusReason: nullableString(500),
      statusChangedAt: { type: DataTypes.DATE, allowNull: true },
      statusChange: nullableString(16),
      customFields: { type: DataTypes.TEXT, allowNull: true },
      createdAt: { type: DataTypes.DATE, allowNull: false },
      updatedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'employees' },
  );

  const Event = sequelize.define<Model<EventRow, Partial<EventRow>>>(
    'Event',
    {
      seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      id: { type: DataTypes.UUID, allowNull: false },
      employeeId: { type: DataTypes.UUID, allowNull: false },
      type: { type: DataTypes.STRING(64), allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: false },
      body: { type: DataTypes.TEXT, allowNull: false },
      occurredAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'events', timestamps: false },
  );

  const EventDelivery = sequelize.define<Model<EventDeliveryRow, Partial<EventDeliveryRow>>>(
    'EventDelivery',
    {
      eventSeq: { type: DataTypes.INTEGER, primaryKey: true },
      subscriber: { type: DataTypes.STRING(64), primaryKey: true },
      employeeId: { type: DataTypes.UUID, allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      nextAttemptAt: { type: DataTypes.DATE, allowNull: false },
      deliveredAt: { type: DataTypes.DATE, allowNull: true },
      lastError: nullableString(500),
    },
    { tableName: 'event_deliveries', timestamps: false },
  );

  const RecordedNotification = sequelize.define<Model<RecordedNotificationRow, Partial<RecordedNotificationRow>>>(
    'RecordedNotification',
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      messageId: { type: DataTypes.UUID, allowNull: false },
      topic: { type: DataTypes.STRING(64), allowNull: false },
      subject: { type: DataTypes.STRING(100), allowNull: false },
      body: { type: DataTypes.TEXT, allowNull: false },
      recordedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'recorded_notifications', timestamps: false },
  );

  return { Employee, Event, EventDelivery, RecordedNotification };
}
