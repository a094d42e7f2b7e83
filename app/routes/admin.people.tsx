import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { requireAdmin } from '~/auth/user-session.server';
import { RoleBadge, StatusBadge } from '~/components/status-badge';
import { listDirectory } from '~/models/employee-admin-listing.server';
import { searchDirectory } from '~/models/directory-search.server';
import { getPlatform } from '~/platform.server';

const querySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(['active', 'pending', 'inactive']).default('active').catch('active'),
  after: z.string().max(600).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { db } = await getPlatform();
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = query.q
    ? await searchDirectory(db, { search: query.q, status: query.status, after: query.after, limit: 50 })
    : await listDirectory(db, { status: query.status, after: query.after, limit: 50 });
  return {
    employees: page.employees.map((employee) => ({
      id: employee.id,
      displayName: employee.displayName,
      workEmail: employee.workEmail,
      jobTitle: employee.jobTitle,
      department: employee.department,
      status: query.status,
      role: employee.role,
    })),
    nextCursor: page.nextCursor,
    query,
  };
}

export default function AdminPeople() {
  const { employees, nextCursor, query } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const next = new URLSearchParams(searchParams);
  if (nextCursor) next.set('after', nextCursor);
  return (
    <div className="stack">
      <h1>All people</h1>
      <Form method="get" className="directory-filters card" role="search" aria-label="Find people">
        <div className="field">
          <label htmlFor="people-q">Search</label>
          <input
            id="people-q"
            type="search"
            name="q"
            defaultValue={query.q ?? ''}
            placeholder="Name, job title or email"
          />
        </div>
        <div className="field">
          <label htmlFor="people-status">Status</label>
          <select id="people-status" name="status" defaultValue={query.status}>
            <option value="active">Active</option>
            <option value="pending">Pending</option>
            <option value="inactive">Inactive</option>
          </select>
        </div>
        <button type="submit">Find</button>
      </Form>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">People with status {query.status}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Title</th>
              <th scope="col">Department</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {employees.map((employee) => (
              <tr key={employee.id}>
                <td>
                  <Link to={`/admin/employees/${employee.id}`}>{employee.displayName}</Link>
                </td>
                <td>{employee.workEmail}</td>
                <td>{employee.jobTitle}</td>
                <td>{employee.department}</td>
                <td>
                  <StatusBadge status={employee.status} /> <RoleBadge role={employee.role} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {employees.length === 0 ? <p className="muted">Nobody matches.</p> : null}
      {nextCursor ? (
        <nav className="pager" aria-label="Pages">
          <span />
          <Link to={`?${next}`} rel="next">
            Next page →
          </Link>
        </nav>
      ) : null}
    </div>
  );
}
