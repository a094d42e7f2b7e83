/**
 * The rebuild's stream of documents: pages through the table by id, and only active people come out of it,
 * whatever page the others fall on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@test-support/auth-database';
import type { Database } from '~/db/database.server';
import type { EmployeeStatus } from '~/db/schema.server';
import { insertEmployee } from './employee.server';
import { streamSearchDocuments } from './search-projection.server';

describe('streamSearchDocuments', () => {
  let db: Database;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await openTestDatabase());
  });
  afterAll(async () => {
    await close();
  });

  it('yields every active person once, in id order, across pages that also hold people not active', async () => {
    const statuses: EmployeeStatus[] = ['active', 'pending', 'active', 'inactive', 'inactive', 'active', 'pending'];
    const active: string[] = [];
    for (const [index, status] of statuses.entries()) {
      const { id } = await insertEmployee(db, {
        firstName: `Paged${index}`,
        lastName: 'Person',
        preferredName: null,
        workEmail: `paged.${index}@xyz.example`,
        workPhone: null,
        jobTitle: 'Archivist',
        department: 'Records',
        managerId: null,
        officeLocation: null,
        startDate: null,
        bio: null,
        personalEmail: null,
        personalPhone: null,
        emergencyContactName: null,
        emergencyContactPhone: null,
        status,
      });
      if (status === 'active') active.push(id);
    }
    const streamed: string[] = [];
    // Pages of two: some pages hold no active person at all, and the last one is full.
    for await (const document of streamSearchDocuments(db, { pageSize: 2 })) streamed.push(document.id);
    expect(streamed).toEqual([...active].sort());
  });
});
