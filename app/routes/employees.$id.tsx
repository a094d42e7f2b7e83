import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireActiveUser } from '~/auth/user-session.server';
import { GeneralErrorBoundary } from '~/components/error-page';
import { PhotoStatus } from '~/components/photo-status';
import { ProfileDetails } from '~/components/profile-details';
import { ProfileHeader } from '~/components/profile-header';
import { RoleBadge, StatusBadge } from '~/components/status-badge';
import { useT } from '~/i18n/use-t';
import { getPlatform } from '~/platform.server';
import { loadProfile } from '~/services/profile.server';
import { recordPrivateDetailView } from '~/services/private-detail-views.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.employee.displayName} · XYZ People` : 'Profile · XYZ People' },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireActiveUser(request);
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw new Response('Not found', { status: 404 });
  const platform = await getPlatform();
  const profile = await loadProfile(platform, user, id.data);
  if (!profile) throw new Response('Not found', { status: 404 });
  // A reader handed restricted fields here (HR, say) is a view like any other (the person's own page is not).
  await recordPrivateDetailView(platform.db, {
    viewerId: user.id,
    subjectId: id.data,
    place: 'profile-page',
    fields: profile.restrictedFieldsShown,
  });
  // What the page shows, no more: the form's starting values and manager (/me and HR's page use them) and the view
  // log's field names would be serialised into every profile page for nothing (scripts/bench-fields.ts measures it).
  const { customValues: _formValues, managerForForm: _formManager, restrictedFieldsShown: _logged, ...shown } = profile;
  return shown;
}

export default function EmployeePage() {
  const data = useLoaderData<typeof loader>();
  const { employee } = data;
  const t = useT();
  return (
    <div className="stack">
      <ProfileHeader employee={employee} photoId={data.photoId}>
        {employee.status !== 'active' ? <StatusBadge status={employee.status} /> : null}
        <RoleBadge role={employee.role} />
        {data.isSelf ? <Link to="/me">{t('profilePage.editMine')}</Link> : null}
        {employee.status === 'active' ? (
          <Link to={`/org?person=${employee.id}`}>{t('profilePage.showInOrgChart')}</Link>
        ) : null}
        {data.viewerIsAdmin ? (
          <Link to={`/admin/employees/${employee.id}`}>{t('profilePage.manageInHrAdmin')}</Link>
        ) : null}
      </ProfileHeader>
      {data.isSelf || data.viewerIsAdmin ? <PhotoStatus photo={data.photo} own={data.isSelf} /> : null}
      <ProfileDetails data={data} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
