/**
 * The field gate (docs/decisions/322-one-gate-for-fields.md): each of the four visibilities against each kind of
 * reader, with test-only definitions that give built-in fields the visibilities none has today; and who counts as
 * the manager chain, read once and bounded.
 */
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '~/db/database.server';
import { BUILT_IN_FIELD_DEFINITIONS } from '~/models/field-definitions';
import { listManagerChainIds, MANAGER_CHAIN_DEPTH } from '~/models/team.server';
import { addEmployee, openTestDatabase } from '@test-support/auth-database';
import { ALL_VISIBILITIES_DEFINITIONS } from '@test-support/field-definitions';
import type { CustomFieldDefinition } from '~/models/custom-fields';
import {
  ANY_EMPLOYEE,
  editableCustomFields,
  gateCustomValues,
  gateFields,
  HR_ADMIN,
  PERSON_THEMSELF,
  readerOf,
  restrictedFieldsFor,
  UNTRUSTED_READER,
  visibleFieldKeys,
  type FieldReader,
} from './field-gate.server';

const MANAGER: FieldReader = { ...ANY_EMPLOYEE, managerChain: true };

describe('which fields a reader may see', () => {
  // officeLocation: manager chain and HR; workPhone: HR; personalEmail: the person and HR; jobTitle: everyone.
  const values = {
    jobTitle: 'Surveyor',
    officeLocation: 'Porto',
    workPhone: '+351 1',
    personalEmail: 'home@x.example',
    firstName: 'Ana',
  };
  const seen = (reader: FieldReader) => Object.keys(gateFields(ALL_VISIBILITIES_DEFINITIONS, reader, values)).sort();

  it('gives each visibility to its readers only', () => {
    expect(seen(ANY_EMPLOYEE)).toEqual(['firstName', 'jobTitle']);
    expect(seen(MANAGER)).toEqual(['firstName', 'jobTitle', 'officeLocation']);
    expect(seen(PERSON_THEMSELF)).toEqual(['firstName', 'jobTitle', 'personalEmail']);
    expect(seen(HR_ADMIN)).toEqual(['firstName', 'jobTitle', 'officeLocation', 'personalEmail', 'workPhone']);
    // Someone not yet trusted (a visitor picking a manager on /join): the names and department only.
    expect(seen(UNTRUSTED_READER)).toEqual(['firstName']);
  });

  it('keeps the built-in private fields for the person and HR', () => {
    const restricted = ['personalEmail', 'personalPhone', 'emergencyContactName', 'emergencyContactPhone'];
    for (const reader of [ANY_EMPLOYEE, MANAGER, UNTRUSTED_READER]) {
      expect(visibleFieldKeys(BUILT_IN_FIELD_DEFINITIONS, reader).filter((key) => restricted.includes(key))).toEqual(
        [],
      );
    }
    for (const reader of [PERSON_THEMSELF, HR_ADMIN]) {
      expect(visibleFieldKeys(BUILT_IN_FIELD_DEFINITIONS, reader)).toEqual(expect.arrayContaining(restricted));
    }
  });
});

describe('the fields HR defines, through the same gate', () => {
  const custom = (
    key: string,
    visibility: CustomFieldDefinition['visibility'],
    extra: Partial<CustomFieldDefinition> = {},
  ) =>
    ({
      key,
      label: key,
      helpText: null,
      type: 'short-text',
      required: false,
      visibility,
      editableBy: 'hr',
      needsApproval: false,
      searchable: false,
      facet: false,
      section: null,
      position: 0,
      retired: false,
      options: [],
      ...extra,
    }) satisfies CustomFieldDefinition;
  const definitions = [
    custom('shirt', 'everyone', { position: 4, editableBy: 'person' }),
    custom('cost_centre', 'manager-chain-and-hr', { position: 3 }),
    custom('home_town', 'person-and-hr', { position: 2, editableBy: 'person' }),
    custom('clearance', 'hr', { position: 1 }),
    custom('old_desk', 'everyone', { position: 5, retired: true, editableBy: 'person' }),
  ];
  const stored = JSON.stringify({
    shirt: 'M',
    cost_centre: 'CC-7',
    home_town: 'Ayr',
    clearance: 'SC',
    old_desk: '3.1',
  });
  const seen = (reader: FieldReader) => gateCustomValues(definitions, reader, stored).map(({ field }) => field.key);

  it("gives each visibility to its readers only, in HR's order, retired fields to no one", () => {
    expect(seen(ANY_EMPLOYEE)).toEqual(['shirt']);
    expect(seen(MANAGER)).toEqual(['cost_centre', 'shirt']);
    expect(seen(PERSON_THEMSELF)).toEqual(['home_town', 'shirt']);
    expect(seen(HR_ADMIN)).toEqual(['clearance', 'home_town', 'cost_centre', 'shirt']);
    expect(seen(UNTRUSTED_READER)).toEqual([]);
    expect(gateCustomValues(definitions, HR_ADMIN, null)).toEqual([]);
  });

  it('lets the person change only the fields HR gave them, HR every field in force', () => {
    const keys = (editor: { person: boolean; hr: boolean }) =>
      editableCustomFields(definitions, editor).map((field) => field.key);
    expect(keys({ person: true, hr: false })).toEqual(['home_town', 'shirt']);
    expect(keys({ person: false, hr: true })).toEqual(['clearance', 'home_town', 'cost_centre', 'shirt']);
    expect(keys({ person: false, hr: false })).toEqual([]);
  });
});

