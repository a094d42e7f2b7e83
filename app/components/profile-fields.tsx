/** The profile form's fields, shared by /join, /me and the HR edit page. Values and errors come from the action. */
import { Field, TextAreaField } from './field';
import { useT } from '~/i18n/use-t';
import { MAX_SKILLS } from '~/models/employee-fields';
import { ManagerPicker } from './manager-picker';

type Values = Partial<Record<string, string>>;
type Errors = Partial<Record<string, string>>;

export function ProfileFields({
  values = {},
  errors = {},
  workEmailReadOnly = false,
  workEmailHint,
  departments = [],
}: {
  values?: Values;
  errors?: Errors;
  workEmailReadOnly?: boolean;
  /** Why the work email cannot be changed here (shown only when it is read-only). */
  workEmailHint?: string;
  departments?: string[];
}) {
  const t = useT();
  const common = (name: string) => ({ name, defaultValue: values[name] ?? '', error: errors[name] });
  return (
    <>
      <fieldset>
        <legend>{t('profileForm.legend.name')}</legend>
        <div className="form-grid">
          <Field
            {...common('firstName')}
            label={t('profileForm.firstName')}
            autoComplete="given-name"
            required
            maxLength={100}
          />
          <Field
            {...common('lastName')}
            label={t('profileForm.lastName')}
            autoComplete="family-name"
            required
            maxLength={100}
          />
          <Field
            {...common('preferredName')}
            label={t('profileForm.preferredName')}
            hint={t('profileForm.preferredNameHint')}
            autoComplete="nickname"
            maxLength={100}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('profileForm.legend.work')}</legend>
        <div className="form-grid">
          <Field
            {...common('workEmail')}
            type="email"
            label={t('profileForm.workEmail')}
            autoComplete={workEmailReadOnly ? 'off' : 'email'}
            required
            readOnly={workEmailReadOnly}
            hint={workEmailReadOnly ? (workEmailHint ?? t('profileForm.workEmailHrOnly')) : undefined}
            maxLength={254}
          />
          <Field
            {...common('workPhone')}
            type="tel"
            label={t('profileForm.workPhone')}
            autoComplete="tel-extension"
            maxLength={40}
          />
          <Field {...common('jobTitle')} label={t('profileForm.jobTitle')} required maxLength={120} />
          <Field
            {...common('department')}
            label={t('profileForm.department')}
            required
            maxLength={80}
            list="department-options"
          />
          <datalist id="department-options">
            {departments.map((department) => (
              <option key={department} value={department} />
            ))}
          </datalist>
          <ManagerPicker
            defaultValue={values.managerEmail}
            defaultPick={values.managerPick}
            error={errors.managerEmail}
          />
          <Field {...common('officeLocation')} label={t('profileForm.office')} maxLength={120} />
          <Field {...common('startDate')} type="date" label={t('profileForm.startDate')} />
          <Field
            {...common('skills')}
            label={t('profileForm.skills')}
            hint={t('profileForm.skillsHint', { max: MAX_SKILLS })}
            maxLength={500}
            wide
          />
          <TextAreaField
            {...common('bio')}
            label={t('profileForm.bio')}
            hint={t('profileForm.bioHint')}
            maxLength={2000}
            wide
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('profileForm.legend.personal')}</legend>
        <div className="form-grid">
          <Field
            {...common('personalEmail')}
            type="email"
            label={t('profileForm.personalEmail')}
            autoComplete="off"
            maxLength={254}
          />
          <Field
            {...common('personalPhone')}
            type="tel"
            label={t('profileForm.personalPhone')}
            autoComplete="off"
            maxLength={40}
          />
          <Field
            {...common('emergencyContactName')}
            label={t('profileForm.emergencyContactName')}
            autoComplete="off"
            maxLength={200}
          />
          <Field
            {...common('emergencyContactPhone')}
            type="tel"
            label={t('profileForm.emergencyContactPhone')}
            autoComplete="off"
            maxLength={40}
          />
        </div>
      </fieldset>
    </>
  );
}
