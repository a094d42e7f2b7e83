/**
 * The erasure page's parts (app/routes/admin.employees_.$id.erase.tsx): the preview of what goes, store by store;
 * an erasure's progress; and what stays once it is done (the tombstone: when, who, why; no name).
 */

export interface ErasurePreviewView {
  stores: Array<{ store: string; items: Array<{ what: string; count: number }> }>;
}

export interface ErasureRecordView {
  id: string;
  state: 'requested' | 'running' | 'completed';
  requestedAt: string;
  completedAt: string | null;
  requestedBy: string;
  reason: string;
  steps: Array<{ name: string; done: boolean }>;
  lastError: string | null;
}

const STEP_LABELS: Record<string, string> = {
  workflow: 'Verification workflow stopped',
  managers: 'Their reports left without a manager (HR told)',
  photos: 'Photos, renditions and face references deleted',
  'object-versions': 'Every stored version in the photo bucket deleted',
  'face-collection': 'Faces in the face collection deleted',
  metadata: 'Extras and activity log deleted',
  search: 'Removed from the directory search',
  mail: 'Mail folder and suppression list cleared',
  database: 'Profile and every database row about them deleted',
  outbox: 'Event history deleted once delivered',
};

export function ErasurePreviewTable({ preview }: { preview: ErasurePreviewView }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>What the erasure removes, store by store</caption>
        <thead>
          <tr>
            <th scope="col">Store</th>
            <th scope="col">What</th>
            <th scope="col">Count</th>
          </tr>
        </thead>
        <tbody>
          {preview.stores.flatMap((store) =>
            store.items.map((item, index) => (
              <tr key={`${store.store}-${item.what}`}>
                <td>{index === 0 ? store.store : ''}</td>
                <td>{item.what}</td>
                <td>{item.count}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

export function ErasureRecord({ erasure }: { erasure: ErasureRecordView }) {
  const done = erasure.state === 'completed';
  return (
    <section className="card" aria-labelledby={`erasure-${erasure.id}`} data-testid="erasure-record">
      <h2 id={`erasure-${erasure.id}`}>{done ? 'Erased' : 'Erasure under way'}</h2>
      <dl>
        <dt>Asked for</dt>
        <dd>{new Date(erasure.requestedAt).toUTCString()}</dd>
        <dt>By</dt>
        <dd>{erasure.requestedBy}</dd>
        <dt>Reason</dt>
        <dd>{erasure.reason}</dd>
        {erasure.completedAt ? (
          <>
            <dt>Completed</dt>
            <dd>{new Date(erasure.completedAt).toUTCString()}</dd>
          </>
        ) : null}
      </dl>
      {done ? (
        <p className="muted">
          This record is all that stays: the id, when, who and why. Backups keep older copies until they expire.
        </p>
      ) : (
        <>
          <ol>
            {erasure.steps.map((step) => (
              <li key={step.name}>
                {step.done ? '✓ ' : '… '}
                {STEP_LABELS[step.name] ?? step.name}
              </li>
            ))}
          </ol>
          {erasure.lastError ? <p className="muted">Retrying after: {erasure.lastError}</p> : null}
          <p className="muted">The erasure runs in the background; refresh to see its progress.</p>
        </>
      )}
    </section>
  );
}
