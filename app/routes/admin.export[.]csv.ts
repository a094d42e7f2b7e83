/**
 * The directory as CSV (active employees, public fields only), streamed page by page through the same
 * keyset query as the directory, so that 100,000 rows never sit in memory at once.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireAdmin } from '~/auth/user-session.server';
import { getWorkEmails, listDirectory } from '~/models/employee-admin-listing.server';
import { getPlatform } from '~/platform.server';
import { csvRow } from './admin/csv';

const COLUMNS = [
  'employeeNumber',
  'firstName',
  'lastName',
  'preferredName',
  'workEmail',
  'workPhone',
  'jobTitle',
  'department',
  'managerEmail',
  'officeLocation',
  'startDate',
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const { db, log } = await getPlatform();
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let done = false;
  let rows = 0;
  const managerEmails = new Map<string, string>();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow([...COLUMNS])));
    },
    async pull(controller) {
      if (done) return;
      try {
        const page = await listDirectory(db, { after: cursor, limit: 100 });
        const missing = [
          ...new Set(
            page.employees
              .map((employee) => employee.managerId)
              .filter((id): id is string => Boolean(id) && !managerEmails.has(id!)),
          ),
        ];
        if (missing.length > 0) {
          for (const [id, workEmail] of await getWorkEmails(db, missing)) managerEmails.set(id, workEmail);
        }
        let chunk = '';
        for (const employee of page.employees) {
          chunk += csvRow([
            employee.employeeNumber,
            employee.firstName,
            employee.lastName,
            employee.preferredName,
            employee.workEmail,
            employee.workPhone,
            employee.jobTitle,
            employee.department,
            employee.managerId ? (managerEmails.get(employee.managerId) ?? '') : '',
            employee.officeLocation,
            employee.startDate,
          ]);
        }
        rows += page.employees.length;
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
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="xyz-directory-${date}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
