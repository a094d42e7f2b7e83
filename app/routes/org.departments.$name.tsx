/**
 * A department as a chart: its people and who they report to, from its top people down (at most
 * DEPARTMENT_DRAWN_LIMIT cards). A member whose manager is in another department hangs under that manager, drawn
 * dashed and marked "reports to X in Y" (docs/decisions/326-org-chart.md).
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireActiveUser } from '~/auth/user-session.server';
import { GeneralErrorBoundary } from '~/components/error-page';
import { OrgChart } from '~/components/org-chart';
import { getPlatform } from '~/platform.server';
import { cachedDepartments } from '~/services/departments.server';
import { loadDepartmentView } from '~/services/org-chart.server';
import { requestIntl } from '~/services/request-intl.server';
import { useT } from '~/i18n/use-t';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'Department chart · XYZ People' },
];

const departmentSchema = z.string().trim().min(1).max(80);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireActiveUser(request);
  const department = departmentSchema.safeParse(params.name);
  if (!department.success) throw new Response('Not found', { status: 404 });
  const platform = await getPlatform();
  const [view, departments] = await Promise.all([
    loadDepartmentView(platform, department.data),
    cachedDepartments(platform.db),
  ]);
  if (!view) throw new Response('Not found', { status: 404 });
  const intl = await requestIntl(request);
  return {
    title: intl.formatMessage({ id: 'org.department.pageTitle' }, { department: view.department }),
    view,
    departments,
  };
}

export default function DepartmentChartPage() {
  const { view, departments } = useLoaderData<typeof loader>();
  const t = useT();
  const label = t('org.department.label', { department: view.department });
  return (
    <div className="stack">
      <section className="card" aria-labelledby="department-heading">
        <h1 id="department-heading">{view.department}</h1>
        <p className="muted">
          {t('org.department.summary', { count: view.total })}
          {view.drawn < view.total ? ` ${t('org.department.partlyDrawn', { drawn: view.drawn })}` : ''}
        </p>
        <nav aria-label={t('org.department.nav')} className="org-departments">
          <ul className="tags">
            {departments.map((name) => (
              <li key={name}>
                <Link
                  to={`/org/departments/${encodeURIComponent(name)}`}
                  aria-current={name === view.department ? 'page' : undefined}
                >
                  {name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <p className="actions">
          <Link to="/org">{t('org.title')}</Link>
          <a href={`/org/export?format=svg&department=${encodeURIComponent(view.department)}`} download>
            {t('org.export.svg')}
          </a>
          <a href={`/org/export?format=png&department=${encodeURIComponent(view.department)}`} download>
            {t('org.export.png')}
          </a>
        </p>
        {view.cut > 0 ? <p className="muted">{t('org.department.loop')}</p> : null}
      </section>
      <section className="card" aria-label={label}>
        <OrgChart roots={view.roots} label={label} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
