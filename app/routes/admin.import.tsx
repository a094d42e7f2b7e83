import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { MaxPartSizeExceededError } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireAdmin } from '~/auth/user-session.server';
import { Field, FormError } from '~/components/field';
import { activeCustomFields, customFieldInputName } from '~/models/custom-fields';
import { getPlatform } from '~/platform.server';
import { writeCheckedImport, type CheckedImport, type ImportResult } from './admin/import.server';
import { checkCsvUpload } from './admin/import-upload.server';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS, REQUIRED_COLUMNS } from './admin/import-columns';

const MAX_CSV_BYTES = 5 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { customFields } = await getPlatform();
  return {
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
  return writeCheckedImport(platform, admin.id, checked);
}

export default function AdminImport() {
  const result = useActionData<typeof action>();
  const { customColumns } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const failed = result && !result.ok ? result.rows.filter((row) => row.errors.length > 0) : [];
  return (
    <div className="stack">
      <h1>Import employees from CSV</h1>
      <div className="card">
        <p>
          The first row names the columns. Required: <code>{REQUIRED_COLUMNS.join(', ')}</code>. Optional:{' '}
          {IMPORT_COLUMNS.filter((name) => !REQUIRED_COLUMNS.includes(name)).join(', ')}.<code> managerEmail</code> may
          name someone in the same file. Up to {MAX_IMPORT_ROWS} rows.
        </p>
        {customColumns.length > 0 ? (
          <p>
            Fields HR defined, one column each, as the CSV export heads them (a choice by its label, several separated
            by commas):{' '}
            {customColumns.map((column, index) => (
              <span key={column.column}>
                {index > 0 ? ', ' : null}
                <code>{column.column}</code> ({column.label}
                {column.required ? ', required' : ''})
              </span>
            ))}
            .
          </p>
        ) : null}
        <p className="muted">
          Every row is checked first. If any row has a problem, nothing is imported and each problem is listed by line.
          Imported employees sign in after setting a password with “Forgot your password?”.
        </p>
        <Form method="post" encType="multipart/form-data">
          <Field
            name="csv"
            type="file"
            label="CSV file"
            accept=".csv,text/csv"
            required
            error={result && !result.ok ? result.fileError : null}
          />
          <button type="submit" disabled={navigation.state === 'submitting'}>
            {navigation.state === 'submitting' ? 'Checking and importing…' : 'Import'}
          </button>
        </Form>
      </div>
      {result?.ok ? (
        <p className="alert alert--success" role="status" data-testid="import-result">
          Imported {result.imported} employee{result.imported === 1 ? '' : 's'}.
        </p>
      ) : null}
      {result && !result.ok && result.rows.length > 0 ? (
        <section className="card" aria-labelledby="import-report" data-testid="import-result">
          <FormError message={`Nothing was imported: ${failed.length} of ${result.rows.length} rows need fixing.`} />
          <h2 id="import-report">Rows to fix</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Work email</th>
                  <th scope="col">Problems</th>
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
