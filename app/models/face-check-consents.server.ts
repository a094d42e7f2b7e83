/**
 * Choices about the face check (migration 009, docs/decisions/206-face-check-consent.md): appended, never
 * changed; the newest row is the person's current choice.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';

export const FACE_CHECK_CHOICES = ['given', 'declined', 'withdrawn'] as const;
export type FaceCheckChoice = (typeof FACE_CHECK_CHOICES)[number];

/** Where the person made the choice. */
export const FACE_CHECK_CONSENT_PLACES = ['join', 'photo-replacement', 'sso-onboarding', 'me'] as const;
export type FaceCheckConsentPlace = (typeof FACE_CHECK_CONSENT_PLACES)[number];

export interface FaceCheckConsent {
  employeeId: string;
  choice: FaceCheckChoice;
  noticeVersion: string;
  place: FaceCheckConsentPlace;
  recordedAt: number;
}

interface Row {
  employee_id: string;
  choice: FaceCheckChoice;
  notice_version: string;
  place: FaceCheckConsentPlace;
  recorded_at: number | string;
}

const fromRow = (row: Row): FaceCheckConsent => ({
  employeeId: row.employee_id,
  choice: row.choice,
  noticeVersion: row.notice_version,
  place: row.place,
  recordedAt: Number(row.recorded_at),
});

export async function insertFaceCheckConsent(
  db: Database,
  consent: FaceCheckConsent,
  options: { transaction?: Transaction } = {},
): Promise<void> {
  await db.sequelize.query(
    'INSERT INTO face_check_consents (employee_id, choice, notice_version, place, recorded_at) ' +
      'VALUES (:employeeId, :choice, :noticeVersion, :place, :recordedAt)',
    { replacements: { ...consent }, transaction: options.transaction, type: QueryTypes.INSERT },
  );
}

/** The person's choices, newest first. */
export async function listFaceCheckConsents(
  db: Database,
  employeeId: string,
  options: { limit?: number; transaction?: Transaction } = {},
): Promise<FaceCheckConsent[]> {
  const rows = await db.sequelize.query<Row>(
    'SELECT employee_id, choice, notice_version, place, recorded_at FROM face_check_consents ' +
      'WHERE employee_id = :employeeId ORDER BY id DESC LIMIT :limit',
    {
      replacements: { employeeId, limit: options.limit ?? 50 },
      transaction: options.transaction,
      type: QueryTypes.SELECT,
    },
  );
  return rows.map(fromRow);
}

/** The person's current choice (the newest), or null when they were never asked. */
export async function latestFaceCheckConsent(
  db: Database,
  employeeId: string,
  options: { transaction?: Transaction } = {},
): Promise<FaceCheckConsent | null> {
  return (await listFaceCheckConsents(db, employeeId, { limit: 1, transaction: options.transaction }))[0] ?? null;
}
