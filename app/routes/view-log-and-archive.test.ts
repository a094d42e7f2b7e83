/**
 * Who looked, and "My data", through the app's handler (docs/decisions/320-personal-archive-and-view-log.md): HR
 * opening an employee's page or profile and downloading their archive each leave one entry in that employee's
 * view log; the CSV export, which carries no private field, leaves none; nor do a person's own reads, or a
 * colleague's look at the public profile. The person sees the entries on /me; the archives are ZIPs that unzip.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVATE_FIELDS } from '~/models/employee-fields';
import { listPrivateDetailViews } from '~/models/private-detail-views.server';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { createCast, type Cast, type Person } from '@test-support/http/people';

describe('the view log and the personal archive, through the app', () => {
  let app: AppUnderTest;
  let cast: Cast;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'view-log-'));

  beforeAll(async () => {
    app = await startAppUnderTest({ dialect: 'sqlite' });
    cast = await createCast(app);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  const get = (url: string, person: Person) =>
    app.fetch(new Request(`${APP_ORIGIN}${url}`, { headers: { Cookie: person.cookie } }));
  const viewsOf = async (person: Person) =>
    (await listPrivateDetailViews(app.platform.db, person.employee.id, { limit: 100 })).views;
  const unzipped = async (response: Response, name: string) => {
    const file = path.join(directory, name);
    fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    expect(execFileSync('unzip', ['-tq', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
    return JSON.parse(execFileSync('unzip', ['-p', file, 'data.json'], { encoding: 'utf8' }));
  };

  it('records HR opening the employee page and the profile, not the CSV export, a colleague or the person', async () => {
    const { admin, colleague, active } = cast;
    expect((await get(`/admin/employees/${colleague.employee.id}`, admin)).status).toBe(200);
    // A reload is the same look (SAME_LOOK_MS).
    expect((await get(`/admin/employees/${colleague.employee.id}`, admin)).status).toBe(200);
    expect((await get(`/employees/${colleague.employee.id}`, admin)).status).toBe(200);
    expect((await get(`/employees/${colleague.employee.id}`, active)).status).toBe(200);
    expect((await get('/me', colleague)).status).toBe(200);
    expect((await get(`/admin/employees/${admin.employee.id}`, admin)).status).toBe(200);

    const csv = await get('/admin/export.csv', admin);
    expect(csv.status).toBe(200);
    const header = (await csv.text()).split('\n')[0]!;
    for (const field of PRIVATE_FIELDS) expect(header).not.toContain(field);

    const views = await viewsOf(colleague);
    console.log(
      `view log of ${colleague.employee.displayName} after HR opened the page and the profile and exported the CSV:\n` +
        views.map((view) => `  ${view.at}  ${view.viewerName}  ${view.place}  ${view.fields.join(',')}`).join('\n'),
    );
    expect(views.map((view) => [view.viewerName, view.place, view.fields])).toEqual([
      [admin.employee.displayName, 'profile-page', [...PRIVATE_FIELDS]],
      [admin.employee.displayName, 'employee-page', [...PRIVATE_FIELDS]],
    ]);
    expect(await viewsOf(admin)).toEqual([]);
    expect(await viewsOf(active)).toEqual([]);
  });

  it('shows the person who viewed their private details on /me, and HR the same list on the employee page', async () => {
    const { admin, colleague } = cast;
    const me = await (await get('/me', colleague)).text();
    expect(me).toContain('Who viewed your private details');
    expect(me).toContain(admin.employee.displayName);
    expect(me).toContain('HR&#x27;s employee page');
    expect(me).toContain('href="/me/data.zip"');
    const page = await (await get(`/admin/employees/${colleague.employee.id}`, admin)).text();
    expect(page).toContain('Who viewed the private details');
    expect(page).toContain(`href="/admin/employees/${colleague.employee.id}/data.zip"`);
  });

  it("gives HR anyone's archive, recorded as a view; the person their own, not recorded; others nothing", async () => {
    const { admin, colleague, active } = cast;
    const before = (await viewsOf(colleague)).length;
    const hr = await get(`/admin/employees/${colleague.employee.id}/data.zip`, admin);
    expect(hr.status).toBe(200);
    expect(hr.headers.get('content-type')).toBe('application/zip');
    expect(hr.headers.get('content-disposition')).toMatch(/^attachment; filename="xyz-people-data-[0-9a-f]{8}-/);
    expect((await unzipped(hr, 'hr.zip')).profile.personalEmail).toBe(colleague.employee.personalEmail);
    const afterHr = await viewsOf(colleague);
    expect(afterHr).toHaveLength(before + 1);
    expect(afterHr[0]).toMatchObject({ viewerName: admin.employee.displayName, place: 'hr-archive' });

    const own = await get('/me/data.zip', colleague);
    expect(own.status).toBe(200);
    const data = await unzipped(own, 'own.zip');
    expect(data.employeeId).toBe(colleague.employee.id);
    expect(data.privateDetailViews[0]).toMatchObject({
      viewer: admin.employee.displayName,
      where: 'Archive of all data, made by HR',
    });
    expect(await viewsOf(colleague)).toHaveLength(before + 1);

    expect((await get(`/admin/employees/${colleague.employee.id}/data.zip`, active)).status).toBe(403);
    expect((await get(`/admin/employees/${crypto.randomUUID()}/data.zip`, admin)).status).toBe(404);
  });
});
