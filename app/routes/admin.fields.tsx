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
  CUSTOM_FIELD_TYPES,
  FIELD_EDITORS,
  isChoiceType,
  type CustomFieldDefinition,
  type CustomFieldType,
  type FieldEditor,
} from '~/models/custom-fields';
import type { FieldVisibility } from '~/models/field-definitions';
import { FIELD_VISIBILITIES } from '~/models/field-definitions';
import { useT } from '~/i18n/use-t';
import { requestIntl } from '~/services/request-intl.server';
import { listCustomFieldDefinitions } from '~/models/custom-field-store.server';
import { getPlatform } from '~/platform.server';
import { runFieldAdminAction } from '~/services/custom-field-admin.server';
import { readFormBody } from '~/utils/form-body.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'Profile fields · XYZ People' },
];

/** The types, readers and editors as the catalogue names them (app/models/custom-fields.ts keeps the English). */
const TYPE_WORDS: Record<CustomFieldType, string> = {
  'short-text': 'adminFields.type.shortText',
  'long-text': 'adminFields.type.longText',
  'one-choice': 'adminFields.type.oneChoice',
  'several-choices': 'adminFields.type.severalChoices',
  date: 'adminFields.type.date',
  number: 'adminFields.type.number',
  url: 'adminFields.type.url',
  email: 'adminFields.type.email',
  phone: 'adminFields.type.phone',
};
const VISIBILITY_WORDS: Record<FieldVisibility, string> = {
  everyone: 'adminFields.visibility.everyone',
  'manager-chain-and-hr': 'adminFields.visibility.managerChainAndHr',
  'person-and-hr': 'adminFields.visibility.personAndHr',
  hr: 'adminFields.visibility.hr',
};
const EDITOR_WORDS: Record<FieldEditor, string> = {
  person: 'adminFields.editor.person',
  hr: 'adminFields.editor.hr',
};

/**
 * The service's messages (app/services/custom-field-admin.server.ts) as the catalogue's ids: the fixed ones, and
 * those that name a field or an option by the label HR typed (which stays as typed). A message not listed (a
 * label's own check) is shown as the service words it.
 */
