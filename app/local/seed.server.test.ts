/**
 * The demo data a new user sees on first start: an HR admin who can sign in, departments with a head, a team
 * lead and members (so profiles show managers and direct reports), and nothing added on a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLogin } from '~/auth/credentials.server';
import { countEmployees } from '~/models/employee.server';
import { listDirectReports } from '~/models/team.server';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { DEMO_ADMIN, seedDemoData } from '~/local/seed.server';
import { listPendingPhotos } from '~/models/employee-photo-slot.server';
import { getPhoto } from '@shared/photo-records';
import { metadataTable } from '@shared/metadata-table';

describe('demo data', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ photoTrigger: false });
  });
  afterAll(async () => platform?.close());

  it('seeds an admin who can sign in, and a three-level organisation, once', async () => {
    expect(await seedDemoData(platform, { count: 14 })).toEqual({ created: 14 });
    expect(await countEmployees(platform.db, { status: 'active' })).toBe(14);

    // The sign-in the README and the console print.
    expect(await verifyLogin(platform.db, DEMO_ADMIN.email, DEMO_ADMIN.password)).toMatchObject({
      role: 'admin',
      status: 'active',
    });

    const employees = await platform.db.models.Employee.findAll({ attributes: ['id', 'managerId'] });
    const withBoth = [];
    for (const employee of employees) {
      const reports = await listDirectReports(platform.db, employee.get('id') as string);
      if (employee.get('managerId') && reports.length > 0) withBoth.push(employee.get('id'));
    }
    expect(withBoth.length).toBeGreaterThan(0);

    // Drawn portraits, not faces: recorded as never to be checked (HR sees "not checked"), never as verified.
    const seededPhotos = await listPendingPhotos(platform.db);
    expect(seededPhotos).toHaveLength(14);
    for (const ids of seededPhotos) {
      expect(await getPhoto(metadataTable(platform), ids)).toMatchObject({ faceCheckPolicy: 'demo-not-checked' });
    }

    // A restart finds the data and adds nothing.
    expect(await seedDemoData(platform, { count: 14 })).toEqual({ created: 0 });
    expect(await countEmployees(platform.db)).toBe(14);
  });
});
