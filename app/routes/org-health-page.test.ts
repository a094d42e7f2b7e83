/**
 * HR's page of reporting-line faults (/admin/org-health), through the production bundle: HR only; a loop already
 * stored (written around the guard, as old data was) listed with links to each person, people without a manager,
 * people whose manager left; and nothing but naming fields of anyone on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { addPerson, createCast, type Cast } from '@test-support/http/people';

describe('the reporting lines page', () => {
  let app: AppUnderTest;
  let cast: Cast;
  const get = (cookie: string) => app.fetch(new Request(`${APP_ORIGIN}/admin/org-health`, { headers: { cookie } }));

  beforeAll(async () => {
    app = await startAppUnderTest();
    cast = await createCast(app);
  }, 60_000);
  afterAll(async () => app?.close());

  it('is for HR only', async () => {
    expect((await get(cast.active.cookie)).status).toBe(403);
    expect((await get(cast.admin.cookie)).status).toBe(200);
  });

  it('lists a stored loop, people without a manager and people whose manager left, with links to fix them', async () => {
    const [lou, mo, nia] = await Promise.all([
      addPerson(app, 'Lou', 'active'),
      addPerson(app, 'Mo', 'active'),
      addPerson(app, 'Nia', 'active'),
    ]);
    const setManager = (id: string, managerId: string) =>
      app.platform.db.models.Employee.update({ managerId }, { where: { id } });
    await setManager(lou.id, mo.id);
    await setManager(mo.id, lou.id);
    await setManager(nia.id, cast.deactivated.employee.id);

    const html = await (await get(cast.admin.cookie)).text();
    const section = (id: string) =>
      html.slice(html.indexOf(`id="${id}"`), html.indexOf('</section>', html.indexOf(`id="${id}"`)));
    expect(section('loops-heading')).toContain(`href="/admin/employees/${lou.id}"`);
    expect(section('loops-heading')).toContain(`href="/admin/employees/${mo.id}"`);
    expect(section('unassigned-heading')).toContain('Without a manager (3)');
    for (const person of [cast.admin, cast.active, cast.colleague]) {
      expect(section('unassigned-heading')).toContain(`href="/admin/employees/${person.employee.id}"`);
    }
    expect(section('left-heading')).toContain(`href="/admin/employees/${nia.id}"`);
    expect(section('top-heading')).toContain('Nobody without a manager has most of the organisation below them');
    // Naming fields only: the listed people's personal emails (cast: <name>@home.example) stay off the page.
    expect(html).not.toContain('@home.example');
  });
});
