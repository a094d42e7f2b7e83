/**
 * Bench data: N active employees inserted in bulk (not through the photo pipeline: the bench measures page
 * rendering and queries, and photos are separate requests), plus one signed-in bench user. Rows go in as
 * multi-row INSERTs through the query interface, all in one transaction: building a Sequelize instance per row
 * (bulkCreate) made 100,000 take 50-100 s on the shared machine.
 * The derived search columns are computed as app/models/employee.server.ts computes them. With `customFields`,
 * that many fields HR defines (benchCustomFields) are defined through the store, and every employee holds a value
 * for each, as the JSON column holds them (docs/decisions/023-hr-defined-field-storage.md).
 */
import { randomUUID } from 'node:crypto';
import { createCookie } from '@remix-run/node';
import type { Database } from '~/db/database.server';
import { createSession } from '~/models/session-store.server';
import type { EmployeeRow } from '~/db/schema.server';
import { insertCustomFieldDefinition } from '~/models/custom-field-store.server';
import {
  CUSTOM_FIELD_TYPES,
  optionValueOf,
  type CustomFieldDefinition,
  type CustomFieldValue,
} from '~/models/custom-fields';
import type { FieldVisibility } from '~/models/field-definitions';
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
  /** The bench user's own profile (the user the cookie signs in). */
  profileId: string;
  cookie: string;
  /** A colleague of the bench user, with no relation to them: a profile as most readers see one. */
  colleagueId: string;
  /** HR (the first employee, an admin), for the export. */
  adminCookie: string;
}

/**
 * A realistic mix of who sees the fields HR defines: most are for everyone (pronouns, languages, desk), a few for
 * the manager chain and HR, the person and HR, or HR alone (cost centre, clearance).
 */
const VISIBILITY_MIX: FieldVisibility[] = [
  'everyone',
  'everyone',
  'manager-chain-and-hr',
  'everyone',
  'person-and-hr',
  'everyone',
  'hr',
  'everyone',
  'person-and-hr',
  'everyone',
];

const CHOICES = ['Small', 'Medium', 'Large', 'Extra large', 'Welsh', 'Basque', 'French', 'Urdu', 'Tagalog', 'Swahili'];

/** `count` fields: the nine types in turn, the visibilities of VISIBILITY_MIX in turn, five sections. */
export function benchCustomFields(count: number): Array<Omit<CustomFieldDefinition, 'position'>> {
  return Array.from({ length: count }, (_, index) => {
    const type = CUSTOM_FIELD_TYPES[index % CUSTOM_FIELD_TYPES.length];
    const visibility = VISIBILITY_MIX[index % VISIBILITY_MIX.length];
    const choice = type === 'one-choice' || type === 'several-choices';
    const labels = choice ? CHOICES.slice(0, 4 + (index % 6)) : [];
    return {
      key: `bench_${String(index + 1).padStart(2, '0')}_${type.replace('-', '_')}`,
      label: `Bench field ${index + 1} (${type})`,
      helpText: index % 3 === 0 ? `What field ${index + 1} is for, in a sentence.` : null,
      type,
      required: false,
      visibility,
      editableBy: visibility === 'everyone' || visibility === 'person-and-hr' ? 'person' : 'hr',
      searchable: false,
      facet: false,
      needsApproval: false,
      section: `Section ${(index % 5) + 1}`,
      retired: false,
      options: labels.map((label, position) => ({
        value: optionValueOf(label, []),
        label,
        retired: position === labels.length - 1 && labels.length > 5,
      })),
    };
  });
}

/** Employee `index`'s value for `field`, as the JSON column stores it: the typical length for its type. */
function benchValue(field: Omit<CustomFieldDefinition, 'position'>, index: number): CustomFieldValue {
  const option = (offset: number) => field.options[(index + offset) % field.options.length].value;
  switch (field.type) {
    case 'short-text':
      return `Value ${index % 311} of ${field.key.slice(6, 8)}`;
    case 'long-text':
      return `Works mostly in the mornings; prefers written notes to meetings, and answers within a day (${index}).`;
    case 'one-choice':
      return option(0);
    case 'several-choices':
      return [option(0), option(3)].filter((value, position, all) => all.indexOf(value) === position);
    case 'date':
      return `20${String(10 + (index % 15)).padStart(2, '0')}-0${(index % 9) + 1}-1${index % 10}`;
    case 'number':
      return String((index * 37) % 1000);
    case 'url':
      return `https://notes.example/people/${index}`;
    case 'email':
      return `person.${index}@alt.example`;
    case 'phone':
      return `+44 20 7946 ${String(index % 10000).padStart(4, '0')}`;
  }
}

export async function seedBenchData(
  db: Database,
  count: number,
  options: { customFields?: number } = {},
): Promise<BenchData> {
  const now = new Date();
  let profileId = '';
  let colleagueId = '';
  let adminId = '';
  const fields = benchCustomFields(options.customFields ?? 0);
  for (const field of fields) await insertCustomFieldDefinition(db, field);
  const batch = 1000;
  const attributes = db.models.Employee.getAttributes() as Record<string, { field?: string }>;
  const toColumns = (row: Partial<EmployeeRow>) =>
    Object.fromEntries(Object.entries(row).map(([name, value]) => [attributes[name]?.field ?? name, value]));
  // A tree of managers, eight reports each (the first employee at the top): the profile shows a chain and the org
  // chart has levels above and below the bench user, as in a company.
  const ids: string[] = [];
  const transaction = await db.sequelize.transaction();
  for (let start = 0; start < count; start += batch) {
    const rows: Array<Partial<EmployeeRow>> = [];
    for (let index = start; index < Math.min(count, start + batch); index++) {
      const firstName = FIRST[index % FIRST.length];
      // Spread last names so that a name prefix matches a realistic share of people, not all of them.
      const lastName = `${LAST[(index * 7) % LAST.length]}${index % 97 === 0 ? '' : String.fromCharCode(97 + (index % 23))}`;
      const jobTitle = TITLES[(index * 3) % TITLES.length];
      const id = randomUUID();
      ids.push(id);
      if (index === Math.floor(count / 2)) profileId = id;
      if (index === Math.floor(count / 2) + 1) colleagueId = id;
      if (index === 0) adminId = id;
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
        managerId: index === 0 ? null : ids[Math.floor((index - 1) / 8)],
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
        ...nameOrderColumns({ firstName, lastName }),
        givenNameKey: firstName.toLowerCase(),
        jobTitleKey: jobTitle.toLowerCase(),
        statusReason: null,
        customFields:
          fields.length > 0
            ? JSON.stringify(Object.fromEntries(fields.map((field) => [field.key, benchValue(field, index)])))
            : null,
        createdAt: now,
        updatedAt: now,
      });
    }
    await db.sequelize
      .getQueryInterface()
      .bulkInsert(db.models.Employee.getTableName() as string, rows.map(toColumns), { transaction });
  }
  await transaction.commit();
  const cookieOf = async (employeeId: string) =>
    (await createCookie('session', { path: '/' }).serialize(await createSession(db, employeeId))).split(';')[0];
  return {
    profileId,
    cookie: await cookieOf(profileId),
    colleagueId: colleagueId || profileId,
    adminCookie: await cookieOf(adminId),
  };
}
