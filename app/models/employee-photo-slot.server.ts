/**
 * An employee's photo slots: the current photo, the upload still being processed (pending) and the one that
 * failed, as the employees table holds them. The photo watcher moves an upload from slot to slot; the orphan
 * sweep and the photo-state poll read them.
 */
import { Op, QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';
import { affectedRows } from '~/db/affected-rows.server';
import type { EmployeeRow } from '~/db/schema.server';

/**
 * Points the profile at a new upload, `pending` while it is processed (promoted to current once ready).
 * A new upload also clears an earlier failure: that one is superseded.
 */
export async function setPendingPhoto(
  db: Database,
  id: string,
  photoId: string | null,
  options: { transaction?: Transaction } = {},
): Promise<void> {
  await db.models.Employee.update(
    { pendingPhotoId: photoId, failedPhotoId: null },
    { where: { id }, transaction: options.transaction },
  );
}

/** Profiles whose newest upload is still being processed, for the photo watcher. */
export async function listPendingPhotos(
  db: Database,
  options: { limit?: number } = {},
): Promise<Array<{ employeeId: string; photoId: string }>> {
  const rows = await db.models.Employee.findAll({
    attributes: ['id', 'pendingPhotoId'],
    // `> ''` rather than IS NOT NULL (the same rows: photo ids are UUIDs): SQLite's planner will not use the
    // index for IS NOT NULL, and scanned 100,000 employees every second (21 ms) instead of seeking (1.3 ms).
    where: { pendingPhotoId: { [Op.gt]: '' } },
    limit: options.limit ?? 200,
  });
  return rows.map((row) => ({ employeeId: row.get('id') as string, photoId: row.get('pendingPhotoId') as string }));
}

/**
 * Records that the pending upload failed, only if it is still the pending one. The current photo stays on
 * the profile; the failed one is kept as `failedPhotoId` so the profile can say why.
 */
export async function markPendingPhotoFailed(
  db: Database,
  id: string,
  photoId: string,
  options: { transaction?: Transaction } = {},
): Promise<boolean> {
  const [count] = await db.models.Employee.update(
    { pendingPhotoId: null, failedPhotoId: photoId },
    { where: { id, pendingPhotoId: photoId }, transaction: options.transaction },
  );
  return count > 0;
}

/**
 * Records that the pending upload's hold for HR has been announced, only if it is still the pending one and
 * was not announced before: true exactly once per held upload (the photo watcher writes its event then).
 */
export async function markHeldPhotoAnnounced(
  db: Database,
  id: string,
  photoId: string,
  options: { transaction?: Transaction } = {},
): Promise<boolean> {
  // held_photo_id is written only here and read by no page, so it stays out of the model's attributes.
  const [, affected] = await db.sequelize.query(
    `UPDATE employees SET held_photo_id = :photoId
     WHERE id = :id AND pending_photo_id = :photoId AND (held_photo_id IS NULL OR held_photo_id <> :photoId)`,
    { replacements: { id, photoId }, transaction: options.transaction, type: QueryTypes.UPDATE },
  );
  return affectedRows(affected) === 1;
}

/**
 * Makes a ready photo the current one, only if it is still the pending one (a newer upload wins).
 * Returns the photo it replaced, whose renditions the caller may now delete.
 */
export async function promotePendingPhoto(
  db: Database,
  id: string,
  photoId: string,
  options: { transaction?: Transaction } = {},
): Promise<{ promoted: boolean; replacedPhotoId: string | null }> {
  const work = async (transaction: Transaction) => {
    const current = await db.models.Employee.findByPk(id, {
      attributes: ['photoId', 'pendingPhotoId'],
      transaction,
      lock: db.dialect === 'mysql' ? transaction.LOCK.UPDATE : undefined,
    });
    if (!current || current.get('pendingPhotoId') !== photoId) return { promoted: false, replacedPhotoId: null };
    const replacedPhotoId = (current.get('photoId') as string | null) ?? null;
    await db.models.Employee.update(
      { photoId, pendingPhotoId: null, failedPhotoId: null },
      { where: { id, pendingPhotoId: photoId }, transaction },
    );
    return { promoted: true, replacedPhotoId };
  };
  return options.transaction ? work(options.transaction) : db.sequelize.transaction(work);
}

/** The photos a profile refers to (current, pending, failed): the orphan sweep keeps these. */
export async function getReferencedPhotoIds(db: Database, id: string): Promise<string[]> {
  const row = await db.models.Employee.findByPk(id, { attributes: ['photoId', 'pendingPhotoId', 'failedPhotoId'] });
  if (!row) return [];
  return [row.get('photoId'), row.get('pendingPhotoId'), row.get('failedPhotoId')].filter(
    (photoId): photoId is string => typeof photoId === 'string',
  );
}

/** The photo columns of several employees (the photo-state poll): unknown ids are simply missing. */
export async function listPhotoReferences(
  db: Database,
  ids: string[],
): Promise<Array<Pick<EmployeeRow, 'id' | 'photoId' | 'pendingPhotoId' | 'failedPhotoId'>>> {
  if (ids.length === 0) return [];
  const rows = await db.models.Employee.findAll({
    attributes: ['id', 'photoId', 'pendingPhotoId', 'failedPhotoId'],
    where: { id: ids },
    raw: true,
  });
  return rows as unknown as Array<Pick<EmployeeRow, 'id' | 'photoId' | 'pendingPhotoId' | 'failedPhotoId'>>;
}
