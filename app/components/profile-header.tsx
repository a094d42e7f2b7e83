/**
 * The head of a profile page (the public profile, my profile, HR's page of an employee): the large photo, the
 * name, the job, and a row of badges and links that each page fills in as its children.
 */
import type { ReactNode } from 'react';
import { useT } from '~/i18n/use-t';
import { Avatar } from './avatar';

export function ProfileHeader({
  employee,
  photoId,
  workEmail,
  children,
}: {
  employee: { id: string; displayName: string; jobTitle: string | null; department: string | null };
  /** The photo shown (the profile loader's photoId), or null for initials. */
  photoId: string | null;
  /** Shown after the department on HR's page only. */
  workEmail?: string;
  /** The badges and links under the name. */
  children: ReactNode;
}) {
  const t = useT();
  return (
    <section className="card profile-head" aria-labelledby="profile-name">
      <Avatar
        employeeId={employee.id}
        photoId={photoId}
        name={employee.displayName}
        size="lg"
        alt={t('profilePage.photoOf', { name: employee.displayName })}
      />
      <div>
        <h1 id="profile-name">{employee.displayName}</h1>
        <p className="muted">
          {employee.jobTitle} · {employee.department}
          {workEmail !== undefined ? <> · {workEmail}</> : null}
        </p>
        <p className="actions">{children}</p>
      </div>
    </section>
  );
}
