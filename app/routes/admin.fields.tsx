/**
 * HR defines profile fields (docs/decisions/023-hr-defined-field-storage.md): add one of any type, change its
 * label, help text, who may see and change it, whether it is required; reorder; retire (hidden, values kept);
 * add and retire choice options. Every form is parsed on the server (app/services/custom-field-admin.server.ts)
 * and answers with its messages beside the fields, as the other HR pages do (docs/decisions/305-pages-and-forms.md).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { Field, FormError, SelectField, TextAreaField } from '~/components/field';
import { GeneralErrorBoundary } from '~/components/error-page';
import {
  CUSTOM_FIELD_TYPE_LABELS,
  CUSTOM_FIELD_TYPES,
  FIELD_EDITOR_LABELS,
  FIELD_EDITORS,
  FIELD_VISIBILITY_LABELS,
  isChoiceType,
  type CustomFieldDefinition,
} from '~/models/custom-fields';
import { FIELD_VISIBILITIES } from '~/models/field-definitions';
import { listCustomFieldDefinitions } from '~/models/custom-field-store.server';
import { getPlatform } from '~/platform.server';
import { runFieldAdminAction } from '~/services/custom-field-admin.server';
import { readFormBody } from '~/utils/form-body.server';

export const meta: MetaFunction = () => [{ title: 'Profile fields · XYZ People' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const platform = await getPlatform();
  // Read from the database, not the cached copy: HR sees what every worker will see on its next request.
  return { fields: await listCustomFieldDefinitions(platform.db) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const platform = await getPlatform();
  return runFieldAdminAction(platform, await readFormBody(request), admin.id);
}

type Values = Partial<Record<string, string>>;
type Errors = Partial<Record<string, string>>;

/** The settings every field has, on the add form and on each field's edit form. */
function SettingsInputs({ prefix, values, errors }: { prefix: string; values: Values; errors: Errors }) {
  const id = (name: string) => `${prefix}-${name}`;
  return (
    <div className="form-grid">
      <Field
        name="label"
        id={id('label')}
        label="Label"
        required
        maxLength={80}
        defaultValue={values.label ?? ''}
        error={errors.label}
      />
      <Field
        name="section"
        id={id('section')}
        label="Section (optional)"
        hint="Fields with the same section are shown together; without one, under “More details”."
        maxLength={80}
        defaultValue={values.section ?? ''}
        error={errors.section}
      />
      <TextAreaField
        name="helpText"
        id={id('helpText')}
        label="Help text (optional)"
        hint="Shown under the field on the profile forms."
        maxLength={300}
        defaultValue={values.helpText ?? ''}
        error={errors.helpText}
        wide
      />
      <SelectField
        name="visibility"
        id={id('visibility')}
        label="Who may see it"
        defaultValue={values.visibility ?? 'everyone'}
        error={errors.visibility}
      >
        {FIELD_VISIBILITIES.map((visibility) => (
          <option key={visibility} value={visibility}>
            {FIELD_VISIBILITY_LABELS[visibility]}
          </option>
        ))}
      </SelectField>
      <SelectField
        name="editableBy"
        id={id('editableBy')}
        label="Who may change it"
        defaultValue={values.editableBy ?? 'person'}
        error={errors.editableBy}
      >
        {FIELD_EDITORS.map((editor) => (
          <option key={editor} value={editor}>
            {FIELD_EDITOR_LABELS[editor]}
          </option>
        ))}
      </SelectField>
      <fieldset className="field field--wide">
        <legend>Options</legend>
        {(
          [
            ['required', 'Required: the profile cannot be saved without it'],
            ['needsApproval', 'Changes by the person wait for HR’s approval (only when the person may change it)'],
            ['searchable', 'Searchable in the directory (only for fields everyone may see)'],
            ['facet', 'A filter in the directory (only for fields everyone may see)'],
          ] as const
        ).map(([name, label]) => (
          <label key={name} className="checkbox">
            <input
              type="checkbox"
              name={name}
              id={id(name)}
              defaultChecked={values[name] === 'on' || values[name] === 'true'}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
    </div>
  );
}

function settingsValues(field: CustomFieldDefinition): Values {
  return {
    label: field.label,
    section: field.section ?? '',
    helpText: field.helpText ?? '',
    visibility: field.visibility,
    editableBy: field.editableBy,
    required: field.required ? 'on' : '',
    needsApproval: field.needsApproval ? 'on' : '',
    searchable: field.searchable ? 'on' : '',
    facet: field.facet ? 'on' : '',
  };
}

export default function AdminFields() {
  const { fields } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const failed = result && !result.ok ? result : null;
  const addFailed = failed?.intent === 'add' ? failed : null;
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Profile fields</h1>
        <p className="muted">
          Fields you add here appear on every profile form and page, each shown only to the readers you choose. Renaming
          a field keeps its values; a retired field is hidden everywhere and its values are kept.
        </p>
      </div>
      {result?.ok ? (
        <p className="alert alert--success" role="status">
          {result.message}
        </p>
      ) : null}
      <FormError
        message={
          failed?.errors.form ??
          // A change to a field no longer listed has no card to show its message beside: shown here instead.
          (failed && failed.intent !== 'add' && !fields.some((field) => field.key === failed.key)
            ? Object.values(failed.errors)[0]
            : null)
        }
      />

      <section aria-labelledby="fields-heading" className="stack">
        <h2 id="fields-heading">{fields.length === 0 ? 'No fields defined yet' : `Fields (${fields.length})`}</h2>
        {fields.map((field, index) => {
          const mine = failed && failed.key === field.key ? failed : null;
          const errors: Errors = mine?.errors ?? {};
          const editValues = mine?.intent === 'edit' ? mine.values : settingsValues(field);
          return (
            <article
              key={field.key}
              className="card stack"
              aria-labelledby={`field-${field.key}-heading`}
              data-testid="custom-field"
              data-field={field.key}
            >
              <h3 id={`field-${field.key}-heading`}>
                {field.label} {field.retired ? <span className="badge badge--inactive">Retired</span> : null}{' '}
                <span className="muted">
                  · {CUSTOM_FIELD_TYPE_LABELS[field.type]} · {FIELD_VISIBILITY_LABELS[field.visibility]} · key{' '}
                  <code>{field.key}</code>
                </span>
              </h3>
              <Form method="post" className="actions" aria-label={`Order and status of ${field.label}`}>
                <input type="hidden" name="key" value={field.key} />
                <button
                  type="submit"
                  name="intent"
                  value="move-up"
                  className="button--secondary"
                  disabled={busy || index === 0}
                >
                  Move up
                </button>
                <button
                  type="submit"
                  name="intent"
                  value="move-down"
                  className="button--secondary"
                  disabled={busy || index === fields.length - 1}
                >
                  Move down
                </button>
                {field.retired ? (
                  <button type="submit" name="intent" value="restore" className="button--secondary" disabled={busy}>
                    Restore
                  </button>
                ) : (
                  <button type="submit" name="intent" value="retire" className="button--danger" disabled={busy}>
                    Retire
                  </button>
                )}
              </Form>
              <details open={mine?.intent === 'edit'}>
                <summary>Edit {field.label}</summary>
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="edit" />
                  <input type="hidden" name="key" value={field.key} />
                  <SettingsInputs
                    prefix={`edit-${field.key}`}
                    values={editValues}
                    errors={mine?.intent === 'edit' ? errors : {}}
                  />
                  <button type="submit" disabled={busy}>
                    Save {field.label}
                  </button>
                </Form>
              </details>
              {isChoiceType(field.type) ? (
                <div className="stack">
                  <h4>Choices</h4>
                  <ul className="plain-list">
                    {field.options.map((option) => (
                      <li key={option.value}>
                        <Form method="post" className="actions">
                          <input type="hidden" name="key" value={field.key} />
                          <input type="hidden" name="option" value={option.value} />
                          <span>
                            {option.label}
                            {option.retired ? (
                              <span className="muted"> (retired: kept by those who chose it)</span>
                            ) : null}
                          </span>
                          {option.retired ? null : (
                            <button
                              type="submit"
                              name="intent"
                              value="retire-option"
                              className="button--secondary"
                              disabled={busy}
                              aria-label={`Retire option ${option.label}`}
                            >
                              Retire
                            </button>
                          )}
                        </Form>
                      </li>
                    ))}
                  </ul>
                  <Form method="post" noValidate className="actions" key={field.options.length}>
                    <input type="hidden" name="intent" value="add-option" />
                    <input type="hidden" name="key" value={field.key} />
                    <Field
                      name="option"
                      id={`option-${field.key}`}
                      label={`New option for ${field.label}`}
                      maxLength={100}
                      error={mine?.intent === 'add-option' || mine?.intent === 'retire-option' ? errors.option : null}
                    />
                    <button type="submit" disabled={busy}>
                      Add option
                    </button>
                  </Form>
                </div>
              ) : null}
            </article>
          );
        })}
      </section>

      <section className="card" aria-labelledby="add-heading">
        <h2 id="add-heading">Add a field</h2>
        {/* Keyed by the field just added, so that the form starts empty again (its inputs are uncontrolled) in the
            same render that says it was added: keyed by the number of fields, it could empty itself a moment after
            the message, under what HR had started typing for the next field. */}
        <Form method="post" noValidate key={result?.ok && result.intent === 'add' ? `added-${result.key}` : 'add'}>
          <input type="hidden" name="intent" value="add" />
          <FormError message={addFailed ? 'Please correct the fields marked below.' : null} />
          <div className="form-grid">
            <Field
              name="key"
              id="add-key"
              label="Key"
              hint="Lower-case letters, digits and underscores, such as t_shirt_size. It never changes, even when the label does."
              required
              maxLength={40}
              defaultValue={addFailed?.values.key ?? ''}
              error={addFailed?.errors.key}
            />
            <SelectField
              name="type"
              id="add-type"
              label="Type"
              defaultValue={addFailed?.values.type ?? 'short-text'}
              error={addFailed?.errors.type}
            >
              {CUSTOM_FIELD_TYPES.map((type) => (
                <option key={type} value={type}>
                  {CUSTOM_FIELD_TYPE_LABELS[type]}
                </option>
              ))}
            </SelectField>
            <TextAreaField
              name="options"
              id="add-options"
              label="Choices (for a list of choices)"
              hint="One per line."
              maxLength={5000}
              defaultValue={addFailed?.values.options ?? ''}
              error={addFailed?.errors.options}
              wide
            />
          </div>
          <SettingsInputs prefix="add" values={addFailed?.values ?? {}} errors={addFailed?.errors ?? {}} />
          <button type="submit" disabled={busy}>
            Add field
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
