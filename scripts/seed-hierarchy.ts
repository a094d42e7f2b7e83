/**
 * A deterministic organisation for benches and screenshots: N active employees (default 20,000) in one tree
 * under a chief executive, with spans of control of 3–12 and 8–10 levels, departments under their heads, offices
 * per team and titles by level. The same seed gives the same people, names and lines every time.
 *
 * As a function: `seedHierarchy(db, { count })` (benches import it, as they import ./bench-data). From the command
 * line, against the local data directory (DATA_DIR, or DATABASE_URL for MySQL/MariaDB):
 *   npx tsx scripts/seed-hierarchy.ts [--count=20000] [--seed=1]
 *
 * Rows go in as multi-row INSERTs of 1,000 in one transaction, managers before their reports (the foreign key on
 * manager_id needs them); the derived search columns are computed as app/models/employee.server.ts does.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { Database } from '~/db/database.server';
import type { EmployeeRow } from '~/db/schema.server';
import { nameOrderColumns } from '~/db/name-order-columns.server';

const FIRST = [
  'Ada',
  'Ben',
  'Chloe',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Liam',
  'Maya',
  'Nikolai',
  'Olga',
  'Pablo',
  'Quinn',
  'Rosa',
  'Sami',
  'Tara',
  'Uma',
  'Victor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Amara',
  'Bruno',
  'Carmen',
  'Daan',
  'Esme',
  'Felix',
  'Gita',
  'Hugo',
  'Ingrid',
  'Jamal',
  'Kaito',
  'Lena',
];
const LAST = [
  'Andersen',
  'Bianchi',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jansen',
  'Kowalski',
  'Lopez',
  'Meyer',
  'Novak',
  'Okafor',
  'Petrov',
  'Quispe',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Ueda',
  'Varga',
  'Wagner',
  'Xu',
  'Yilmaz',
  'Zhang',
  'Mensah',
  'Silva',
  'Nakamura',
  'Olsen',
  'Brennan',
  'Moreau',
];
/** Each department and what its people do, from junior to senior. */
const DEPARTMENTS: Record<string, string[]> = {
  Engineering: ['Software Engineer', 'Site Reliability Engineer', 'QA Engineer', 'Data Engineer'],
  Product: ['Product Manager', 'Product Designer', 'UX Researcher'],
  Sales: ['Account Executive', 'Sales Development Representative', 'Solutions Consultant'],
  Marketing: ['Content Marketer', 'Growth Marketer', 'Brand Designer'],
  Support: ['Support Specialist', 'Technical Support Engineer', 'Customer Success Manager'],
  Operations: ['Operations Analyst', 'Facilities Coordinator', 'Procurement Specialist'],
  Finance: ['Accountant', 'Financial Analyst', 'Payroll Specialist'],
  People: ['HR Business Partner', 'Recruiter', 'People Operations Specialist'],
  Legal: ['Legal Counsel', 'Paralegal', 'Compliance Analyst'],
};
const OFFICES = ['London', 'Berlin', 'Lisbon', 'New York', 'Toronto', 'Singapore', 'Remote'];
const SENIORITY = ['', 'Senior ', 'Staff ', 'Principal '];
/** Spans of control: every manager has 3 to 12 direct reports. */
const SPAN = { min: 3, max: 12 } as const;
/** How fast each level grows on average: 20,000 people then fill 9 levels. */
const GROWTH = 3.3;
const BATCH = 1_000;

export interface HierarchyOptions {
  count?: number;
  seed?: number;
  /** Prefix of the employee numbers and work emails, so that two seeded organisations can share a database. */
  tag?: string;
}

export interface SeededHierarchy {
  /** Every id, managers before their reports (level by level). */
  ids: string[];
  rootId: string;
  /** A manager halfway down, with a manager above and reports below: where a screenshot or a bench centres. */
  middleId: string;
  levels: number;
  durationMs: number;
}

interface Person {
  level: number;
  managerIndex: number | null;
  department: string;
  office: string;
  reports: number;
}

