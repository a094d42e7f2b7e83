/**
 * The body of a profile: work details, private details, manager and team. A field the field gate kept from this
 * viewer is absent from `data` (app/services/field-gate.server.ts), and its row is left out, not shown empty.
 */
import { Fragment } from 'react';
import { Link } from '@remix-run/react';
import { useViewer } from '~/i18n/document-intl';
import { formatCalendarDate } from '~/i18n/format';
import { useT } from '~/i18n/use-t';
import { ProfileTeamChart } from './profile-team-chart';

export interface ProfileDetailsData {
  employee: {
    id: string;
    displayName: string;
    jobTitle: string;
    employeeNumber: string;
    workEmail: string;
    workPhone?: string | null;
    officeLocation?: string | null;
    startDate?: string | null;
    bio?: string | null;
    skills?: string[];
    preferredName: string | null;
    firstName: string;
    lastName: string;
  };
  privateFields: {
    personalEmail?: string | null;
    personalPhone?: string | null;
    emergencyContactName?: string | null;
    emergencyContactPhone?: string | null;
    statusReason: string | null;
  } | null;
  manager: { id: string; displayName: string; jobTitle: string } | null;
  reports: Array<{ id: string; displayName: string; jobTitle: string }>;
  /** The fields HR defines that this viewer may see and that hold a value (app/services/profile.server.ts). */
  customFields?: Array<{
    key: string;
    label: string;
    section: string | null;
    value: string;
    long: boolean;
    link: string | null;
  }>;
  extras: {
    pronouns: string | null;
    timeZone: string | null;
    skills: string[];
    links: Array<{ label: string; url: string }>;
  } | null;
}

function Row({ label, value }: { label: string; value: string | null | undefined }) {
  const t = useT();
  if (value === undefined) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{value || <span className="muted">{t('profilePage.notGiven')}</span>}</dd>
    </>
  );
}

/**
 * The fields HR defines, one card per section HR named (those without a section under "More details"). HR types
 * the labels and section names in one language: they are shown as typed, never put through a catalogue.
 */
function CustomFieldSections({ fields }: { fields: NonNullable<ProfileDetailsData['customFields']> }) {
  const t = useT();
  const sections = new Map<string, typeof fields>();
  for (const field of fields) {
    const name = field.section ?? t('profilePage.moreDetails');
    sections.set(name, [...(sections.get(name) ?? []), field]);
  }
  return (
    <>
      {[...sections].map(([name, inSection], index) => (
        <section key={name} className="card" aria-labelledby={`custom-section-${index}`} data-testid="custom-fields">
          <h2 id={`custom-section-${index}`}>{name}</h2>
          <dl className="details">
            {inSection.map((field) => (
              <Fragment key={field.key}>
                <dt>{field.label}</dt>
                <dd className={field.long ? 'bio' : undefined} data-field={field.key}>
                  {field.link ? (
                    <a href={field.link} rel="noopener noreferrer nofollow">
                      {field.value}
                    </a>
                  ) : (
                    field.value
                  )}
                </dd>
              </Fragment>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}

export function ProfileDetails({ data }: { data: ProfileDetailsData }) {
  const t = useT();
  const { locale } = useViewer();
  const { employee, privateFields, extras } = data;
  // The profile's skills; older ones typed in the profile extras show until the profile is saved again.
  const skills =
    employee.skills === undefined ? [] : employee.skills.length > 0 ? employee.skills : (extras?.skills ?? []);
  return (
    <div className="columns">
      <div className="stack">
        <section className="card" aria-labelledby="work-heading">
          <h2 id="work-heading">{t('profilePage.work')}</h2>
          <dl className="details">
            <dt>{t('profilePage.workEmail')}</dt>
            <dd>
              <a href={`mailto:${employee.workEmail}`}>{employee.workEmail}</a>
            </dd>
            <Row label={t('profilePage.workPhone')} value={employee.workPhone} />
            <Row label={t('profilePage.office')} value={employee.officeLocation} />
            {/* A calendar date: the same day for every viewer, written as their language writes dates. */}
            <Row
              label={t('profilePage.startDate')}
              value={employee.startDate ? formatCalendarDate(employee.startDate, locale) : employee.startDate}
            />
            <Row label={t('profilePage.employeeNumber')} value={employee.employeeNumber} />
            {extras?.pronouns ? <Row label={t('profilePage.pronouns')} value={extras.pronouns} /> : null}
            {extras?.timeZone ? <Row label={t('profilePage.timeZone')} value={extras.timeZone} /> : null}
          </dl>
        </section>
        {employee.bio ? (
          <section className="card" aria-labelledby="bio-heading">
            <h2 id="bio-heading">{t('profilePage.about')}</h2>
            <p className="bio">{employee.bio}</p>
          </section>
        ) : null}
        {skills.length > 0 || (extras && extras.links.length > 0) ? (
          <section className="card" aria-labelledby="extras-heading">
            <h2 id="extras-heading">{t('profilePage.skillsAndLinks')}</h2>
            {skills.length > 0 ? (
              <ul className="tags" aria-label={t('profilePage.skills')}>
                {skills.map((skill) => (
                  <li key={skill}>{skill}</li>
                ))}
              </ul>
            ) : null}
            <ul className="plain-list">
              {(extras?.links ?? []).map((link) => (
                <li key={link.url}>
                  <a href={link.url} rel="noopener noreferrer nofollow">
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {privateFields ? (
          <section className="card" aria-labelledby="private-heading" data-testid="private-fields">
            <h2 id="private-heading">{t('profilePage.private.heading')}</h2>
            <p className="muted">{t('profilePage.private.whoSees')}</p>
            <dl className="details">
              <Row label={t('profilePage.personalEmail')} value={privateFields.personalEmail} />
              <Row label={t('profilePage.personalPhone')} value={privateFields.personalPhone} />
              <Row label={t('profilePage.emergencyContact')} value={privateFields.emergencyContactName} />
              <Row label={t('profilePage.emergencyPhone')} value={privateFields.emergencyContactPhone} />
              {privateFields.statusReason ? (
                <Row label={t('profilePage.noteFromHr')} value={privateFields.statusReason} />
              ) : null}
            </dl>
          </section>
        ) : null}
        <CustomFieldSections fields={data.customFields ?? []} />
      </div>
      <div className="stack">
        <section className="card org-team-chart" aria-labelledby="team-chart-heading">
          <h2 id="team-chart-heading">{t('profilePage.inOrganisation')}</h2>
          <ProfileTeamChart person={employee} manager={data.manager} reports={data.reports} />
          <section aria-labelledby="manager-heading">
            <h3 id="manager-heading">{t('profilePage.manager')}</h3>
            {data.manager ? (
              <p>
                <Link to={`/employees/${data.manager.id}`}>{data.manager.displayName}</Link>
                <br />
                <span className="muted">{data.manager.jobTitle}</span>
              </p>
            ) : (
              <p className="muted">{t('profilePage.noManager')}</p>
            )}
          </section>
          <section aria-labelledby="reports-heading">
            <h3 id="reports-heading">{t('profilePage.directReports')}</h3>
            {data.reports.length > 0 ? (
              <ul className="plain-list">
                {data.reports.map((report) => (
                  <li key={report.id}>
                    <Link to={`/employees/${report.id}`}>{report.displayName}</Link>{' '}
                    <span className="muted">· {report.jobTitle}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('profilePage.noReports')}</p>
            )}
          </section>
        </section>
      </div>
    </div>
  );
}
