/**
 * The directory as CSV (active employees, public fields only, then the fields HR defines), streamed page by page
 * through the same keyset order as the directory, so that 100,000 rows never sit in memory at once: a page is read
 * when the stream is pulled, and its rows are written as they are formed.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireAdmin } from '~/auth/user-session.server';
import { getWorkEmails, listExportPage } from '~/models/employee-admin-listing.server';
import { PRIVATE_FIELDS, PROFILE_FIELD_NAMES } from '~/models/employee-fields';
import { getPlatform } from '~/platform.server';
import { restrictedFieldKeys } from '~/models/field-definitions';
import { HR_ADMIN, visibleCustomFields, visibleFieldKeys } from '~/services/field-gate.server';
import { customFieldInputName, displayValue, parseStoredValues } from '~/models/custom-fields';
import { recordExportViews } from '~/services/private-detail-views.server';
import { languageOfRequest } from '~/services/request-intl.server';
import { csvRow } from './admin/csv';
import { columnHeading, csvHeaderChoiceSchema } from './admin/csv-header.server';

/**
 * The directory's public fields as the import names them, without the free text (bio) and the tags (skills);
 * the header is what HR's spreadsheets expect (e2e/admin.spec.ts checks it).
 */
type ExportedField = Exclude<(typeof PROFILE_FIELD_NAMES)[number], 'bio' | 'skills' | (typeof PRIVATE_FIELDS)[number]>;
const NOT_EXPORTED: ReadonlySet<string> = new Set(['bio', 'skills', ...PRIVATE_FIELDS]);
const isExported = (name: string): name is ExportedField => !NOT_EXPORTED.has(name);
const COLUMNS = ['employeeNumber' as const, ...PROFILE_FIELD_NAMES.filter(isExported)];
/** The field a column carries: the manager's work email is the manager field, the number is the record's own. */
const fieldOf = (column: (typeof COLUMNS)[number]) => (column === 'managerEmail' ? 'managerId' : column);
/** Rows per read: the page's rows and its CSV are all the export holds at once. */
const PAGE_SIZE = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  // The header row: the machine names unless HR's language is asked for (the menu's link does); the cells are
  // the same either way, data as people typed it and dates as ISO (docs/decisions/339-csv-headers-in-hr-language.md).
  const headerChoice = csvHeaderChoiceSchema.safeParse(new URL(request.url).searchParams.get('header') ?? 'machine');
  if (!headerChoice.success) {
    return new Response(headerChoice.error.issues[0].message, {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  const language = headerChoice.data === 'language' ? await languageOfRequest(request) : null;
  const { db, log, fieldDefinitions, customFields } = await getPlatform();
  // The field gate: a column whose field the reader may not see is left empty (the header stays what HR's
  // spreadsheets expect). The restricted ones among the rest (none with the built-in fields) make the export a
  // view of every exported person's private details (docs/decisions/320-personal-archive-and-view-log.md).
  const visible = new Set<string>(visibleFieldKeys(fieldDefinitions, HR_ADMIN));
  const restricted = new Set<string>(restrictedFieldKeys(fieldDefinitions));
  const shownColumns = COLUMNS.filter((column) => column === 'employeeNumber' || visible.has(fieldOf(column)));
  const shown = new Set<string>(shownColumns);
  // The fields HR defines that HR may see (every one in force), after the built-in columns, headed by their stable
  // key (a label may change); those not every employee may see are restricted as above.
  const custom = visibleCustomFields(customFields, HR_ADMIN);
  const restrictedExported = [
    ...shownColumns.map(fieldOf).filter((field) => restricted.has(field)),
    ...custom.filter((field) => field.visibility !== 'everyone').map((field) => customFieldInputName(field.key)),
  ];
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let done = false;
  let rows = 0;
  const managerEmails = new Map<string, string>();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // In HR's language a field HR defines is headed by the label HR gave it (never translated; the import
      // reads it back while it names one field).
      const header = language
        ? [...COLUMNS.map((column) => columnHeading(column, language)), ...custom.map((field) => field.label)]
        : [...COLUMNS, ...custom.map((field) => customFieldInputName(field.key))];
      controller.enqueue(encoder.encode(csvRow(header)));
    },
    async pull(controller) {
      if (done) return;
      try {
        const page = await listExportPage(db, { after: cursor, limit: PAGE_SIZE });
        const missing = [
          ...new Set(
            page.rows
              .map((employee) => employee.managerId)
              .filter((id): id is string => Boolean(id) && !managerEmails.has(id!)),
          ),
        ];
        if (missing.length > 0) {
          for (const [id, workEmail] of await getWorkEmails(db, missing)) managerEmails.set(id, workEmail);
        }
        let chunk = '';
        for (const employee of page.rows) {
          const values = custom.length > 0 ? parseStoredValues(employee.customFields) : {};
          chunk += csvRow([
            ...COLUMNS.map((column) =>
              !shown.has(column)
                ? ''
                : column === 'managerEmail'
                  ? employee.managerId
                    ? (managerEmails.get(employee.managerId) ?? '')
                    : ''
                  : employee[column],
            ),
            ...custom.map((field) => displayValue(field, values[field.key])),
          ]);
        }
        await recordExportViews(db, {
          viewerId: admin.id,
          subjectIds: page.rows.map((employee) => employee.id),
          fields: restrictedExported,
        });
        rows += page.rows.length;
        controller.enqueue(encoder.encode(chunk));
        cursor = page.nextCursor ?? undefined;
        if (!page.nextCursor) {
          done = true;
          log.info('directory exported', { actorId: admin.id, rows });
          controller.close();
        }
      } catch (error) {
        controller.error(error);
      }
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  const variant = language ? `-${language}` : '';
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="xyz-directory-${date}${variant}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
