import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { MaxPartSizeExceededError } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useIntl } from 'react-intl';
import { requireAdmin } from '~/auth/user-session.server';
import { Field, FormError } from '~/components/field';
import { activeCustomFields, customFieldInputName } from '~/models/custom-fields';
import { useT } from '~/i18n/use-t';
import { getPlatform } from '~/platform.server';
import { requestIntl } from '~/services/request-intl.server';
import { writeCheckedImport, type CheckedImport, type ImportResult } from './admin/import.server';
import { checkCsvUpload } from './admin/import-upload.server';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS, REQUIRED_COLUMNS } from './admin/import-columns';
import { wordImportResult } from './admin/import-words.server';

const MAX_CSV_BYTES = 5 * 1024 * 1024;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Import CSV · XYZ People' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { customFields } = await getPlatform();
  return {
    title: (await requestIntl(request)).formatMessage({ id: 'adminImport.pageTitle' }),
    customColumns: activeCustomFields(customFields).map((field) => ({
      column: customFieldInputName(field.key),
      label: field.label,
      required: field.required,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs): Promise<ImportResult> {
  const admin = await requireAdmin(request);
  const platform = await getPlatform();
  const intl = await requestIntl(request);
  return wordImportResult(await checkAndImport(request, platform, admin.id), intl);
}

async function checkAndImport(
  request: Request,
  platform: Awaited<ReturnType<typeof getPlatform>>,
  adminId: string,
): Promise<ImportResult> {
  let checked: CheckedImport | null;
  try {
    // Checked row by row as the upload arrives (admin/import-upload.server.ts); written below, once the form is read.
    checked = await checkCsvUpload(request, platform, MAX_CSV_BYTES);
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return {
        ok: false,
        fileError: 'The file is larger than 5 MB; split it into smaller files.',
        rows: [],
        imported: 0,
      };
    }
    throw error;
  }
  if (!checked) {
    return { ok: false, fileError: 'Choose a CSV file to import.', rows: [], imported: 0 };
  }
  return writeCheckedImport(platform, adminId, checked);
}

export default function AdminImport() {
  const result = useActionData<typeof action>();
  const { customColumns } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const failed = result && !result.ok ? result.rows.filter((row) => row.errors.length > 0) : [];
  const t = useT();
  const intl = useIntl();
  return (
    <div className="stack">
      <h1>{t('adminImport.heading')}</h1>
      <div className="card">
        <p>
          {intl.formatMessage(
            { id: 'adminImport.columns' },
            {
              required: REQUIRED_COLUMNS.join(', '),
              optional: IMPORT_COLUMNS.filter((name) => !REQUIRED_COLUMNS.includes(name)).join(', '),
              max: MAX_IMPORT_ROWS,
              code: (chunks) => <code key={String(chunks)}>{chunks}</code>,
            },
          )}
        </p>
        {customColumns.length > 0 ? (
          <p>
            {t('adminImport.customColumns')}{' '}
            {customColumns.map((column, index) => (
              <span key={column.column}>
                {index > 0 ? ', ' : null}
                <code>{column.column}</code> ({column.label}
                {column.required ? t('adminImport.customRequired') : ''})
              </span>
            ))}
            .
          </p>
        ) : null}
        <p>
          {/* The export's machine header: the names above, stable whatever HR's language (decision 339). */}
          <a href="/admin/export.csv?header=machine" download data-testid="export-csv-machine">
            {t('adminImport.exportMachine')}
          </a>
        </p>
        <p className="muted">{t('adminImport.checkedFirst')}</p>
        <Form method="post" encType="multipart/form-data">
          <Field
            name="csv"
            type="file"
            label={t('adminImport.file')}
            accept=".csv,text/csv"
            required
            error={result && !result.ok ? result.fileError : null}
          />
          <button type="submit" disabled={navigation.state === 'submitting'}>
            {navigation.state === 'submitting' ? t('adminImport.submitting') : t('adminImport.submit')}
          </button>
        </Form>
      </div>
      {result?.ok ? (
        <p className="alert alert--success" role="status" data-testid="import-result">
          {t('adminImport.imported', { count: result.imported })}
        </p>
      ) : null}
      {result && !result.ok && result.rows.length > 0 ? (
        <section className="card" aria-labelledby="import-report" data-testid="import-result">
          <FormError message={t('adminImport.nothingImported', { failed: failed.length, rows: result.rows.length })} />
          <h2 id="import-report">{t('adminImport.report.heading')}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('adminImport.report.line')}</th>
                  <th scope="col">{t('adminImport.report.workEmail')}</th>
                  <th scope="col">{t('adminImport.report.problems')}</th>
                </tr>
              </thead>
              <tbody>
                {failed.map((row) => (
                  <tr key={row.line} data-testid="import-row-error">
                    <td>{row.line}</td>
                    <td>{row.workEmail}</td>
                    <td>
                      <ul className="plain-list">
                        {row.errors.map((error) => (
                          <li key={error}>{error}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}
