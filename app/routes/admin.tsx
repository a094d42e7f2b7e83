import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { GeneralErrorBoundary } from '~/components/error-page';
import { countPendingChanges } from '~/models/field-change-requests.server';
import { useViewer } from '~/i18n/document-intl';
import { formatNumber } from '~/i18n/format';
import { useT } from '~/i18n/use-t';
import { getPlatform } from '~/platform.server';
import { requestIntl } from '~/services/request-intl.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'HR admin · XYZ People' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const intl = await requestIntl(request);
  // One count for the menu: changes people asked for that wait for HR (docs/decisions/323-field-change-approval.md).
  return {
    title: intl.formatMessage({ id: 'adminNav.pageTitle' }),
    waitingChanges: await countPendingChanges((await getPlatform()).db),
  };
}

export default function AdminLayout() {
  const { waitingChanges } = useLoaderData<typeof loader>();
  const t = useT();
  const { locale } = useViewer();
  return (
    <>
      <nav className="admin-nav" aria-label={t('adminNav.label')} data-testid="admin-nav">
        <NavLink to="/admin" end>
          {t('adminNav.pending')}
        </NavLink>
        <NavLink to="/admin/people">{t('adminNav.people')}</NavLink>
        <NavLink to="/admin/notifications">{t('adminNav.notifications')}</NavLink>
        <NavLink to="/admin/import">{t('adminNav.import')}</NavLink>
        <NavLink to="/admin/fields">{t('adminNav.fields')}</NavLink>
        <NavLink to="/admin/field-changes">
          {t('adminNav.fieldChanges')}
          {waitingChanges > 0 ? ` (${formatNumber(waitingChanges, locale)})` : ''}
        </NavLink>
        <NavLink to="/admin/org-health">{t('adminNav.orgHealth')}</NavLink>
        <NavLink to="/admin/insights">{t('adminNav.insights')}</NavLink>
        <NavLink to="/admin/scim">{t('adminNav.scim')}</NavLink>
        <NavLink to="/admin/webhooks">{t('adminNav.webhooks')}</NavLink>
        {/* HR's language heads the columns; the import page offers the machine header, the one scripts read
            (docs/decisions/339-csv-headers-in-hr-language.md). */}
        <a href="/admin/export.csv?header=language" download data-testid="export-csv">
          {t('adminNav.export')}
        </a>
      </nav>
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
