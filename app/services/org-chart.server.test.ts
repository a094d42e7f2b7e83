/**
 * The org chart's levels on both databases: the chain up, peers and reports of a person, a department with a
 * manager elsewhere, a team; inactive people absent, a restricted office kept off the cards, and stored manager
 * loops and over-deep lines drawn without hanging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { insertEmployee } from '~/models/employee.server';
import { BUILT_IN_FIELD_DEFINITIONS } from '~/models/field-definitions';
import { orgCards } from '~/utils/org-tree';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '@test-support/databases';
import { ALL_VISIBILITIES_DEFINITIONS } from '@test-support/field-definitions';
import { loadDepartmentView, loadOrgView, loadTeam } from './org-chart.server';

describe.each(TEST_DIALECTS)('the org chart on %s', (dialect) => {
  let testDb: TestDatabase;
  let db: Database;
  const ids: Record<string, string> = {};
  const platform = () => ({ db, fieldDefinitions: BUILT_IN_FIELD_DEFINITIONS });

  async function add(
    name: string,
    manager: string | null,
    department = 'Engineering',
    status: 'active' | 'inactive' = 'active',
  ) {
    const employee = await insertEmployee(db, {
      firstName: name,
      lastName: 'Org',
      preferredName: null,
      workEmail: `${name.toLowerCase()}.org@xyz.example`,
      workPhone: null,
      jobTitle: `${name} title`,
      department,
      managerId: manager ? ids[manager] : null,
      officeLocation: `${name} office`,
      startDate: null,
      bio: null,
      personalEmail: null,
      personalPhone: null,
      emergencyContactName: null,
      emergencyContactPhone: null,
      status,
    });
    ids[name] = employee.id;
  }
  const setManager = (name: string, manager: string) =>
    db.models.Employee.update({ managerId: ids[manager] }, { where: { id: ids[name] } });
  const names = (cards: Array<{ displayName: string }>) => cards.map((card) => card.displayName.replace(' Org', ''));

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    db = openDatabase(testDb.config);
    await migrateDatabase(db.sequelize);
    await add('Ceo', null);
    await add('Unplaced', null, 'Support');
    await add('Vpa', 'Ceo');
    await add('Vpb', 'Ceo', 'Sales');
    await add('Amy', 'Vpa');
    await add('Bob', 'Vpa');
    await add('Cat', 'Vpa', 'Engineering', 'inactive');
    await add('Dan', 'Vpa', 'Sales');
    await add('Ann', 'Amy');
    await add('Abe', 'Amy');
    await add('Sue', 'Vpb', 'Sales');
    // A manager loop, as a bad import could store it.
    await add('Xia', null, 'Loops');
    await add('Yan', 'Xia', 'Loops');
    await setManager('Xia', 'Yan');
    // A line deeper than the chart follows.
    await add('Deep0', null, 'Deep');
    for (let level = 1; level <= 20; level++) await add(`Deep${level}`, `Deep${level - 1}`, 'Deep');
  }, 60_000);
  afterAll(async () => {
    if (db) await closeDatabase(db);
    await testDb?.drop();
  });

  it('centres on a person: the managers to the top, the peers, the direct reports, active people only', async () => {
    const view = (await loadOrgView(platform(), ids.Amy))!;
    expect(names(view.chain)).toEqual(['Ceo', 'Vpa']);
    expect(view.chainCut).toBe(false);
    expect(names(orgCards(view.roots))).toEqual(['Ceo', 'Vpa', 'Amy', 'Abe', 'Ann', 'Bob', 'Dan']);
    const vpa = view.roots[0].children[0];
    expect(vpa.card.reportCount).toBe(3);
    expect(view.focus).toMatchObject({ reportCount: 2, place: 'focus', officeLocation: 'Amy office' });
    expect(view.roots[0].hiddenChildren).toBe(1);
    expect(await loadOrgView(platform(), ids.Cat)).toBeNull();
  });

  it('shows the people without a manager beside the top', async () => {
    const view = (await loadOrgView(platform(), ids.Ceo))!;
    expect(view.chain).toEqual([]);
    expect(names(view.roots.map((root) => root.card))).toEqual(expect.arrayContaining(['Ceo', 'Unplaced', 'Deep0']));
    expect(names(view.roots.find((root) => root.card.id === ids.Ceo)!.children.map((node) => node.card))).toEqual([
      'Vpa',
      'Vpb',
    ]);
  });

  it('keeps a restricted office off every card', async () => {
    const view = (await loadOrgView({ db, fieldDefinitions: ALL_VISIBILITIES_DEFINITIONS }, ids.Amy))!;
    expect(orgCards(view.roots).map((card) => card.officeLocation)).toEqual(orgCards(view.roots).map(() => null));
    const team = (await loadTeam({ db, fieldDefinitions: ALL_VISIBILITIES_DEFINITIONS }, ids.Amy))!;
    expect(team.map((member) => member.officeLocation)).toEqual([null, null, null]);
  });

  it('draws a department with a manager in another department marked as such', async () => {
    const view = (await loadDepartmentView(platform(), 'Sales'))!;
    expect(view.total).toBe(3);
    const cards = orgCards(view.roots);
    expect(cards.find((card) => card.id === ids.Vpa)).toMatchObject({
      place: 'outside',
      elsewhere: { department: 'Engineering' },
    });
    expect(cards.find((card) => card.id === ids.Dan)?.elsewhere).toEqual({
      manager: 'Vpa Org',
      department: 'Engineering',
    });
    // Vpb reports to the top, in Engineering: drawn under that manager, with Sue below.
    const ceo = view.roots.find((root) => root.card.id === ids.Ceo)!;
    expect(ceo.card.place).toBe('outside');
    expect(names(ceo.children.map((node) => node.card))).toEqual(['Vpb']);
    expect(names(ceo.children[0].children.map((node) => node.card))).toEqual(['Sue']);
    expect(await loadDepartmentView(platform(), 'Nobody here')).toBeNull();
  });

  it('draws a manager loop and an over-deep line once each, and ends', async () => {
    const loop = (await loadOrgView(platform(), ids.Xia))!;
    expect(loop.chainCut).toBe(true);
    const drawn = orgCards(loop.roots).map((card) => card.id);
    expect(new Set(drawn).size).toBe(drawn.length);
    const department = (await loadDepartmentView(platform(), 'Loops'))!;
    expect(department.cut).toBe(1);
    expect(orgCards(department.roots)).toHaveLength(2);

    const deep = (await loadOrgView(platform(), ids.Deep20))!;
    expect(deep.chain).toHaveLength(12);
    expect(deep.chainCut).toBe(true);
    const deepDepartment = (await loadDepartmentView(platform(), 'Deep'))!;
    expect(deepDepartment.drawn).toBe(21);
  });

  it('gives a team: the manager first, then the reports, public fields only', async () => {
    const team = (await loadTeam(platform(), ids.Amy))!;
    expect(team.map((member) => [member.firstName, member.manager])).toEqual([
      ['Amy', true],
      ['Abe', false],
      ['Ann', false],
    ]);
    expect(Object.keys(team[0]).sort()).toEqual(
      [
        'department',
        'displayName',
        'firstName',
        'id',
        'jobTitle',
        'lastName',
        'manager',
        'officeLocation',
        'workEmail',
      ].sort(),
    );
  });
});
