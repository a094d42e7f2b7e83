/**
 * Recording and showing who read a person's private fields (docs/decisions/320-personal-archive-and-view-log.md).
 * A view is a page or file that hands someone other than the person the values of their private fields: the
 * fields whose visibility is not `everyone` in the field definitions (app/models/field-definitions.ts), as the
 * field gate let them through (app/services/field-gate.server.ts); the person's own reads are not views. The entry is written before the values are returned: if it cannot be
 * written, the page fails rather than show the fields unrecorded.
 */
import type { Database } from '~/db/database.server';
import type { CustomFieldDefinitions } from '~/models/custom-fields';
import { viewedField, type ViewPlace } from '~/models/private-detail-view-places';
import {
  hasPrivateDetailViewSince,
  listPrivateDetailViews,
  recordPrivateDetailViews,
} from '~/models/private-detail-views.server';

/** How many views a page lists; the archive has them all. */
export const VIEWS_SHOWN = 20;

/**
 * One look at a page is one entry, however often it is loaded: the same viewer on the same person's same page
 * within this window (a reload, the page refreshed after HR saves a form on it, paging its activity) adds none.
 * A new entry after it. An archive is a new download each time, so it is never folded.
 */
export const SAME_LOOK_MS = 10 * 60 * 1000;

/**
 * One view of one person's private fields by `viewerId`: `fields`, the restricted ones the page or file hands
 * over; nothing when the viewer is the person, or when it hands over none.
 */
export async function recordPrivateDetailView(
  db: Database,
  view: { viewerId: string; subjectId: string; place: ViewPlace; fields: readonly string[] },
  now = Date.now(),
): Promise<void> {
  if (view.viewerId === view.subjectId || view.fields.length === 0) return;
  if (
    view.place !== 'hr-archive' &&
    (await hasPrivateDetailViewSince(db, {
      subjectEmployeeId: view.subjectId,
      viewerEmployeeId: view.viewerId,
      place: view.place,
      since: now - SAME_LOOK_MS,
    }))
  ) {
    return;
  }
  await recordPrivateDetailViews(db, [
    {
      subjectEmployeeId: view.subjectId,
      viewerEmployeeId: view.viewerId,
      place: view.place,
      fields: view.fields,
      at: now,
    },
  ]);
}

/**
 * The newest views for a page (/me, HR's employee page), as its component shows them: the fields by their labels
 * today (`customFields`: the definitions in force, retired ones included).
 */
export async function loadPrivateDetailViews(db: Database, subjectId: string, customFields: CustomFieldDefinitions) {
  const { views, more } = await listPrivateDetailViews(db, subjectId, { limit: VIEWS_SHOWN });
  return {
    views: views.map(({ id, viewerName, at, place, fields }) => ({
      id,
      viewerName,
      at,
      place,
      fields,
      // Built-in fields are worded by the page in the reader's language; those HR defines keep HR's label.
      fieldLabels: fields.map((field) => viewedField(field, customFields)),
    })),
    more,
  };
}

/** An export's views: one entry per person in it, for the private fields it carries (none: nothing to record). */
export async function recordExportViews(
  db: Database,
  view: { viewerId: string; subjectIds: readonly string[]; fields: readonly string[] },
): Promise<void> {
  if (view.fields.length === 0) return;
  await recordPrivateDetailViews(
    db,
    view.subjectIds
      .filter((subjectId) => subjectId !== view.viewerId)
      .map((subjectId) => ({
        subjectEmployeeId: subjectId,
        viewerEmployeeId: view.viewerId,
        place: 'csv-export' as const,
        fields: view.fields,
      })),
  );
}
