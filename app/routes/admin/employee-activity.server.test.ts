/**
 * The admin employee page names each activity entry's actor. The names are read in one query for the page:
 * the number of database queries stays the same however many different people acted.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { insertEmployee } from '~/models/employee.server';
import { appendActivity } from '~/models/metadata.server';
import { SYSTEM_ACTOR } from '~/services/employees.server';
import { metadataTable } from '@shared/metadata-table';
import { WORKFLOW_ACTOR } from '~/workflow/step-answers.server';
import { listNamedActivity } from './employee-activity.server';

async function newEmployee(platform: TestPlatform, firstName: string) {
  const fields = employeeFieldsSchema.parse({
    firstName,
    lastName: 'Actor',
    workEmail: `${firstName.toLowerCase()}-${randomUUID().slice(0, 8)}@xyz.example`,
    jobTitle: 'HR',
    department: 'People',
  });
  return insertEmployee(platform.db, fields);
}

/** How many queries the database is sent while `work` runs (Sequelize's beforeQuery hook sees every one). */
async function queriesDuring(platform: TestPlatform, work: () => Promise<unknown>): Promise<number> {
  let count = 0;
  platform.db.sequelize.addHook('beforeQuery', 'count-queries', () => {
    count++;
  });
  try {
    await work();
  } finally {
    platform.db.sequelize.removeHook('beforeQuery', 'count-queries');
  }
  return count;
}

describe('the admin employee page activity', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ photoTrigger: false });
  });
  afterAll(async () => platform?.close());

  /** An employee whose activity has one entry by each of `actorCount` different employees. */
  async function employeeWithActors(actorCount: number) {
    const subject = await newEmployee(platform, 'Subject');
    const actors = [];
    for (let index = 0; index < actorCount; index++)
      actors.push(await newEmployee(platform, `Hr${String.fromCharCode(97 + index)}`));
    for (const actor of actors) {
      await appendActivity(metadataTable(platform), {
        employeeId: subject.id,
        actorId: actor.id,
        action: 'profile.updated',
      });
    }
    return { subject, actors };
  }

  it('reads the actors’ names in one query, whether 2 or 15 people acted', async () => {
    const few = await employeeWithActors(2);
    const many = await employeeWithActors(15);
    const fewQueries = await queriesDuring(platform, () => listNamedActivity(platform, few.subject.id, { limit: 20 }));
    let manyPage: Awaited<ReturnType<typeof listNamedActivity>> | undefined;
    const manyQueries = await queriesDuring(platform, async () => {
      manyPage = await listNamedActivity(platform, many.subject.id, { limit: 20 });
    });
    expect(fewQueries).toBe(1);
    expect(manyQueries).toBe(fewQueries);
    expect(manyPage!.entries.map((entry) => entry.actor).sort()).toEqual(
      many.actors.map((actor) => actor.displayName).sort(),
    );
  });

  it('names the system, the workflow and a former employee, and reads nothing for a page without people', async () => {
    const subject = await newEmployee(platform, 'Quiet');
    for (const actorId of [SYSTEM_ACTOR, WORKFLOW_ACTOR]) {
      await appendActivity(metadataTable(platform), { employeeId: subject.id, actorId, action: 'employee.created' });
    }
    const withoutPeople = await queriesDuring(platform, () => listNamedActivity(platform, subject.id, { limit: 20 }));
    expect(withoutPeople).toBe(0);

    await appendActivity(metadataTable(platform), {
      employeeId: subject.id,
      actorId: randomUUID(),
      action: 'profile.updated',
    });
    const page = await listNamedActivity(platform, subject.id, { limit: 20 });
    expect(page.entries.map((entry) => entry.actor).sort()).toEqual(
      ['Former employee', 'System', 'Verification workflow'].sort(),
    );
  });
});
