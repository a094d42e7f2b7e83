/**
 * What a profile view reads: HR's view reads the current photo's record for the face check's note; anyone else's
 * view does not (the note is HR's only, and the read was one DynamoDB round trip per profile view).
 */
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEmployee } from '@test-support/auth-database';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import type { SessionUser } from '~/auth/user-session.server';
import { loadProfile } from './profile.server';

let platform: TestPlatform;
const readKeys: string[] = [];

beforeAll(async () => {
  platform = await startTestPlatform();
  // Every key the platform's DynamoDB client reads, as sent to the emulator.
  platform.dynamo.middlewareStack.add(
    (next) => async (args) => {
      const key = (args.input as { Key?: { pk?: string; sk?: string } }).Key;
      if (key) readKeys.push(`${key.pk} ${key.sk}`);
      return next(args);
    },
    { step: 'initialize', name: 'recordReadKeys' },
  );
}, 120_000);
afterAll(async () => platform?.close());

function viewer(employee: { id: string }, role: 'admin' | 'employee'): SessionUser {
  return {
    id: employee.id,
    firstName: 'V',
    lastName: 'Iewer',
    preferredName: null,
    displayName: 'V Iewer',
    workEmail: 'viewer@xyz.example',
    role,
    status: 'active',
    photoId: null,
    sessionId: 'test',
  };
}

describe('a profile with a photo', () => {
  it('reads the photo record for HR only; a colleague sees the same photo without that read', async () => {
    const subject = await addEmployee(platform.db, { email: 'subject@xyz.example' });
    const colleague = await addEmployee(platform.db, { email: 'colleague@xyz.example' });
    const photoId = randomUUID();
    await platform.db.sequelize.query('UPDATE employees SET photo_id = :photoId WHERE id = :id', {
      replacements: { photoId, id: subject.id },
      type: QueryTypes.UPDATE,
    });

    readKeys.length = 0;
    const seenByColleague = await loadProfile(platform, viewer(colleague, 'employee'), subject.id);
    const colleagueReads = readKeys.splice(0);
    const seenByHr = await loadProfile(platform, viewer(colleague, 'admin'), subject.id);
    const hrReads = readKeys.splice(0);

    expect(seenByColleague?.photoId).toBe(photoId);
    expect(seenByHr?.photoId).toBe(photoId);
    expect(seenByColleague?.photoReview).toBeNull();
    expect(hrReads.filter((key) => key.includes(photoId))).toHaveLength(1);
    expect(colleagueReads.filter((key) => key.includes(photoId))).toEqual([]);
    // The extras are read for both: only the HR-only read went.
    expect(colleagueReads).toHaveLength(hrReads.length - 1);
  });
});
