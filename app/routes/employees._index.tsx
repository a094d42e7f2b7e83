import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { requireActiveUser } from '~/auth/user-session.server';
import { Avatar } from '~/components/avatar';
import { getPlatform } from '~/platform.server';
import { cachedDepartments } from '~/services/departments.server';
import { countDirectory, searchDirectory, type DirectoryCount } from '~/models/directory-search.server';
import { countPhrase, formatCount } from '~/utils/plural';

export const meta: MetaFunction = () => [{ title: 'Directory · XYZ People' }];

const PAGE_SIZE = 24;

const querySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  department: z.string().trim().max(80).optional().catch(undefined),
  // Cursors are opaque: one that is too long, or that the model cannot decode, is ignored (the first page).
  after: z.string().max(600).optional().catch(undefined),
  before: z.string().max(600).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActiveUser(request);
  const { db } = await getPlatform();
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const filter = { search: query.q || undefined, department: query.department || undefined };
  const [page, total, departments] = await Promise.all([
    searchDirectory(db, { ...filter, after: query.after, before: query.before, limit: PAGE_SIZE }),
    countDirectory(db, filter),
    cachedDepartments(db),
  ]);
  return {
    employees: page.employees.map((employee) => ({
      id: employee.id,
      displayName: employee.displayName,
      jobTitle: employee.jobTitle,
      department: employee.department,
      officeLocation: employee.officeLocation,
      photoId: employee.photoId,
    })),
    nextCursor: page.nextCursor,
    previousCursor: page.previousCursor,
    total,
    departments,
    q: query.q ?? '',
    department: query.department ?? '',
  };
}

/** "Showing 24 of 1,234 people.", "Showing 1 matching person.", "Showing 24 of more than 1,000 matching people." */
function summary(shown: number, total: DirectoryCount, filtered: boolean): string {
  const forms = filtered ? { one: 'matching person', other: 'matching people' } : { one: 'person', other: 'people' };
  if (total.more) return `Showing ${formatCount(shown)} of more than ${countPhrase(total.count, forms)}.`;
  // The count is read beside the page, so someone joining in between can make it lag: never show "5 of 4".
  if (shown >= total.count) return `Showing ${countPhrase(shown, forms)}.`;
  return `Showing ${formatCount(shown)} of ${countPhrase(total.count, forms)}.`;
}

/** The current URL's search and filter with one cursor in place of any other. */
function pageLink(searchParams: URLSearchParams, cursor: { after?: string | null; before?: string | null }): string {
  const params = new URLSearchParams(searchParams);
  params.delete('after');
  params.delete('before');
  if (cursor.after) params.set('after', cursor.after);
  if (cursor.before) params.set('before', cursor.before);
  return `?${params}`;
}

export default function DirectoryPage() {
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const filtered = Boolean(data.q || data.department);
  return (
    <>
      <div className="page-head">
        <h1>Directory</h1>
      </div>
      <Form method="get" className="directory-filters card" role="search" aria-label="Search the directory">
        <div className="field">
          <label htmlFor="directory-q">Search</label>
          <input
            id="directory-q"
            type="search"
            name="q"
            defaultValue={data.q}
            placeholder="Name, job title or email"
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor="directory-department">Department</label>
          <select id="directory-department" name="department" defaultValue={data.department}>
            <option value="">All departments</option>
            {data.departments.map((department) => (
              <option key={department} value={department}>
                {department}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Search</button>
      </Form>
      <p className="muted" aria-live="polite">
        {navigation.state === 'loading'
          ? 'Loading…'
          : data.employees.length === 0
            ? filtered
              ? 'Nobody matches that search.'
              : 'Nobody here yet.'
            : summary(data.employees.length, data.total, filtered)}
      </p>
      <ul className="people" aria-label="People">
        {data.employees.map((employee) => (
          <li key={employee.id} className="person">
            <Avatar employeeId={employee.id} photoId={employee.photoId} name={employee.displayName} alt="" />
            <div className="person__text">
              <Link className="person__name" to={`/employees/${employee.id}`}>
                {employee.displayName}
              </Link>
              <span className="person__meta">
                {employee.jobTitle} · {employee.department}
                {employee.officeLocation ? ` · ${employee.officeLocation}` : ''}
              </span>
            </div>
          </li>
        ))}
      </ul>
      {data.previousCursor || data.nextCursor ? (
        <nav className="pager" aria-label="Pages">
          <span className="pager__back">
            {data.previousCursor ? (
              <>
                <Link to={pageLink(searchParams, {})}>« First page</Link>
                <Link to={pageLink(searchParams, { before: data.previousCursor })} rel="prev">
                  ← Previous page
                </Link>
              </>
            ) : null}
          </span>
          {data.nextCursor ? (
            <Link to={pageLink(searchParams, { after: data.nextCursor })} rel="next">
              Next page →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
