/**
 * HR's erasure page through the production bundle's request handler (test-support/http): the preview of a
 * deactivated person, the refusal for an active one, the reason required, the confirmation, the job's progress,
 * and the tombstone once the profile is gone.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { createCast, formPost, type Cast } from '@test-support/http/people';
import { suppressionListStandIn } from '@test-support/erasure-suite';
import { getEmployee } from '~/models/employee.server';
import { resumeErasures } from '~/services/erasure.server';
import { dispatchEvents } from '~/services/event-dispatcher.server';
import { createSubscribers } from '~/subscribers/index.server';

describe('the erasure page', () => {
  let app: AppUnderTest;
  let cast: Cast;
  const page = (id: string) => `/admin/employees/${id}/erase`;
  const get = (pathname: string, cookie: string) =>
    app.fetch(new Request(`${APP_ORIGIN}${pathname}`, { headers: { cookie } }));

  beforeAll(async () => {
    app = await startAppUnderTest();
    cast = await createCast(app);
  }, 60_000);
  afterAll(async () => app?.close());

  it('says an active person cannot be erased', async () => {
    const response = await get(page(cast.active.employee.id), cast.admin.cookie);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Only a deactivated employee or a rejected applicant can be erased');
  });

  it('previews, asks for a reason, erases, and then shows only the record of the erasure', async () => {
    const dora = cast.deactivated.employee;
    const preview = await get(page(dora.id), cast.admin.cookie);
    expect(preview.status).toBe(200);
    const previewText = await preview.text();
    expect(previewText).toContain('What the erasure removes, store by store');
    expect(previewText).toContain('employees rows');

    const blank = await app.fetch(formPost(page(dora.id), { reason: '  ' }, cast.admin.cookie));
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain('Give the reason for the erasure');
    expect(await getEmployee(app.platform.db, dora.id, 'public')).not.toBeNull();

    const confirmed = await app.fetch(formPost(page(dora.id), { reason: 'Asked to be forgotten' }, cast.admin.cookie));
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get('location')).toBe(page(dora.id));
    const underWay = await (await get(page(dora.id), cast.admin.cookie)).text();
    expect(underWay).toContain('Erasure under way');
    // Not yet "erased": the row and the files are still there.
    expect(underWay).toContain('<h1>Erasing a profile</h1>');
    // The heading, not the page: its inline catalogue carries every message of the page's language.
    expect(underWay).not.toContain('<h1>Erased profile</h1>');

    // What the primary's runner and dispatcher do in the background.
    const ports = {
      faceCollection: null,
      suppressionList: suppressionListStandIn(),
      mailDirectory: path.join(app.platform.env.dataDir, 'mail'),
    };
    for (let round = 0; round < 5; round += 1) {
      await resumeErasures(app.platform, { ports });
      await dispatchEvents(app.platform.db, createSubscribers(app.platform));
      await app.platform.db.sequelize.query("UPDATE erasures SET claimed_until = NULL WHERE state <> 'completed'");
    }
    expect(await getEmployee(app.platform.db, dora.id, 'public')).toBeNull();
    const after = await get(page(dora.id), cast.admin.cookie);
    expect(after.status).toBe(200);
    const afterText = await after.text();
    expect(afterText).toContain('<h1>Erased profile</h1>');
    expect(afterText).toContain('Asked to be forgotten');
    expect(afterText).not.toContain(dora.firstName);
    expect((await get(`/admin/employees/${dora.id}`, cast.admin.cookie)).status).toBe(404);
  });
});
