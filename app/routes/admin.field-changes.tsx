/**
 * HR decides on the changes people asked for to fields whose changes wait for HR's approval
 * (docs/decisions/323-field-change-approval.md): each with the person, the field, the value before and the value
 * asked for (through the field gate, as HR reads them), approved or refused with a reason the person reads. A
 * refused form answers 400 with its message beside the reason; a change to HR's own profile is another HR
 * person's to decide.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { FormError, TextAreaField } from '~/components/field';
import { getPlatform } from '~/platform.server';
import { readFormBody } from '~/utils/form-body.server';
import { formatDateTime } from '~/i18n/format';
import { useViewer } from '~/i18n/document-intl';
import { useT } from '~/i18n/use-t';
import { requestIntl } from '~/services/request-intl.server';
import { translateHrResult } from './admin/hr-messages';
import {
  decideFieldChange,
  listChangesForHr,
  recordHrLookAtChanges,
  type DecisionResult,
} from '~/services/field-change-decisions.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'Changes waiting for approval · XYZ People' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const platform = await getPlatform();
  const changes = await listChangesForHr(platform, admin);
  // Restricted values shown to HR are a look at them, logged as HR's employee page logs one (decision 320).
  await recordHrLookAtChanges(platform, admin, changes);
  const title = (await requestIntl(request)).formatMessage({ id: 'adminFieldChanges.pageTitle' });
  return { changes, title };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const platform = await getPlatform();
  const form: Record<string, string> = {};
  for (const [name, value] of await readFormBody(request)) {
    if (typeof value === 'string' && name.length <= 20) form[name] = value.slice(0, 2000);
  }
  const result = await decideFieldChange(platform, admin, form);
  const intl = await requestIntl(request);
  const translated = translateHrResult(intl, result);
  return translated.ok ? translated : data(translated, { status: translated.status });
}

export default function FieldChangesPage() {
  const { changes } = useLoaderData<typeof loader>();
  const t = useT();
  const viewer = useViewer();
  const result = useActionData() as DecisionResult | undefined;
  const busy = useNavigation().state === 'submitting';
  const failed = result && !result.ok ? result : null;
  const listed = (id: string | null) => id !== null && changes.some((change) => change.id === id);
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t('adminFieldChanges.title')}</h1>
        <p className="muted">{t('adminFieldChanges.intro')}</p>
      </div>
      {result?.ok ? (
        <p className="alert alert--success" role="status">
          {result.message}
        </p>
      ) : null}
      {/* A change no longer listed (decided meanwhile, or unknown) has no card to show its message beside. */}
      <FormError message={failed && !listed(failed.id) ? (failed.errors.form ?? failed.errors.reason) : null} />
      {changes.length === 0 ? <p>{t('adminFieldChanges.empty')}</p> : null}
      {changes.map((change) => {
        const mine = failed && failed.id === change.id ? failed : null;
        return (
          <article
            key={change.id}
            className="card stack"
            aria-labelledby={`change-${change.id}`}
            data-testid="field-change"
          >
            <h2 id={`change-${change.id}`}>
              <Link to={`/admin/employees/${change.employeeId}`}>{change.displayName}</Link> · {change.label}
            </h2>
            <dl className="details">
              <dt>{t('adminFieldChanges.now')}</dt>
              <dd data-testid="old-value">
                {change.oldValue || <span className="muted">{t('adminFieldChanges.emptyValue')}</span>}
              </dd>
              <dt>{t('adminFieldChanges.askedFor')}</dt>
              <dd data-testid="new-value">
                {change.newValue || <span className="muted">{t('adminFieldChanges.emptyValue')}</span>}
              </dd>
              <dt>{t('adminFieldChanges.askedOn')}</dt>
              <dd>{formatDateTime(Date.parse(change.requestedAt), viewer)}</dd>
            </dl>
            {change.own ? (
              <p className="muted">{t('adminFieldChanges.own')}</p>
            ) : (
              <Form
                method="post"
                className="stack"
                aria-label={t('adminFieldChanges.decideLabel', { name: change.displayName, field: change.label })}
              >
                <input type="hidden" name="id" value={change.id} />
                <FormError message={mine?.errors.form} />
                <TextAreaField
                  name="reason"
                  id={`reason-${change.id}`}
                  label={t('adminFieldChanges.reasonLabel')}
                  maxLength={500}
                  error={mine?.errors.reason}
                />
                <div className="actions">
                  <button type="submit" name="intent" value="approve" disabled={busy}>
                    {t('adminFieldChanges.approve')}
                  </button>
                  <button type="submit" name="intent" value="refuse" className="button--danger" disabled={busy}>
                    {t('adminFieldChanges.refuse')}
                  </button>
                </div>
              </Form>
            )}
          </article>
        );
      })}
    </div>
  );
}
