import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { GeneralErrorBoundary } from '~/components/error-page';
import { countPendingChanges } from '~/models/field-change-requests.server';
import { getPlatform } from '~/platform.server';

export const meta: MetaFunction = () => [{ title: 'HR admin · XYZ People' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  // One count for the menu: changes people asked for that wait for HR (docs/decisions/323-field-change-approval.md).
  return { waitingChanges: await countPendingChanges((await getPlatform()).db) };
}

export default function AdminLayout() {
  const { waitingChanges } = useLoaderData<typeof loader>();
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
        <NavLink to="/admin/field-changes">
          Changes to approve{waitingChanges > 0 ? ` (${waitingChanges})` : ''}
        </NavLink>
        <NavLink to="/admin/org-health">Reporting lines</NavLink>
        <NavLink to="/admin/insights">Insights</NavLink>
        <NavLink to="/admin/scim">Provisioning (SCIM)</NavLink>
        <NavLink to="/admin/webhooks">Webhooks</NavLink>
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
