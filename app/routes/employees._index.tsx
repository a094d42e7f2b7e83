import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { requireActiveUser } from '~/auth/user-session.server';
import { Avatar } from '~/components/avatar';
import { getPlatform } from '~/platform.server';
import { cachedDepartments } from '~/services/departments.server';
import { searchDirectory } from '~/models/directory-search.server';

export const meta: MetaFunction = () => [{ title: 'Directory · XYZ People' }];

const PAGE_SIZE = 24;

const querySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  department: z.string().trim().max(80).optional().catch(undefined),
  after: z.string().max(600).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActiveUser(request);
  const { db } = await getPlatform();
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [page, departments] = await Promise.all([
    searchDirectory(db, {
      search: query.q || undefined,
      department: query.department || undefined,
      after: query.after,
      limit: PAGE_SIZE,
    }),
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
    departments,
    q: query.q ?? '',
    department: query.department ?? '',
    paged: Boolean(query.after),
  };
}

export default function DirectoryPage() {
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const nextParams = new URLSearchParams(searchParams);
  if (data.nextCursor) nextParams.set('after', data.nextCursor);
  const firstParams = new URLSearchParams(searchParams);
  firstParams.delete('after');
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
            : filtered
              ? `Showing ${data.employees.length}${data.nextCursor ? '+' : ''} matching people.`
              : null}
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
      <nav className="pager" aria-label="Pages">
        {data.paged ? <Link to={`?${firstParams}`}>← First page</Link> : <span />}
        {data.nextCursor ? (
          <Link to={`?${nextParams}`} rel="next">
            Next page →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
