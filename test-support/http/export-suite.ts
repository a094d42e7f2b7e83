/**
 * HR's CSV export (/admin/export.csv) with the fields HR defines, on one database engine: the file, read page by
 * page as it streams, is byte for byte the one written here from the seeded people all at once, over several
 * pages (ties on the name split across a page's end), with a manager's email, cells a spreadsheet must not run,
 * quotes, commas and a line break; the HR-only field is a column of HR's export and of nothing anyone else can
 * download; a retired field is no column. Registered by app/routes/admin-export*.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCustomFieldDefinition, updateCustomFieldDefinition } from '~/models/custom-field-store.server';
import type { CustomFieldDefinition } from '~/models/custom-fields';
import type { PrivateEmployee } from '~/models/employee-projection.server';
import { insertEmployee } from '~/models/employee.server';
import { forgetCustomFields } from '~/services/custom-field-cache.server';
import type { TestDialect } from '../databases';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from './app-under-test';
import { createCast, type Cast } from './people';

const field = (
  key: string,
  type: CustomFieldDefinition['type'],
  visibility: CustomFieldDefinition['visibility'],
  options: string[] = [],
): Omit<CustomFieldDefinition, 'position'> => ({
  key,
  label: key,
  helpText: null,
  type,
  required: false,
  visibility,
  editableBy: visibility === 'everyone' || visibility === 'person-and-hr' ? 'person' : 'hr',
  searchable: false,
  facet: false,
  needsApproval: false,
  section: null,
  retired: false,
  options: options.map((label) => ({ value: label.toLowerCase(), label, retired: false })),
});

const FIELDS = [
  field('pronouns', 'short-text', 'everyone'),
  field('clearance', 'short-text', 'hr'),
  field('languages', 'several-choices', 'person-and-hr', ['Welsh', 'Basque', 'French']),
  field('notes', 'long-text', 'manager-chain-and-hr'),
  field('old_desk', 'short-text', 'everyone'),
];

/** More than two of the export's pages (100 people each). */
const EXTRA_PEOPLE = 205;

/** Person `index`'s stored values: awkward for a CSV on purpose. */
function valuesOf(index: number): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {
    clearance: index % 5 === 0 ? '=SUM(A1)' : `Level ${index}`,
    languages: index % 2 === 0 ? ['welsh', 'basque'] : ['french'],
    old_desk: `Desk ${index}`,
  };
  if (index % 3 !== 2) values.pronouns = index % 3 === 0 ? 'she/her' : 'they, "them"';
  if (index % 7 === 0) values.notes = `First line ${index}\nsecond line`;
  return values;
}

