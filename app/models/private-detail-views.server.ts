/**
 * The view log: who read a person's private fields, when, where and which fields (never the values). Written
 * by the pages and exports that show private fields to someone other than the person
 * (docs/decisions/320-personal-archive-and-view-log.md); read by the person on /me, by HR on the employee
 * page, and in full by the person's archive.
 */
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { Database } from '~/db/database.server';
import { displayNameOfColumns } from './employee-projection.server';
import type { ViewPlace } from './private-detail-view-places';

export interface NewPrivateDetailView {
  subjectEmployeeId: string;
  viewerEmployeeId: string;
  place: ViewPlace;
  fields: readonly string[];
  at?: number;
}

export interface PrivateDetailView {
  id: string;
  /** Null once the viewer was erased. */
  viewerEmployeeId: string | null;
  /** Null when the viewer's row no longer exists: pages say "a former employee". */
  viewerName: string | null;
  /** ISO time. */
  at: string;
  /** One of VIEW_PLACES. */
  place: string;
  fields: string[];
}

/** Rows per INSERT: an export of thousands of people is a handful of statements, each well under the packet limit. */
const INSERT_BATCH = 200;

/** Records views, many in a few statements (an export is one entry per person in it). */
export async function recordPrivateDetailViews(db: Database, views: readonly NewPrivateDetailView[]): Promise<void> {
  const now = Date.now();
  for (let start = 0; start < views.length; start += INSERT_BATCH) {
    const batch = views.slice(start, start + INSERT_BATCH);
    const replacements: Record<string, string | number> = {};
    const rows = batch.map((view, index) => {
      replacements[`id${index}`] = randomUUID();
      replacements[`subject${index}`] = view.subjectEmployeeId;
      replacements[`viewer${index}`] = view.viewerEmployeeId;
      replacements[`at${index}`] = view.at ?? now;
      replacements[`place${index}`] = view.place;
      replacements[`fields${index}`] = fieldsColumn(view.fields);
      return `(:id${index}, :subject${index}, :viewer${index}, :at${index}, :place${index}, :fields${index})`;
    });
    await db.sequelize.query(
      `INSERT INTO private_detail_views (id, subject_employee_id, viewer_employee_id, viewed_at, place, fields)
       VALUES ${rows.join(', ')}`,
      { replacements, type: QueryTypes.INSERT },
    );
  }
}

/** The column holds 500 characters: with many fields HR defined, the names that fit, then '…' (never an error). */
const FIELDS_COLUMN_LENGTH = 500;

function fieldsColumn(fields: readonly string[]): string {
  const joined = fields.join(',');
  if (joined.length <= FIELDS_COLUMN_LENGTH) return joined;
  const cut = joined.slice(0, FIELDS_COLUMN_LENGTH - 2);
  return `${cut.slice(0, cut.lastIndexOf(','))},…`;
}

interface ViewRow {
  id: string;
  viewer_employee_id: string | null;
  viewed_at: number | string;
  place: string;
  fields: string;
  first_name: string | null;
  last_name: string | null;
  preferred_name: string | null;
}

/**
 * A person's views, newest first: `limit` of them, and whether there are more. `before` (the last view of the
 * previous page) pages back for the archive, which reads them all.
 */
export async function listPrivateDetailViews(
  db: Database,
  subjectEmployeeId: string,
  options: { limit: number; before?: Pick<PrivateDetailView, 'at' | 'id'> },
): Promise<{ views: PrivateDetailView[]; more: boolean }> {
  const after = options.before ? 'AND (v.viewed_at < :beforeAt OR (v.viewed_at = :beforeAt AND v.id < :beforeId))' : '';
  const rows = await db.sequelize.query<ViewRow>(
    `SELECT v.id, v.viewer_employee_id, v.viewed_at, v.place, v.fields, e.first_name, e.last_name, e.preferred_name
       FROM private_detail_views v LEFT JOIN employees e ON e.id = v.viewer_employee_id
      WHERE v.subject_employee_id = :subjectEmployeeId ${after}
      ORDER BY v.viewed_at DESC, v.id DESC
      LIMIT :limit`,
    {
      replacements: {
        subjectEmployeeId,
        beforeAt: options.before ? Date.parse(options.before.at) : 0,
        beforeId: options.before?.id ?? '',
        limit: options.limit + 1,
      },
      type: QueryTypes.SELECT,
    },
  );
  const views = rows.slice(0, options.limit).map((row): PrivateDetailView => ({
    id: row.id,
    viewerEmployeeId: row.viewer_employee_id,
    viewerName:
      row.first_name !== null && row.last_name !== null
        ? displayNameOfColumns({
            first_name: row.first_name,
            last_name: row.last_name,
            preferred_name: row.preferred_name,
          })
        : null,
    at: new Date(Number(row.viewed_at)).toISOString(),
    place: row.place,
    fields: row.fields ? row.fields.split(',') : [],
  }));
  return { views, more: rows.length > options.limit };
}

/** Every view of one person, newest first (the archive; a long-serving person's log is read a page at a time). */
export async function listAllPrivateDetailViews(db: Database, subjectEmployeeId: string): Promise<PrivateDetailView[]> {
  const all: PrivateDetailView[] = [];
  let before: PrivateDetailView | undefined;
  for (;;) {
    const page = await listPrivateDetailViews(db, subjectEmployeeId, { limit: 500, before });
    all.push(...page.views);
    if (!page.more || page.views.length === 0) return all;
    before = page.views[page.views.length - 1];
  }
}

/** Whether this viewer already has an entry for this person and place since `since` (epoch ms). */
export async function hasPrivateDetailViewSince(
  db: Database,
  view: { subjectEmployeeId: string; viewerEmployeeId: string; place: ViewPlace; since: number },
): Promise<boolean> {
  const rows = await db.sequelize.query<{ id: string }>(
    `SELECT id FROM private_detail_views
      WHERE subject_employee_id = :subjectEmployeeId AND viewer_employee_id = :viewerEmployeeId
        AND place = :place AND viewed_at >= :since
      LIMIT 1`,
    { replacements: view, type: QueryTypes.SELECT },
  );
  return rows.length > 0;
}
