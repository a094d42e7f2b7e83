/**
 * The org chart bench's company (scripts/bench-org.ts): a deterministic tree of active employees, 10 levels deep
 * (the top, then levels growing about threefold), each manager with 3 to 12 direct reports and most people
 * managing no one. A department per branch under the top, with about 3% of people in a department other than
 * their manager's (reports across departments). Inserted in bulk, level by level, as scripts/bench-data.ts does.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '~/db/database.server';
import type { EmployeeRow } from '~/db/schema.server';
import { nameOrderColumns } from '~/db/name-order-columns.server';

const FIRST = ['Ada', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Liam'];
const LAST = ['Andersen', 'Bianchi', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jansen'];
const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'Operations', 'Marketing', 'Support'];
const OFFICES = ['London', 'Berlin', 'New York', 'Lisbon', 'Singapore', 'Remote'];
const TITLES = ['Director', 'Manager', 'Lead', 'Specialist', 'Analyst', 'Engineer', 'Coordinator'];

/** Level sizes for 20,000 people, scaled for another size; each level is at most 7.5 times the one above. */
const LEVEL_SHARES = [1, 6, 20, 60, 170, 450, 1100, 2500, 5200, 10493];

export interface BenchPerson {
  id: string;
  managerId: string | null;
  level: number;
  reports: string[];
  workEmail: string;
}

/** A small seeded generator (mulberry32): the same company on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Who reports to whom: level by level, reports handed out in spans of 3 to 12 to managers picked at random. */
export function planHierarchy(size: number, seed = 27): BenchPerson[] {
  const next = random(seed);
  const total = LEVEL_SHARES.reduce((sum, share) => sum + share, 0);
  const sizes = LEVEL_SHARES.map((share, index) => (index === 0 ? 1 : Math.max(3, Math.round((share * size) / total))));
  const people: BenchPerson[] = [];
  let above: BenchPerson[] = [];
  for (const [level, count] of sizes.entries()) {
    const here: BenchPerson[] = [];
    const managers = [...above].sort(() => next() - 0.5);
    let managerIndex = 0;
    while (here.length < count && (level === 0 || managerIndex < managers.length)) {
      // A remainder smaller than the smallest span is left out: every manager keeps 3 to 12 reports.
      if (level > 0 && count - here.length < 3) break;
      const manager = level === 0 ? null : managers[managerIndex++];
      const span = level === 0 ? 1 : Math.min(count - here.length, 3 + Math.floor(next() * 10));
      for (let index = 0; index < span; index++) {
        const id = randomUUID();
        const person = {
          id,
          managerId: manager?.id ?? null,
          level,
          reports: [],
          workEmail: `org.${people.length + here.length}@xyz.example`,
        };
        manager?.reports.push(id);
        here.push(person);
      }
    }
    people.push(...here);
    above = here;
  }
  return people;
}

export async function seedHierarchy(db: Database, people: readonly BenchPerson[], seed = 27): Promise<void> {
  const next = random(seed + 1);
  const now = new Date();
  const departmentOf = new Map<string, string>();
  const attributes = db.models.Employee.getAttributes() as Record<string, { field?: string }>;
  const toColumns = (row: Partial<EmployeeRow>) =>
    Object.fromEntries(Object.entries(row).map(([name, value]) => [attributes[name]?.field ?? name, value]));
  const rows: Array<Partial<EmployeeRow>> = people.map((person, index) => {
    const inherited = person.managerId ? departmentOf.get(person.managerId)! : 'Executive';
    const department =
      person.level === 1
        ? DEPARTMENTS[index % DEPARTMENTS.length]
        : person.level > 1 && next() < 0.03
          ? DEPARTMENTS[Math.floor(next() * DEPARTMENTS.length)]
          : inherited;
    departmentOf.set(person.id, department);
    const firstName = FIRST[index % FIRST.length];
    const lastName = `${LAST[(index * 7) % LAST.length]}${String.fromCharCode(97 + (index % 26))}`;
    const jobTitle = `${TITLES[Math.min(person.level, TITLES.length - 1)]}`;
    return {
      id: person.id,
      employeeNumber: `G${String(index).padStart(7, '0')}`,
      firstName,
      lastName,
      preferredName: null,
      workEmail: person.workEmail,
      workEmailNormalized: person.workEmail,
      workPhone: null,
      jobTitle,
      department,
      managerId: person.managerId,
      officeLocation: OFFICES[Math.floor(next() * OFFICES.length)],
      skills: '',
      startDate: '2024-01-01',
      bio: null,
      status: 'active' as const,
      role: 'employee' as const,
      personalEmail: null,
      personalPhone: null,
      emergencyContactName: null,
      emergencyContactPhone: null,
      photoId: null,
      pendingPhotoId: null,
      sortName: `${lastName} ${firstName}`.toLowerCase(),
      ...nameOrderColumns({ firstName, lastName }),
      givenNameKey: firstName.toLowerCase(),
      jobTitleKey: jobTitle.toLowerCase(),
      statusReason: null,
      createdAt: now,
      updatedAt: now,
    };
  });
  const transaction = await db.sequelize.transaction();
  for (let start = 0; start < rows.length; start += 1000) {
    await db.sequelize
      .getQueryInterface()
      .bulkInsert(db.models.Employee.getTableName() as string, rows.slice(start, start + 1000).map(toColumns), {
        transaction,
      });
  }
  await transaction.commit();
}