/** The cells as the export writes them (app/routes/admin/csv.ts), written out again here on purpose. */
function cell(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?[\d ().\-x]+$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function runExportSuite(dialect: TestDialect): void {
  describe(`HR's CSV export with the fields HR defines (${dialect})`, () => {
    let app: AppUnderTest;
    let cast: Cast;
    const extra: Array<{ employee: PrivateEmployee; values: Record<string, string | string[]> }> = [];

    beforeAll(async () => {
      app = await startAppUnderTest({ dialect });
      cast = await createCast(app);
      const db = app.platform.db;
      for (const definition of FIELDS) await insertCustomFieldDefinition(db, definition);
      await updateCustomFieldDefinition(db, 'old_desk', (definition) => ({ ...definition, retired: true }));
      forgetCustomFields(app.platform);
      for (let start = 0; start < EXTRA_PEOPLE; start += 25) {
        const batch = Array.from({ length: Math.min(25, EXTRA_PEOPLE - start) }, (_, offset) => start + offset);
        extra.push(
          ...(await Promise.all(
            batch.map(async (index) => {
              const employee = await insertEmployee(db, {
                // A third share one name, so the pages' ends fall between people the id alone orders.
                firstName: index % 3 === 0 ? 'Sam' : `Person${String(index).padStart(3, '0')}`,
                lastName: index % 3 === 0 ? 'Lee' : 'Export',
                preferredName: index % 11 === 0 ? 'Pat' : null,
                workEmail: `export.${index}@xyz.example`,
                workPhone: index % 4 === 0 ? '+44 20 7946 0000' : null,
                jobTitle: index % 2 === 0 ? 'Engineer, platform' : 'Analyst',
                department: 'Engineering',
                managerId: index % 4 === 1 ? cast.active.employee.id : null,
                officeLocation: index % 2 === 0 ? 'London' : null,
                startDate: index % 2 === 0 ? '2024-02-29' : null,
                bio: 'Not exported.',
                personalEmail: `export.${index}@home.example`,
                personalPhone: null,
                emergencyContactName: null,
                emergencyContactPhone: null,
                status: 'active',
                role: 'employee',
              });
              const values = valuesOf(index);
              await db.models.Employee.update({ customFields: JSON.stringify(values) }, { where: { id: employee.id } });
              return { employee, values };
            }),
          )),
        );
      }
    }, 120_000);
    afterAll(async () => {
      await app?.close();
    });

    const download = (cookie: string) =>
      app.fetch(new Request(`${APP_ORIGIN}/admin/export.csv`, { headers: { Cookie: cookie } }));

    it('streams, page by page, exactly the file written from all the people at once', async () => {
      const response = await download(cast.admin.cookie);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      // Read as a browser reads it, chunk by chunk: more than one, since the rows go out a page at a time.
      const chunks: Uint8Array[] = [];
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
      expect(chunks.length).toBeGreaterThan(2);
      const text = Buffer.concat(chunks).toString('utf8');

      const labelOf = (value: string) => value[0].toUpperCase() + value.slice(1);
      const people = [
        // The cast's active people (Penny is pending and Dora deactivated: neither is exported), with no values.
        ...[cast.admin, cast.active, cast.colleague].map((person) => ({
          employee: person.employee,
          values: {} as Record<string, string | string[]>,
        })),
        ...extra,
      ];
      const sortName = (employee: PrivateEmployee) => `${employee.lastName} ${employee.firstName}`.toLowerCase();
      people.sort((a, b) =>
        sortName(a.employee) === sortName(b.employee)
          ? a.employee.id < b.employee.id
            ? -1
            : 1
          : sortName(a.employee) < sortName(b.employee)
            ? -1
            : 1,
      );
      const expected =
        'employeeNumber,firstName,lastName,preferredName,workEmail,workPhone,jobTitle,department,managerEmail,' +
        'officeLocation,startDate,custom.pronouns,custom.clearance,custom.languages,custom.notes\r\n' +
        people
          .map(
            ({ employee, values }) =>
              [
                employee.employeeNumber,
                employee.firstName,
                employee.lastName,
                employee.preferredName,
                employee.workEmail,
                employee.workPhone,
                employee.jobTitle,
                employee.department,
                employee.managerId ? cast.active.employee.workEmail : null,
                employee.officeLocation,
                employee.startDate,
                values.pronouns as string | undefined,
                values.clearance as string | undefined,
                values.languages ? (values.languages as string[]).map(labelOf).join(', ') : undefined,
                values.notes as string | undefined,
              ]
                .map(cell)
                .join(',') + '\r\n',
          )
          .join('');
      expect(text.split('\r\n').length).toBe(people.length + 2);
      expect(text).toBe(expected);
    });

    it('carries the HR-only field in HR export alone; a retired field in none', async () => {
      const text = await (await download(cast.admin.cookie)).text();
      const header = text.slice(0, text.indexOf('\r\n'));
      expect(header.split(',')).toContain('custom.clearance');
      expect(text).toContain(`Level ${EXTRA_PEOPLE - 1}`);
      expect(header).not.toContain('old_desk');
      expect(text).not.toContain('Desk 1');
      for (const person of [cast.active, cast.colleague]) {
        const refused = await download(person.cookie);
        expect(refused.status).toBe(403);
        expect(await refused.text()).not.toContain('Level ');
      }
    });
  });
}