/** The same id for the same tag, seed and place in the tree on every run, shaped as a version 4 UUID. */
function idFor(tag: string, seed: number, index: number): string {
  const hex = createHash('sha256').update(`${tag}:${seed}:${index}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** mulberry32: a small seeded generator, so the organisation is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many people the next level gets, so that what is left fills the remaining levels as a geometric series. */
function nextLevelSize(current: number, remaining: number, levelsLeft: number): number {
  if (levelsLeft <= 1) return remaining;
  let low = 1;
  let high: number = SPAN.max;
  for (let step = 0; step < 40; step++) {
    const growth = (low + high) / 2;
    let total = 0;
    for (let level = 1; level <= levelsLeft; level++) total += current * growth ** level;
    if (total > remaining) high = growth;
    else low = growth;
  }
  return Math.max(1, Math.min(remaining, Math.round(current * low)));
}

/** The tree's shape: who manages whom, by index, level by level; no rows yet. */
export function planHierarchy(count: number, seed: number): { people: Person[]; levels: number } {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const departments = Object.keys(DEPARTMENTS);
  const levels = Math.max(2, Math.min(10, Math.round(Math.log(count) / Math.log(GROWTH)) + 1));
  const people: Person[] = [{ level: 0, managerIndex: null, department: 'Executive', office: 'London', reports: 0 }];
  let levelStart = 0;
  for (let level = 1; level < levels && people.length < count; level++) {
    const managersAbove = people.slice(levelStart).map((_, offset) => levelStart + offset);
    // One head per department under the chief executive, once the organisation is big enough to have them all.
    const size =
      level === 1 && count > 100
        ? departments.length
        : Math.min(
            managersAbove.length * SPAN.max,
            nextLevelSize(managersAbove.length, count - people.length, levels - level),
          );
    // As few managers as the spans allow plus a random share more, picked at random among the level above.
    const fewest = Math.ceil(size / SPAN.max);
    const most = Math.max(fewest, Math.min(managersAbove.length, Math.floor(size / SPAN.min)));
    const managerCount = fewest + Math.floor(next() * (most - fewest + 1));
    const managers = [...managersAbove].sort(() => next() - 0.5).slice(0, managerCount);
    // Below SPAN.min only when the level has fewer people left than that (the end of a small organisation).
    const spans = managers.map(() => Math.min(SPAN.min, Math.floor(size / managers.length)));
    for (
      let left = size - spans.reduce((sum, span) => sum + span, 0), at = 0;
      left > 0 && spans[at % spans.length] < SPAN.min;
      at++, left--
    )
      spans[at % spans.length] += 1;
    for (let left = size - spans.reduce((sum, span) => sum + span, 0); left > 0;) {
      const index = Math.floor(next() * managers.length);
      if (spans[index] < SPAN.max) {
        spans[index] += 1;
        left -= 1;
      }
    }
    levelStart = people.length;
    managers.forEach((managerIndex, position) => {
      const manager = people[managerIndex];
      for (let report = 0; report < spans[position]; report++) {
        // Heads of department under the chief executive; below them, mostly the manager's department and office,
        // with a few dotted across (a designer in Product reporting into Engineering, a team member remote).
        const department =
          level === 1
            ? departments[report % departments.length]
            : next() < 0.03
              ? pick(departments)
              : manager.department;
        const office = level === 1 ? pick(OFFICES) : next() < 0.15 ? pick(OFFICES) : manager.office;
        people.push({ level, managerIndex, department, office, reports: 0 });
        manager.reports += 1;
      }
    });
  }
  return { people, levels: people[people.length - 1].level + 1 };
}

function titleOf(person: Person, levels: number, index: number): string {
  if (person.level === 0) return 'Chief Executive Officer';
  if (person.level === 1) return `VP ${person.department}`;
  if (person.reports > 0)
    return person.level <= 3 ? `Director of ${person.department}` : `${person.department} Manager`;
  const roles = DEPARTMENTS[person.department] ?? DEPARTMENTS.Operations;
  // Deeper people are more often junior.
  const seniority = SENIORITY[Math.max(0, Math.min(SENIORITY.length - 1, levels - person.level - 1 - (index % 3)))];
  return `${seniority}${roles[index % roles.length]}`;
}

export async function seedHierarchy(db: Database, options: HierarchyOptions = {}): Promise<SeededHierarchy> {
  const started = performance.now();
  const count = options.count ?? 20_000;
  const tag = options.tag ?? 'H';
  const seed = options.seed ?? 1;
  const { people, levels } = planHierarchy(count, seed);
  const ids = people.map((_, index) => idFor(tag, seed, index));
  const now = new Date();
  const attributes = db.models.Employee.getAttributes() as Record<string, { field?: string }>;
  const toColumns = (row: Partial<EmployeeRow>) =>
    Object.fromEntries(Object.entries(row).map(([name, value]) => [attributes[name]?.field ?? name, value]));
  const table = db.models.Employee.getTableName() as string;
  await db.sequelize.transaction(async (transaction) => {
    for (let start = 0; start < people.length; start += BATCH) {
      const rows = people.slice(start, start + BATCH).map((person, offset): Partial<EmployeeRow> => {
        const index = start + offset;
        const firstName = FIRST[(index * 7) % FIRST.length];
        const lastName = LAST[(index * 11 + Math.floor(index / FIRST.length)) % LAST.length];
        const jobTitle = titleOf(person, levels, index);
        const email = `${firstName}.${lastName}.${tag}${index}@xyz.example`.toLowerCase();
        return {
          id: ids[index],
          employeeNumber: `${tag}${String(index).padStart(7, '0')}`,
          firstName,
          lastName,
          preferredName: null,
          workEmail: email,
          workEmailNormalized: email,
          workPhone: `+44 20 7946 ${String(index % 10_000).padStart(4, '0')}`,
          jobTitle,
          department: person.department,
          managerId: person.managerIndex === null ? null : ids[person.managerIndex],
          officeLocation: person.office,
          skills: '',
          startDate: `20${String(10 + (index % 15)).padStart(2, '0')}-${String(1 + (index % 12)).padStart(2, '0')}-01`,
          bio: null,
          status: 'active',
          role: 'employee',
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
      await db.sequelize.getQueryInterface().bulkInsert(table, rows.map(toColumns), { transaction });
    }
  });
  const middleLevel = Math.floor(levels / 2);
  const middle = Math.max(
    0,
    people.findIndex((person) => person.level === middleLevel && person.reports > 0),
  );
  return {
    ids,
    rootId: ids[0],
    middleId: ids[middle],
    levels,
    durationMs: performance.now() - started,
  };
}

const cliArgs = z.object({
  count: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  seed: z.coerce.number().int().min(0).default(1),
});

async function main() {
  const named = Object.fromEntries(
    process.argv
      .slice(2)
      .map((arg) => /^--(count|seed)=(.*)$/.exec(arg))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1], match[2]]),
  );
  const args = cliArgs.safeParse(named);
  if (!args.success) {
    console.error(
      `seed-hierarchy: ${args.error.issues.map((issue) => `${issue.path[0]}: ${issue.message}`).join('; ')}`,
    );
    process.exit(2);
  }
  const { getEnv } = await import('~/config/env.server');
  const { closeDatabase, openDatabase } = await import('~/db/database.server');
  const { databaseConfigFromEnv } = await import('~/db/connection.server');
  const { migrateDatabase } = await import('~/db/migrate.server');
  const db = openDatabase(databaseConfigFromEnv(getEnv()));
  try {
    await migrateDatabase(db.sequelize);
    const seeded = await seedHierarchy(db, {
      count: args.data.count,
      seed: args.data.seed,
      tag: `H${args.data.seed}-`,
    });
    console.log(
      `seeded ${seeded.ids.length} employees in ${seeded.levels} levels (${db.dialect}) in ${(seeded.durationMs / 1000).toFixed(2)} s; ` +
        `top ${seeded.rootId}, a manager halfway down ${seeded.middleId}`,
    );
  } finally {
    await closeDatabase(db);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
