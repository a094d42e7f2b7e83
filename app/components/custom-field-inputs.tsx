/**
 * The fields HR defines, as inputs on a profile form (/me and HR's employee page), with the look of the built-in
 * fields (app/components/field.tsx): one fieldset per section HR named, each input typed by the field's type,
 * its help text as the hint and its error beside it. Values and errors come from the action.
 */
import { Field, SelectField, TextAreaField } from './field';
import {
  customFieldInputName,
  MAX_CUSTOM_LONG_TEXT,
  MAX_CUSTOM_TEXT,
  type CustomFieldDefinition,
} from '~/models/custom-fields';
import { useT } from '~/i18n/use-t';

type Values = Partial<Record<string, string | string[]>>;
type Errors = Partial<Record<string, string>>;

export function CustomFieldInputs({
  fields,
  values = {},
  errors = {},
  waiting = {},
}: {
  fields: CustomFieldDefinition[];
  /** By input name (customFieldInputName). */
  values?: Values;
  errors?: Errors;
  /** The value a change waiting for HR's approval asks for, as shown, by input name (/me). */
  waiting?: Partial<Record<string, string>>;
}) {
  const t = useT();
  if (fields.length === 0) return null;
  const sections = new Map<string, CustomFieldDefinition[]>();
  for (const field of fields) {
    const name = field.section ?? t('profileForm.custom.moreDetails');
    sections.set(name, [...(sections.get(name) ?? []), field]);
  }
  return (
    <>
      {[...sections].map(([section, inSection]) => (
        <fieldset key={section} data-testid="custom-field-inputs">
          <legend>{section}</legend>
          <div className="form-grid">
            {inSection.map((field) => (
              <CustomFieldInput
                key={field.key}
                field={field}
                value={values[customFieldInputName(field.key)]}
                error={errors[customFieldInputName(field.key)]}
                waiting={waiting[customFieldInputName(field.key)]}
              />
            ))}
          </div>
        </fieldset>
      ))}
    </>
  );
}

function CustomFieldInput({
  field,
  value,
  error,
  waiting,
}: {
  field: CustomFieldDefinition;
  value: string | string[] | undefined;
  error: string | undefined;
  waiting?: string;
}) {
  const t = useT();
  const name = customFieldInputName(field.key);
  const text = typeof value === 'string' ? value : '';
  // The label is HR's words (not translated); only "(optional)" is the page's language.
  const label = field.required ? field.label : t('profileForm.custom.optional', { label: field.label });
  const common = {
    name,
    id: `field-custom-${field.key}`,
    label,
    // The change waiting for HR is told in the hint, so the input's description carries it too.
    hint:
      waiting !== undefined ? (
        <>
          {field.helpText ? <>{field.helpText} </> : null}
          <strong data-testid={`waiting-${field.key}`}>{t('profileForm.custom.waiting', { value: waiting })}</strong>
        </>
      ) : (
        (field.helpText ?? undefined)
      ),
    error,
    required: field.required,
  };
  // A retired option is not offered, unless this person holds it already (kept, and shown as held).
  const held = Array.isArray(value) ? value : text ? [text] : [];
  const options = field.options.filter((option) => !option.retired || held.includes(option.value));
  switch (field.type) {
    case 'long-text':
      return <TextAreaField {...common} defaultValue={text} maxLength={MAX_CUSTOM_LONG_TEXT} wide />;
    case 'date':
      return <Field {...common} type="date" defaultValue={text} />;
    case 'number':
      return <Field {...common} type="text" inputMode="decimal" defaultValue={text} maxLength={30} />;
    case 'url':
      return <Field {...common} type="url" defaultValue={text} maxLength={500} />;
    case 'email':
      return <Field {...common} type="email" defaultValue={text} maxLength={254} autoComplete="off" />;
    case 'phone':
      return <Field {...common} type="tel" defaultValue={text} maxLength={40} autoComplete="off" />;
    case 'one-choice':
      return (
        <SelectField {...common} defaultValue={text}>
          <option value="">{field.required ? t('profileForm.custom.choose') : t('profileForm.custom.notGiven')}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
      );
    case 'several-choices': {
      const id = common.id;
      const describedBy = [common.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
      return (
        <fieldset
          className="field field--wide"
          id={id}
          aria-describedby={describedBy || undefined}
          aria-invalid={error ? true : undefined}
        >
          <legend>{label}</legend>
          {common.hint ? (
            <span className="field__hint" id={`${id}-hint`}>
              {common.hint}
            </span>
          ) : null}
          {options.map((option) => (
            <label key={option.value} className="checkbox">
              <input type="checkbox" name={name} value={option.value} defaultChecked={held.includes(option.value)} />{' '}
              {option.label}
            </label>
          ))}
          {error ? (
            <span className="field__error" id={`${id}-error`} role="alert">
              {error}
            </span>
          ) : null}
        </fieldset>
      );
    }
    case 'short-text':
      return <Field {...common} defaultValue={text} maxLength={MAX_CUSTOM_TEXT} />;
  }
}
