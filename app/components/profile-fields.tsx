/** The profile form's fields, shared by /join, /me and the HR edit page. Values and errors come from the action. */
import { Field, TextAreaField } from './field';
import { ManagerPicker } from './manager-picker';

type Values = Partial<Record<string, string>>;
type Errors = Partial<Record<string, string>>;

export function ProfileFields({
  values = {},
  errors = {},
  workEmailReadOnly = false,
  workEmailHint = 'Only HR can change the work email.',
  departments = [],
}: {
  values?: Values;
  errors?: Errors;
  workEmailReadOnly?: boolean;
  /** Why the work email cannot be changed here (shown only when it is read-only). */
  workEmailHint?: string;
  departments?: string[];
}) {
  const common = (name: string) => ({ name, defaultValue: values[name] ?? '', error: errors[name] });
  return (
    <>
      <fieldset>
        <legend>Name</legend>
        <div className="form-grid">
          <Field {...common('firstName')} label="First name" autoComplete="given-name" required maxLength={100} />
          <Field {...common('lastName')} label="Last name" autoComplete="family-name" required maxLength={100} />
          <Field
            {...common('preferredName')}
            label="Preferred name (optional)"
            hint="What colleagues call you, if not your first name."
            autoComplete="nickname"
            maxLength={100}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Work</legend>
        <div className="form-grid">
          <Field
            {...common('workEmail')}
            type="email"
            label="Work email"
            autoComplete={workEmailReadOnly ? 'off' : 'email'}
            required
            readOnly={workEmailReadOnly}
            hint={workEmailReadOnly ? workEmailHint : undefined}
            maxLength={254}
          />
          <Field
            {...common('workPhone')}
            type="tel"
            label="Work phone (optional)"
            autoComplete="tel-extension"
            maxLength={40}
          />
          <Field {...common('jobTitle')} label="Job title" required maxLength={120} />
          <Field {...common('department')} label="Department" required maxLength={80} list="department-options" />
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
          <Field {...common('officeLocation')} label="Office (optional)" maxLength={120} />
          <Field {...common('startDate')} type="date" label="Start date (optional)" />
          <Field
            {...common('skills')}
            label="Skills (optional)"
            hint="Up to 12, separated by commas, e.g. “python, kubernetes, public speaking”. Colleagues can search and filter by them."
            maxLength={500}
            wide
          />
          <TextAreaField
            {...common('bio')}
            label="Short bio (optional)"
            hint="A few lines colleagues will see on your profile."
            maxLength={2000}
            wide
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Personal and emergency (only you and HR can see these)</legend>
        <div className="form-grid">
          <Field
            {...common('personalEmail')}
            type="email"
            label="Personal email (optional)"
            autoComplete="off"
            maxLength={254}
          />
          <Field
            {...common('personalPhone')}
            type="tel"
            label="Personal phone (optional)"
            autoComplete="off"
            maxLength={40}
          />
          <Field
            {...common('emergencyContactName')}
            label="Emergency contact name (optional)"
            autoComplete="off"
            maxLength={200}
          />
          <Field
            {...common('emergencyContactPhone')}
            type="tel"
            label="Emergency contact phone (optional)"
            autoComplete="off"
            maxLength={40}
          />
        </div>
      </fieldset>
    </>
  );
}
