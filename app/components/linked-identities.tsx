/** The admin employee page's list of identities at the company's identity providers, each with a remove button. */
import { Form } from '@remix-run/react';

export interface LinkedIdentityRow {
  id: string;
  providerName: string;
  issuer: string;
  email: string;
  linkedAt: string;
  lastSignInAt: string | null;
}

const when = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export function LinkedIdentities({
  employeeId,
  identities,
  notice,
}: {
  employeeId: string;
  identities: LinkedIdentityRow[];
  notice: string | null;
}) {
  return (
    <section className="card" aria-labelledby="identities-heading" id="identities">
      <h2 id="identities-heading">Sign-in identities</h2>
      {notice ? (
        <p className="alert alert--success" role="status">
          {notice}
        </p>
      ) : null}
      {identities.length === 0 ? (
        <p className="muted">No identity provider account is linked: this employee signs in with a password.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Linked identities</caption>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Email at the provider</th>
                <th scope="col">Linked</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {identities.map((identity) => (
                <tr key={identity.id}>
                  <td title={identity.issuer}>{identity.providerName}</td>
                  <td>{identity.email}</td>
                  <td>{when(identity.linkedAt)}</td>
                  <td>{identity.lastSignInAt ? when(identity.lastSignInAt) : '—'}</td>
                  <td>
                    <Form method="post" action={`/admin/employees/${employeeId}/identities`}>
                      <input type="hidden" name="linkId" value={identity.id} />
                      <button type="submit" name="intent" value="unlink" className="button--secondary">
                        Remove
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
