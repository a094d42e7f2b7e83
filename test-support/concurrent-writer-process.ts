/**
 * One of several processes writing to the same database at once, as the cluster workers and the primary do:
 * each round is a join's transaction (employee row + its outbox event), a sign-in's session row, and the
 * photo watcher's promotion (pending photo, then promotion + its event in one transaction). It prints one JSON
 * line: how many rounds succeeded, and the error names of those that failed.
 *
 *   tsx test-support/concurrent-writer-process.ts <sqlite file> <rounds> <tag>
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { openDatabase, closeDatabase } from '~/db/database.server';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { promotePendingPhoto, setPendingPhoto } from '~/models/employee-photo-slot.server';
import { insertEmployee } from '~/models/employee.server';
import { createSession } from '~/models/session-store.server';
import { recordEvent } from '~/services/domain-events.server';

const [sqliteFile, rounds, tag] = z
  .tuple([z.string().min(1), z.coerce.number().int().positive(), z.string().regex(/^[a-z0-9-]+$/)])
  .parse(process.argv.slice(2));

const db = openDatabase({ sqliteFile });
const failures: string[] = [];
let succeeded = 0;
for (let round = 0; round < rounds; round += 1) {
  try {
    const employee = await db.sequelize.transaction(async (transaction) => {
      const created = await insertEmployee(
        db,
        employeeFieldsSchema.parse({
          firstName: 'Writer',
          lastName: 'Concurrent',
          workEmail: `${tag}-${round}@xyz.example`,
          jobTitle: 'Tester',
          department: 'Quality',
        }),
        { transaction },
      );
      await recordEvent(
        db,
        {
          type: 'employee.created',
          version: 2,
          employeeId: created.id,
          actorId: created.id,
          source: 'join',
          employee: { status: created.status, role: created.role },
          photoId: null,
        },
        { transaction },
      );
      return created;
    });
    await createSession(db, employee.id);
    const photoId = randomUUID();
    await setPendingPhoto(db, employee.id, photoId);
    await db.sequelize.transaction(async (transaction) => {
      const outcome = await promotePendingPhoto(db, employee.id, photoId, { transaction });
      if (!outcome.promoted) throw new Error('the pending photo was not promoted');
      await recordEvent(
        db,
        {
          type: 'employee.photo-ready',
          version: 1,
          employeeId: employee.id,
          actorId: employee.id,
          photoId,
          replacedPhotoId: null,
        },
        { transaction },
      );
    });
    succeeded += 1;
  } catch (error) {
    failures.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}
await closeDatabase(db);
process.stdout.write(JSON.stringify({ tag, succeeded, failures }) + '\n');
