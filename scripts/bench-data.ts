/**
 * Bench data: N active employees inserted in bulk (not through the photo pipeline: the bench measures page
 * rendering and queries, and photos are separate requests), plus one signed-in bench user. Rows go in as
 * multi-row INSERTs through the query interface, all in one transaction: building a Sequelize instance per row
 * (bulkCreate) made 100,000 take 50-100 s on the shared machine.
 * The derived search columns are computed as app/models/employee.server.ts computes them.
 */
import { randomUUID } from 'node:crypto';
import { createCookie } from '@remix-run/node';
import type { Database } from '~/db/database.server';
import { createSession } from '~/models/session-store.server';
import type { EmployeeRow } from '~/db/schema.server';

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
];
const DEPARTMENTS = ['Engineering', 'People', 'Finance', 'Sales', 'Marketing', 'Operations', 'Legal', 'Support'];
const TITLES = [
  'Software Engineer',
  'Analyst',
  'Manager',
  'Designer',
  'Account Executive',
  'Specialist',
  'Coordinator',
  'Director',
];

const OFFICES = ['London', 'Berlin', 'New York', 'Lisbon', 'Singapore', 'Remote'];
const SKILLS = ['python', 'excel', 'sql', 'negotiation', 'figma', 'kubernetes', 'german', 'recruiting', 'aws', 'seo'];

export interface BenchData {
  profileId: string;
  cookie: string;
}

export async function seedBenchData(db: Database, count: number): Promise<BenchData> {
  const now = new Date();
  let profileId = '';
  const batch = 1000;
  const attributes = db.models.Employee.getAttributes() as Record<string, { field?: string }>;
  const toColumns = (row: Partial<EmployeeRow>) =>
    Object.fromEntries(Object.entries(row).map(([name, value]) => [attributes[name]?.field ?? name, value]));
  const transaction = await db.sequelize.transaction();
  for (let start = 0; start < count; start += batch) {
    const rows: Array<Partial<EmployeeRow>> = [];
    for (let index = start; index < Math.min(count, start + batch); index++) {
      const firstName = FIRST[index % FIRST.length];
      // Spread last names so that a name prefix matches a realistic share of people, not all of them.
      const lastName = `${LAST[(index * 7) % LAST.length]}${index % 97 === 0 ? '' : String.fromCharCode(97 + (index % 23))}`;
      const jobTitle = TITLES[(index * 3) % TITLES.length];
      const id = randomUUID();
      if (index === Math.floor(count / 2)) profileId = id;
      rows.push({
        id,
        employeeNumber: `B${String(index).padStart(7, '0')}`,
        firstName,
        lastName,
        preferredName: null,
        workEmail: `${firstName}.${lastName}.${index}@xyz.example`.toLowerCase(),
        workEmailNormalized: `${firstName}.${lastName}.${index}@xyz.example`.toLowerCase(),
        workPhone: `+44 20 7946 ${String(index % 10000).padStart(4, '0')}`,
        jobTitle,
        department: DEPARTMENTS[index % DEPARTMENTS.length],
        managerId: null,
        officeLocation: OFFICES[index % OFFICES.length],
        skills: [SKILLS[index % SKILLS.length], SKILLS[(index * 7 + 3) % SKILLS.length]].join(','),
        startDate: '2024-01-01',
        bio: 'A colleague at XYZ Company, here to make the bench realistic with a short bio of a few words.',
        status: 'active' as const,
        role: index === 0 ? ('admin' as const) : ('employee' as const),
        personalEmail: null,
        personalPhone: null,
        emergencyContactName: null,
        emergencyContactPhone: null,
        photoId: null,
        pendingPhotoId: null,
        sortName: `${lastName} ${firstName}`.toLowerCase(),
        givenNameKey: firstName.toLowerCase(),
        jobTitleKey: jobTitle.toLowerCase(),
        statusReason: null,
        createdAt: now,
        updatedAt: now,
      });
    }
    await db.sequelize
      .getQueryInterface()
      .bulkInsert(db.models.Employee.getTableName() as string, rows.map(toColumns), { transaction });
  }
  await transaction.commit();
  const token = await createSession(db, profileId);
  const header = await createCookie('session', { path: '/' }).serialize(token);
  return { profileId, cookie: header.split(';')[0] };
}