describe('who the reader is to the person', () => {
  let db: Database;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await openTestDatabase()));
  afterAll(async () => close?.());

  const setManager = (id: string, managerId: string) =>
    db.sequelize.query('UPDATE employees SET manager_id = :managerId WHERE id = :id', {
      replacements: { id, managerId },
      type: QueryTypes.UPDATE,
    });
  const withManager = async (managerId: string | null) => {
    const employee = await addEmployee(db);
    if (managerId) await setManager(employee.id, managerId);
    return employee;
  };

  it('counts every manager up the line as the manager chain, not a report or a peer', async () => {
    const top = await withManager(null);
    const middle = await withManager(top.id);
    const person = await withManager(middle.id);
    const report = await withManager(person.id);
    const peer = await withManager(middle.id);
    const viewer = (employee: { id: string }, role: 'employee' | 'admin' = 'employee') => ({
      id: employee.id,
      role,
      status: 'active' as const,
    });
    const of = (employee: { id: string }, role?: 'admin') =>
      readerOf(db, ALL_VISIBILITIES_DEFINITIONS, viewer(employee, role), person.id);
    expect(await listManagerChainIds(db, person.id)).toEqual([middle.id, top.id]);
    expect((await of(middle)).managerChain).toBe(true);
    expect((await of(top)).managerChain).toBe(true);
    expect((await of(report)).managerChain).toBe(false);
    expect((await of(peer)).managerChain).toBe(false);
    expect(await of(peer, 'admin')).toMatchObject({ hr: true, person: false });
    expect(await of(person)).toMatchObject({ person: true, hr: false });
    // Signed out, or pending: untrusted.
    expect(await readerOf(db, ALL_VISIBILITIES_DEFINITIONS, null, person.id)).toEqual(UNTRUSTED_READER);
    expect(
      await readerOf(db, ALL_VISIBILITIES_DEFINITIONS, { ...viewer(middle), status: 'pending' }, person.id),
    ).toEqual(UNTRUSTED_READER);
    // What a page showing everything hands each: HR all four restricted fields, the manager only the office.
    expect(
      await restrictedFieldsFor({ db, fieldDefinitions: ALL_VISIBILITIES_DEFINITIONS }, viewer(top), person.id),
    ).toEqual(['officeLocation']);
    expect(
      await restrictedFieldsFor({ db, fieldDefinitions: BUILT_IN_FIELD_DEFINITIONS }, viewer(top), person.id),
    ).toEqual([]);
  });

  it("answers the chain from the person's managerId as read as the walk from the person does", async () => {
    const top = await withManager(null);
    const middle = await withManager(top.id);
    const person = await withManager(middle.id);
    const alone = await withManager(null);
    const peer = await withManager(middle.id);
    const viewer = (employee: { id: string }) => ({
      id: employee.id,
      role: 'employee' as const,
      status: 'active' as const,
    });
    const of = (employee: { id: string }, subject: { id: string }, managerId: string | null) =>
      readerOf(db, ALL_VISIBILITIES_DEFINITIONS, viewer(employee), subject.id, { managerId });
    for (const reader of [middle, top, peer, alone]) {
      expect(await of(reader, person, middle.id)).toEqual(
        await readerOf(db, ALL_VISIBILITIES_DEFINITIONS, viewer(reader), person.id),
      );
    }
    expect((await of(top, person, middle.id)).managerChain).toBe(true);
    expect((await of(middle, person, middle.id)).managerChain).toBe(true);
    expect((await of(peer, alone, null)).managerChain).toBe(false);
    // MANAGER_CHAIN_DEPTH managers above the last: the highest the gate walks to is line[1], line[0] is beyond.
    const line = [await withManager(null)];
    for (let level = 0; level <= MANAGER_CHAIN_DEPTH; level += 1) line.push(await withManager(line.at(-1)!.id));
    const last = line.at(-1)!;
    const lastManager = line.at(-2)!.id;
    expect((await of(line[1], last, lastManager)).managerChain).toBe(true);
    expect((await of(line[0], last, lastManager)).managerChain).toBe(false);
    expect((await readerOf(db, ALL_VISIBILITIES_DEFINITIONS, viewer(line[0]), last.id)).managerChain).toBe(false);
  });

  it('stops at MANAGER_CHAIN_DEPTH levels, and on a loop of managers', async () => {
    const line = [await withManager(null)];
    for (let level = 0; level < MANAGER_CHAIN_DEPTH + 2; level += 1) line.push(await withManager(line.at(-1)!.id));
    const chain = await listManagerChainIds(db, line.at(-1)!.id);
    expect(chain).toHaveLength(MANAGER_CHAIN_DEPTH);
    expect(chain[0]).toBe(line.at(-2)!.id);
    const a = await withManager(null);
    const b = await withManager(a.id);
    await setManager(a.id, b.id);
    expect(await listManagerChainIds(db, a.id)).toHaveLength(MANAGER_CHAIN_DEPTH);
  });
});
