/**
 * What a profile view reads: HR's view reads the current photo's record for the face check's note; anyone else's
 * view does not (the note is HR's only, and the read was one DynamoDB round trip per profile view). And a field for
 * the manager chain, now that the chain is answered from the managerId read with the person; and the manager and
 * reports, read in one query.
 */
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEmployee } from '@test-support/auth-database';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import type { SessionUser } from '~/auth/user-session.server';
import type { CustomFieldDefinition } from '~/models/custom-fields';
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

describe("a field for the person's manager chain", () => {
  const costCentre: CustomFieldDefinition = {
    key: 'cost_centre',
    label: 'Cost centre',
    helpText: null,
    type: 'short-text',
    required: false,
    visibility: 'manager-chain-and-hr',
    editableBy: 'hr',
    needsApproval: false,
    searchable: false,
    facet: false,
    section: null,
    position: 0,
    retired: false,
    options: [],
  };
  const setRow = (id: string, values: { managerId?: string; customFields?: string }) =>
    platform.db.sequelize.query(
      'UPDATE employees SET manager_id = COALESCE(:managerId, manager_id), custom_fields = COALESCE(:customFields, custom_fields) WHERE id = :id',
      {
        replacements: { id, managerId: values.managerId ?? null, customFields: values.customFields ?? null },
        type: QueryTypes.UPDATE,
      },
    );

  it("reaches the manager and the manager's manager, from the managerId read with the person, and no one else", async () => {
    // The only field HR defines is for the chain: a peer's view reads the public columns, the chain's the private.
    const held = platform.customFields;
    platform.customFields = [costCentre];
    try {
      const top = await addEmployee(platform.db, { email: 'chain-top@xyz.example' });
      const manager = await addEmployee(platform.db, { email: 'chain-manager@xyz.example' });
      const person = await addEmployee(platform.db, { email: 'chain-person@xyz.example' });
      const peer = await addEmployee(platform.db, { email: 'chain-peer@xyz.example' });
      const alone = await addEmployee(platform.db, { email: 'chain-alone@xyz.example' });
      await setRow(manager.id, { managerId: top.id });
      await setRow(person.id, { managerId: manager.id, customFields: JSON.stringify({ cost_centre: 'CC-7' }) });
      await setRow(peer.id, { managerId: manager.id });
      await setRow(alone.id, { customFields: JSON.stringify({ cost_centre: 'CC-9' }) });
      const shown = async (reader: { id: string }, subject: { id: string }) =>
        (await loadProfile(platform, viewer(reader, 'employee'), subject.id))?.customFields.map((field) => field.value);

      expect(await shown(manager, person)).toEqual(['CC-7']);
      expect(await shown(top, person)).toEqual(['CC-7']);
      expect(await shown(peer, person)).toEqual([]);
      expect(await shown(person, manager)).toEqual([]);
      expect(await shown(peer, alone)).toEqual([]);
    } finally {
      platform.customFields = held;
    }
  });
});

describe('the people around a profile, read in one query', () => {
  it('shows the active reports by name and the manager; an inactive manager to HR only', async () => {
    const manager = await addEmployee(platform.db, { email: 'around-manager@xyz.example', status: 'inactive' });
    const person = await addEmployee(platform.db, { email: 'around-person@xyz.example' });
    const reports = await Promise.all(
      ['Zed', 'Bea', 'Gone'].map((firstName) =>
        addEmployee(platform.db, {
          email: `around-${firstName.toLowerCase()}@xyz.example`,
          status: firstName === 'Gone' ? 'inactive' : 'active',
        }).then(async (report) => {
          await platform.db.sequelize.query(
            'UPDATE employees SET manager_id = :managerId, first_name = :firstName, sort_name = :sortName WHERE id = :id',
            {
              replacements: {
                managerId: person.id,
                firstName,
                sortName: `lovelace ${firstName.toLowerCase()}`,
                id: report.id,
              },
              type: QueryTypes.UPDATE,
            },
          );
          return report;
        }),
      ),
    );
    await platform.db.sequelize.query('UPDATE employees SET manager_id = :managerId WHERE id = :id', {
      replacements: { managerId: manager.id, id: person.id },
      type: QueryTypes.UPDATE,
    });

    const seenByHr = await loadProfile(platform, viewer(reports[0]!, 'admin'), person.id);
    const seenByReport = await loadProfile(platform, viewer(reports[0]!, 'employee'), person.id);

    expect(seenByHr?.reports.map((report) => report.displayName)).toEqual(['Bea Lovelace', 'Zed Lovelace']);
    expect(seenByReport?.reports).toEqual(seenByHr?.reports);
    expect(seenByHr?.manager).toEqual({ id: manager.id, displayName: 'Ada Lovelace', jobTitle: 'Engineer' });
    expect(seenByHr?.managerForForm).toEqual({
      id: manager.id,
      displayName: 'Ada Lovelace',
      department: 'Engineering',
    });
    expect(seenByReport?.manager).toBeNull();
    expect(seenByReport?.managerForForm).toBeNull();
  });
});
