/**
 * What counts as a view (docs/decisions/320-personal-archive-and-view-log.md): someone else's look, once per
 * page within SAME_LOOK_MS however often it reloads, every archive download; never the person's own reads; an
 * export only for the private fields it carries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '~/db/database.server';
import { listPrivateDetailViews } from '~/models/private-detail-views.server';
import { BUILT_IN_FIELD_DEFINITIONS, restrictedFieldKeys } from '~/models/field-definitions';
import { addEmployee, openTestDatabase } from '@test-support/auth-database';
import { recordExportViews, recordPrivateDetailView, SAME_LOOK_MS } from './private-detail-views.server';

describe('recording views of private details', () => {
  let db: Database;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await openTestDatabase()));
  afterAll(async () => close?.());

  /** The built-in private fields, as a page that shows them all (HR's) hands them over. */
  const fields = restrictedFieldKeys(BUILT_IN_FIELD_DEFINITIONS);
  const placesOf = async (subjectId: string) =>
    (await listPrivateDetailViews(db, subjectId, { limit: 50 })).views.map((view) => view.place);

  it('folds reloads of one page into one look, records a later look, and every archive', async () => {
    const subject = await addEmployee(db);
    const hr = await addEmployee(db);
    const t0 = Date.now();
    const view = (place: 'employee-page' | 'profile-page' | 'hr-archive', at: number) =>
      recordPrivateDetailView(db, { viewerId: hr.id, subjectId: subject.id, place, fields }, at);
    await view('employee-page', t0);
    await view('employee-page', t0 + 1000);
    await view('employee-page', t0 + SAME_LOOK_MS - 1);
    await view('profile-page', t0 + 2000);
    await view('hr-archive', t0 + 3000);
    await view('hr-archive', t0 + 4000);
    await view('employee-page', t0 + SAME_LOOK_MS + 1);
    expect(await placesOf(subject.id)).toEqual([
      'employee-page',
      'hr-archive',
      'hr-archive',
      'profile-page',
      'employee-page',
    ]);
  });

  it("never records the person's own reads, nor an export without private fields", async () => {
    const person = await addEmployee(db);
    const hr = await addEmployee(db);
    await recordPrivateDetailView(db, { viewerId: person.id, subjectId: person.id, place: 'employee-page', fields });
    // A page that hands over no restricted field (a colleague's look at the profile) is no view.
    await recordPrivateDetailView(db, { viewerId: hr.id, subjectId: person.id, place: 'profile-page', fields: [] });
    await recordExportViews(db, { viewerId: hr.id, subjectIds: [person.id], fields: [] });
    expect(await placesOf(person.id)).toEqual([]);
    await recordExportViews(db, { viewerId: hr.id, subjectIds: [person.id, hr.id], fields: ['personalPhone'] });
    expect(await placesOf(person.id)).toEqual(['csv-export']);
    expect(await placesOf(hr.id)).toEqual([]);
  });
});
