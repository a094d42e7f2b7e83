/**
 * The erasure page's parts (app/routes/admin.employees_.$id.erase.tsx): the preview of what goes, store by store;
 * an erasure's progress; and what stays once it is done (the tombstone: when, who, why; no name).
 */
import { formatDateTime, formatNumber } from '~/i18n/format';
import { useViewer } from '~/i18n/document-intl';
import { useT } from '~/i18n/use-t';

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
  workflow: 'adminErase.step.workflow',
  managers: 'adminErase.step.managers',
  photos: 'adminErase.step.photos',
  'object-versions': 'adminErase.step.objectVersions',
  'face-collection': 'adminErase.step.faceCollection',
  metadata: 'adminErase.step.metadata',
  search: 'adminErase.step.search',
  mail: 'adminErase.step.mail',
  database: 'adminErase.step.database',
  outbox: 'adminErase.step.outbox',
};

/** The preview's stores and items as app/services/erasure.server.ts names them (in English), by their ids. */
const STORES: Record<string, string> = {
  Database: 'adminErase.store.database',
  DynamoDB: 'adminErase.store.dynamoDb',
  'S3 (photo bucket)': 'adminErase.store.s3',
  Faces: 'adminErase.store.faces',
  'Search index': 'adminErase.store.search',
  'Verification workflow': 'adminErase.store.workflow',
  Mail: 'adminErase.store.mail',
};
const ITEMS: Record<string, string> = {
  'reports who will have no manager (HR is told)': 'adminErase.item.reports',
  'photo records (with their face references)': 'adminErase.item.photoRecords',
  'profile extras': 'adminErase.item.extras',
  'activity entries about them': 'adminErase.item.activity',
  'entries they wrote about others (kept, shown as "a former employee")': 'adminErase.item.writtenAboutOthers',
  'other items in their partition': 'adminErase.item.otherItems',
  'object versions (originals and renditions)': 'adminErase.item.objectVersions',
  'delete markers': 'adminErase.item.deleteMarkers',
  'face references on photo records': 'adminErase.item.faceReferences',
  'faces in the Rekognition collection': 'adminErase.item.collectionFaces',
  'document or tombstone': 'adminErase.item.searchDocument',
  'running execution (stopped first)': 'adminErase.item.runningExecutionStopped',
  'running execution': 'adminErase.item.runningExecution',
  'local .eml files to or about them': 'adminErase.item.localMail',
  'sent emails (in recipients\u2019 mailboxes: not reachable)': 'adminErase.item.sentMail',
  'addresses taken off the suppression list (if listed)': 'adminErase.item.suppressionList',
};
/** A database table's rows: the table's name is kept as it is (HR and the DPO read the same names in the schema). */
const TABLE_ROWS = /^(?<table>\S+) rows$/;

function usePreviewWords() {
  const t = useT();
  return {
    store: (store: string) => (STORES[store] ? t(STORES[store]) : store),
    item: (what: string) => {
      if (ITEMS[what]) return t(ITEMS[what]);
      const table = TABLE_ROWS.exec(what)?.groups?.table;
      return table ? t('adminErase.item.tableRows', { table }) : what;
    },
  };
}

export function ErasurePreviewTable({ preview }: { preview: ErasurePreviewView }) {
  const t = useT();
  const { locale } = useViewer();
  const words = usePreviewWords();
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('adminErase.preview.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('adminErase.preview.store')}</th>
            <th scope="col">{t('adminErase.preview.what')}</th>
            <th scope="col">{t('adminErase.preview.count')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.stores.flatMap((store) =>
            store.items.map((item, index) => (
              <tr key={`${store.store}-${item.what}`}>
                <td>{index === 0 ? words.store(store.store) : ''}</td>
                <td>{words.item(item.what)}</td>
                <td>{formatNumber(item.count, locale)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

export function ErasureRecord({ erasure }: { erasure: ErasureRecordView }) {
  const t = useT();
  const viewer = useViewer();
  const done = erasure.state === 'completed';
  return (
    <section className="card" aria-labelledby={`erasure-${erasure.id}`} data-testid="erasure-record">
      <h2 id={`erasure-${erasure.id}`}>{done ? t('adminErase.record.erased') : t('adminErase.record.underWay')}</h2>
      <dl>
        <dt>{t('adminErase.record.askedFor')}</dt>
        <dd>{formatDateTime(Date.parse(erasure.requestedAt), viewer)}</dd>
        <dt>{t('adminErase.record.by')}</dt>
        <dd>{erasure.requestedBy}</dd>
        <dt>{t('adminErase.record.reason')}</dt>
        <dd>{erasure.reason}</dd>
        {erasure.completedAt ? (
          <>
            <dt>{t('adminErase.record.completed')}</dt>
            <dd>{formatDateTime(Date.parse(erasure.completedAt), viewer)}</dd>
          </>
        ) : null}
      </dl>
      {done ? (
        <p className="muted">{t('adminErase.record.allThatStays')}</p>
      ) : (
        <>
          <ol>
            {erasure.steps.map((step) => (
              <li key={step.name}>
                {step.done ? '✓ ' : '… '}
                {STEP_LABELS[step.name] ? t(STEP_LABELS[step.name]) : step.name}
              </li>
            ))}
          </ol>
          {erasure.lastError ? (
            <p className="muted">{t('adminErase.record.retrying', { error: erasure.lastError })}</p>
          ) : null}
          <p className="muted">{t('adminErase.record.background')}</p>
        </>
      )}
    </section>
  );
}
