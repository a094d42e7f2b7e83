import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { NavLink, Outlet } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { GeneralErrorBoundary } from '~/components/error-page';

export const meta: MetaFunction = () => [{ title: 'HR admin · XYZ People' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return null;
}

export default function AdminLayout() {
  return (
    <>
      <nav className="admin-nav" aria-label="HR admin">
        <NavLink to="/admin" end>
          Pending profiles
        </NavLink>
        <NavLink to="/admin/people">All people</NavLink>
        <NavLink to="/admin/notifications">Notifications</NavLink>
        <NavLink to="/admin/import">Import CSV</NavLink>
        <NavLink to="/admin/fields">Profile fields</NavLink>
        <NavLink to="/admin/insights">Insights</NavLink>
        <a href="/admin/export.csv" download>
          Export directory (CSV)
        </a>
      </nav>
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
