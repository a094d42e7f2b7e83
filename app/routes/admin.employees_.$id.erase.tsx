/**
 * Erasing a deactivated or rejected person (docs/decisions/020-erasure-as-a-durable-job.md): the preview, HR's
 * confirmation with a reason, then the job's progress and, once done, the tombstone. Not nested in the employee
 * page: it outlives the employee row.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { requireAdmin } from '~/auth/user-session.server';
import { FormError, TextAreaField } from '~/components/field';
import { GeneralErrorBoundary } from '~/components/error-page';
import { ErasurePreviewTable, ErasureRecord } from '~/components/erasure-panel';
import { getPlatform } from '~/platform.server';
import { readFormBody } from '~/utils/form-body.server';
import { loadErasurePage, runErasureAction } from './admin/erasure-page.server';
import { translateHrErrors, translateHrMessage } from './admin/hr-messages';
import { requestIntl } from '~/services/request-intl.server';
import { useT } from '~/i18n/use-t';

const idSchema = z.string().uuid();

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'Erase a profile · XYZ People' },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw new Response('Not found', { status: 404 });
  const page = await loadErasurePage(await getPlatform(), admin, id.data);
  if (!page) throw new Response('Not found', { status: 404 });
  const intl = await requestIntl(request);
  // Who asked is a name, or one of two phrases the server words in English (the retention sweep, a gone admin).
  const erasures = page.erasures.map((erasure) => ({
    ...erasure,
    requestedBy: translateHrMessage(intl, erasure.requestedBy),
  }));
  const title = intl.formatMessage({ id: 'adminErase.pageTitle' });
  return page.kind === 'not-erasable'
    ? { ...page, erasures, title, message: translateHrMessage(intl, page.message) }
    : { ...page, erasures, title };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw new Response('Not found', { status: 404 });
  const result = await runErasureAction(await getPlatform(), admin, id.data, await readFormBody(request));
  // 400 with the form's errors, shown beside the field; a request made is shown by the page itself.
  if (!result.ok) {
    const intl = await requestIntl(request);
    return data({ ...result, errors: translateHrErrors(intl, result.errors) }, { status: 400 });
  }
  throw redirect(`/admin/employees/${id.data}/erase`);
}

export default function ErasePage() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const result = useActionData() as { ok: false; errors: { reason?: string; form?: string } } | undefined;
  const busy = useNavigation().state === 'submitting';
  // Until the job completes the page must not say the profile is erased: the row and the files still exist.
  const underWay = page.erasures.some((erasure) => erasure.state !== 'completed');
  return (
    <div className="stack">
      <h1>
        {page.kind === 'erasures'
          ? underWay
            ? t('adminErase.titleUnderWay')
            : t('adminErase.titleErased')
          : t('adminErase.title', { name: page.displayName })}
      </h1>
      {page.kind !== 'erasures' ? <Link to={`/admin/employees/${page.employeeId}`}>{t('adminErase.back')}</Link> : null}
      {page.kind === 'not-erasable' ? (
        <p className="alert alert--error" role="alert">
          {page.message}
        </p>
      ) : null}
      {page.kind === 'preview' ? (
        <section className="card" aria-labelledby="preview-heading">
          <h2 id="preview-heading">{t('adminErase.preview.title')}</h2>
          <ErasurePreviewTable preview={page.preview} />
          <p>{t('adminErase.preview.warning')}</p>
          <FormError message={result?.errors.form} />
          <Form method="post">
            <TextAreaField
              name="reason"
              label={t('adminErase.reasonLabel')}
              maxLength={500}
              required
              error={result?.errors.reason}
            />
            <div className="actions">
              <button type="submit" className="button--danger" disabled={busy}>
                {t('adminErase.confirm', { name: page.displayName })}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      {page.erasures.map((erasure) => (
        <ErasureRecord key={erasure.id} erasure={erasure} />
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
