import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { requireAdmin } from '~/auth/user-session.server';
import { RoleBadge, StatusBadge } from '~/components/status-badge';
import { listDirectory } from '~/models/employee-admin-listing.server';
import { searchDirectory } from '~/models/directory-search.server';
import { getPlatform } from '~/platform.server';
import { useT } from '~/i18n/use-t';

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
  const t = useT();
  const [searchParams] = useSearchParams();
  const next = new URLSearchParams(searchParams);
  if (nextCursor) next.set('after', nextCursor);
  return (
    <div className="stack">
      <h1>{t('adminPeople.title')}</h1>
      <Form method="get" className="directory-filters card" role="search" aria-label={t('adminPeople.searchLabel')}>
        <div className="field">
          <label htmlFor="people-q">{t('adminPeople.search')}</label>
          <input
            id="people-q"
            type="search"
            name="q"
            defaultValue={query.q ?? ''}
            placeholder={t('adminPeople.searchPlaceholder')}
          />
        </div>
        <div className="field">
          <label htmlFor="people-status">{t('adminPeople.status')}</label>
          <select id="people-status" name="status" defaultValue={query.status}>
            <option value="active">{t('adminPeople.statusActive')}</option>
            <option value="pending">{t('adminPeople.statusPending')}</option>
            <option value="inactive">{t('adminPeople.statusInactive')}</option>
          </select>
        </div>
        <button type="submit">{t('adminPeople.find')}</button>
      </Form>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('adminPeople.caption', { status: query.status })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('adminPeople.name')}</th>
              <th scope="col">{t('adminPeople.email')}</th>
              <th scope="col">{t('adminPeople.jobTitle')}</th>
              <th scope="col">{t('adminPeople.department')}</th>
              <th scope="col">{t('adminPeople.status')}</th>
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
      {employees.length === 0 ? <p className="muted">{t('adminPeople.empty')}</p> : null}
      {nextCursor ? (
        <nav className="pager" aria-label={t('adminPeople.pages')}>
          <span />
          <Link to={`?${next}`} rel="next">
            {t('adminPeople.nextPage')}
          </Link>
        </nav>
      ) : null}
    </div>
  );
}