const MESSAGE_WORDS: Record<string, string> = {
  'Order saved.': 'adminFields.message.orderSaved',
  'Option retired: no longer offered; those who chose it keep it.': 'adminFields.message.optionRetired',
  'This field no longer exists. Reload the page.': 'adminFields.error.fieldGone',
  'That field cannot move further.': 'adminFields.error.cannotMove',
  'Enter the option': 'adminFields.error.optionMissing',
  'Only a field with a list of choices has options.': 'adminFields.error.notAChoiceField',
  'This option is in the list already.': 'adminFields.error.optionExists',
  'This option no longer exists. Reload the page.': 'adminFields.error.optionGone',
};
const LABELLED_MESSAGES: Array<[RegExp, string]> = [
  [/^Field “(.*)” added\.$/s, 'adminFields.message.added'],
  [/^Field “(.*)” saved\.$/s, 'adminFields.message.saved'],
  [/^Field “(.*)” retired: it is hidden everywhere, and its values are kept\.$/s, 'adminFields.message.retired'],
  [/^Field “(.*)” restored\.$/s, 'adminFields.message.restored'],
  [/^Option “(.*)” added\.$/s, 'adminFields.message.optionAdded'],
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const platform = await getPlatform();
  const intl = await requestIntl(request);
  // Read from the database, not the cached copy: HR sees what every worker will see on its next request.
  return {
    title: intl.formatMessage({ id: 'adminFields.pageTitle' }),
    fields: await listCustomFieldDefinitions(platform.db),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const platform = await getPlatform();
  const result = await runFieldAdminAction(platform, await readFormBody(request), admin.id);
  const intl = await requestIntl(request);
  const word = (message: string): string => {
    for (const [pattern, id] of LABELLED_MESSAGES) {
      const labelled = pattern.exec(message);
      if (labelled) return intl.formatMessage({ id }, { label: labelled[1] });
    }
    return Object.hasOwn(MESSAGE_WORDS, message) ? intl.formatMessage({ id: MESSAGE_WORDS[message] }) : message;
  };
  if (result.ok) return { ...result, message: word(result.message) };
  return {
    ...result,
    errors: Object.fromEntries(Object.entries(result.errors).map(([name, message]) => [name, word(message)])),
  };
}

type Values = Partial<Record<string, string>>;
type Errors = Partial<Record<string, string>>;

/** The settings every field has, on the add form and on each field's edit form. */
function SettingsInputs({ prefix, values, errors }: { prefix: string; values: Values; errors: Errors }) {
  const id = (name: string) => `${prefix}-${name}`;
  const t = useT();
  return (
    <div className="form-grid">
      <Field
        name="label"
        id={id('label')}
        label={t('adminFields.settings.label')}
        required
        maxLength={80}
        defaultValue={values.label ?? ''}
        error={errors.label}
      />
      <Field
        name="section"
        id={id('section')}
        label={t('adminFields.settings.section')}
        hint={t('adminFields.settings.sectionHint')}
        maxLength={80}
        defaultValue={values.section ?? ''}
        error={errors.section}
      />
      <TextAreaField
        name="helpText"
        id={id('helpText')}
        label={t('adminFields.settings.helpText')}
        hint={t('adminFields.settings.helpTextHint')}
        maxLength={300}
        defaultValue={values.helpText ?? ''}
        error={errors.helpText}
        wide
      />
      <SelectField
        name="visibility"
        id={id('visibility')}
        label={t('adminFields.settings.visibility')}
        defaultValue={values.visibility ?? 'everyone'}
        error={errors.visibility}
      >
        {FIELD_VISIBILITIES.map((visibility) => (
          <option key={visibility} value={visibility}>
            {t(VISIBILITY_WORDS[visibility])}
          </option>
        ))}
      </SelectField>
      <SelectField
        name="editableBy"
        id={id('editableBy')}
        label={t('adminFields.settings.editableBy')}
        defaultValue={values.editableBy ?? 'person'}
        error={errors.editableBy}
      >
        {FIELD_EDITORS.map((editor) => (
          <option key={editor} value={editor}>
            {t(EDITOR_WORDS[editor])}
          </option>
        ))}
      </SelectField>
      <fieldset className="field field--wide">
        <legend>{t('adminFields.settings.options')}</legend>
        {(
          [
            ['required', t('adminFields.settings.required')],
            ['needsApproval', t('adminFields.settings.needsApproval')],
            ['searchable', t('adminFields.settings.searchable')],
            ['facet', t('adminFields.settings.facet')],
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
  const t = useT();
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t('adminFields.heading')}</h1>
        <p className="muted">{t('adminFields.intro')}</p>
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
        <h2 id="fields-heading">
          {fields.length === 0 ? t('adminFields.list.none') : t('adminFields.list.heading', { count: fields.length })}
        </h2>
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
                {field.label}{' '}
                {field.retired ? <span className="badge badge--inactive">{t('adminFields.field.retired')}</span> : null}{' '}
                <span className="muted">
                  · {t(TYPE_WORDS[field.type])} · {t(VISIBILITY_WORDS[field.visibility])} · {t('adminFields.field.key')}{' '}
                  <code>{field.key}</code>
                </span>
              </h3>
              <Form
                method="post"
                className="actions"
                aria-label={t('adminFields.field.orderLabel', { label: field.label })}
              >
                <input type="hidden" name="key" value={field.key} />
                <button
                  type="submit"
                  name="intent"
                  value="move-up"
                  className="button--secondary"
                  disabled={busy || index === 0}
                >
                  {t('adminFields.field.moveUp')}
                </button>
                <button
                  type="submit"
                  name="intent"
                  value="move-down"
                  className="button--secondary"
                  disabled={busy || index === fields.length - 1}
                >
                  {t('adminFields.field.moveDown')}
                </button>
                {field.retired ? (
                  <button type="submit" name="intent" value="restore" className="button--secondary" disabled={busy}>
                    {t('adminFields.field.restore')}
                  </button>
                ) : (
                  <button type="submit" name="intent" value="retire" className="button--danger" disabled={busy}>
                    {t('adminFields.field.retire')}
                  </button>
                )}
              </Form>
              <details open={mine?.intent === 'edit'}>
                <summary>{t('adminFields.field.edit', { label: field.label })}</summary>
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="edit" />
                  <input type="hidden" name="key" value={field.key} />
                  <SettingsInputs
                    prefix={`edit-${field.key}`}
                    values={editValues}
                    errors={mine?.intent === 'edit' ? errors : {}}
                  />
                  <button type="submit" disabled={busy}>
                    {t('adminFields.field.save', { label: field.label })}
                  </button>
                </Form>
              </details>
              {isChoiceType(field.type) ? (
                <div className="stack">
                  <h4>{t('adminFields.choices.heading')}</h4>
                  <ul className="plain-list">
                    {field.options.map((option) => (
                      <li key={option.value}>
                        <Form method="post" className="actions">
                          <input type="hidden" name="key" value={field.key} />
                          <input type="hidden" name="option" value={option.value} />
                          <span>
                            {option.label}
                            {option.retired ? (
                              <span className="muted">{t('adminFields.choices.retiredNote')}</span>
                            ) : null}
                          </span>
                          {option.retired ? null : (
                            <button
                              type="submit"
                              name="intent"
                              value="retire-option"
                              className="button--secondary"
                              disabled={busy}
                              aria-label={t('adminFields.choices.retireLabel', { label: option.label })}
                            >
                              {t('adminFields.field.retire')}
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
                      label={t('adminFields.choices.new', { label: field.label })}
                      maxLength={100}
                      error={mine?.intent === 'add-option' || mine?.intent === 'retire-option' ? errors.option : null}
                    />
                    <button type="submit" disabled={busy}>
                      {t('adminFields.choices.add')}
                    </button>
                  </Form>
                </div>
              ) : null}
            </article>
          );
        })}
      </section>

      <section className="card" aria-labelledby="add-heading">
        <h2 id="add-heading">{t('adminFields.add.heading')}</h2>
        {/* Keyed by the field just added, so that the form starts empty again (its inputs are uncontrolled) in the
            same render that says it was added: keyed by the number of fields, it could empty itself a moment after
            the message, under what HR had started typing for the next field. */}
        <Form method="post" noValidate key={result?.ok && result.intent === 'add' ? `added-${result.key}` : 'add'}>
          <input type="hidden" name="intent" value="add" />
          <FormError message={addFailed ? t('adminFields.add.correct') : null} />
          <div className="form-grid">
            <Field
              name="key"
              id="add-key"
              label={t('adminFields.add.key')}
              hint={t('adminFields.add.keyHint')}
              required
              maxLength={40}
              defaultValue={addFailed?.values.key ?? ''}
              error={addFailed?.errors.key}
            />
            <SelectField
              name="type"
              id="add-type"
              label={t('adminFields.add.type')}
              defaultValue={addFailed?.values.type ?? 'short-text'}
              error={addFailed?.errors.type}
            >
              {CUSTOM_FIELD_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(TYPE_WORDS[type])}
                </option>
              ))}
            </SelectField>
            <TextAreaField
              name="options"
              id="add-options"
              label={t('adminFields.add.options')}
              hint={t('adminFields.add.optionsHint')}
              maxLength={5000}
              defaultValue={addFailed?.values.options ?? ''}
              error={addFailed?.errors.options}
              wide
            />
          </div>
          <SettingsInputs prefix="add" values={addFailed?.values ?? {}} errors={addFailed?.errors ?? {}} />
          <button type="submit" disabled={busy}>
            {t('adminFields.add.submit')}
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
