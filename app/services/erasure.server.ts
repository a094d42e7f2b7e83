/**
 * Erasing a person (docs/decisions/020-erasure-as-a-durable-job.md): HR (or the retention sweep) asks, a preview
 * first says store by store what will go, and the durable job (app/services/erasure/erasure-job.server.ts) removes
 * it, run by the primary process. Only a deactivated or rejected person (status inactive) may be erased. What
 * stays is the erasures row: the id, when, who asked and why.
 */
import { getEmployee } from '~/models/employee.server';
import {
  findOpenErasure,
  getErasure,
  insertErasure,
  listErasuresOf,
  type Erasure,
  type ErasureRequester,
} from '~/models/erasures.server';
import { countRowsAbout } from '~/models/person-rows.server';
import { listAllReportIds } from '~/models/team.server';
import { listEmployeeItemKeys, listEntriesWrittenBy } from '~/models/metadata.server';
import { ACTIVITY_SK_PREFIX, EXTRAS_SK, PHOTO_SK_PREFIX, employeePk } from '@shared/contracts/dynamo-keys';
import { listPhotosForEmployee } from '@shared/photo-records';
import { metadataTable } from '@shared/metadata-table';
import type { Platform } from '~/platform.server';
import { erasurePortsFor, type ErasurePorts } from './erasure/erasure-ports.server';
import { ERASURE_STEP_NAMES } from './erasure/erasure-job.server';
import { listStoredVersions } from './erasure/object-versions.server';
import { objectPrefixesOf } from './erasure/photos-step.server';
import { readPersonIdentifiers } from './erasure/person-identifiers.server';
import { mailNeedlesOf } from './erasure/mail-step.server';
import { mentionsAny, readMailFolder } from './erasure/mail-folder.server';

export { runErasure, resumeErasures, startErasureRunner, ERASURE_STEP_NAMES } from './erasure/erasure-job.server';
export type { Erasure, ErasureRequester } from '~/models/erasures.server';

export type ErasureRefusal = 'not-found' | 'not-deactivated' | 'own-profile';

/** Why HR cannot erase this person, in words for the page. */
export class ErasureRefusedError extends Error {
  override name = 'ErasureRefusedError';
  constructor(
    readonly refusal: ErasureRefusal,
    message: string,
  ) {
    super(message);
  }
}

export const ONLY_INACTIVE_MESSAGE =
  'Only a deactivated employee or a rejected applicant can be erased. Deactivate (or reject) the profile first.';

/**
 * Asks for an erasure; the primary's runner does it within seconds. A second request while one is under way
 * returns that one. Throws ErasureRefusedError for anyone but a deactivated or rejected person.
 */
export async function requestErasure(
  platform: Platform,
  input: { employeeId: string; requestedBy: ErasureRequester; reason: string },
): Promise<{ erasureId: string }> {
  const reason = input.reason.trim();
  if (!reason) throw new Error('an erasure needs a reason');
  const open = await findOpenErasure(platform.db, input.employeeId);
  if (open) return { erasureId: open.id };
  const employee = await getEmployee(platform.db, input.employeeId, 'public');
  if (!employee) throw new ErasureRefusedError('not-found', 'There is no such profile (it may already be erased).');
  // The retention sweep also erases abandoned applications (still pending after their period, decision 321): their
  // workflow is stopped by the job's first step like any other.
  const abandonedApplication = input.requestedBy.kind === 'retention' && employee.status === 'pending';
  if (employee.status !== 'inactive' && !abandonedApplication) {
    throw new ErasureRefusedError('not-deactivated', ONLY_INACTIVE_MESSAGE);
  }
  if (input.requestedBy.kind === 'hr' && input.requestedBy.employeeId === input.employeeId) {
    throw new ErasureRefusedError('own-profile', 'You cannot erase your own profile.');
  }
  const erasureId = await insertErasure(platform.db, { ...input, reason: reason.slice(0, 500) });
  platform.log.info('erasure requested', {
    erasureId,
    employeeId: input.employeeId,
    requestedBy: input.requestedBy.kind,
  });
  return { erasureId };
}

export interface ErasurePreviewStore {
  store: string;
  items: Array<{ what: string; count: number }>;
}

export interface ErasurePreview {
  employeeId: string;
  stores: ErasurePreviewStore[];
}

/** What an erasure would remove, store by store, as counts (reads only). */
export async function previewErasure(
  platform: Platform,
  employeeId: string,
  ports: ErasurePorts = erasurePortsFor(platform),
): Promise<ErasurePreview> {
  const identifiers = await readPersonIdentifiers(platform, employeeId);
  const emails = identifiers?.emails ?? [];
  const table = metadataTable(platform);
  const rows = await countRowsAbout(platform.db, employeeId, emails);
  const reports = (await listAllReportIds(platform.db, employeeId)).length;
  const keys = await listEmployeeItemKeys(table, employeeId);
  const photos = await listPhotosForEmployee(table, employeeId);
  // Only those in other people's logs: the ones in their own go with their partition, counted as about them.
  const written = (await listEntriesWrittenBy(table, employeeId)).filter(
    (key) => key.pk !== employeePk(employeeId),
  ).length;
  const versions = (
    await Promise.all(
      objectPrefixesOf(employeeId).map((prefix) => listStoredVersions(platform.s3, platform.bucket, prefix)),
    )
  ).flat();
  const collectionFaces = ports.faceCollection ? (await ports.faceCollection.listFaceIds(employeeId)).length : 0;
  const mails =
    ports.mailDirectory && identifiers
      ? (await readMailFolder(ports.mailDirectory)).filter((mail) => mentionsAny(mail.text, mailNeedlesOf(identifiers)))
          .length
      : 0;
  const workflow = await platform.workflow.history(employeeId);
  const indexed = await platform.search.holds(employeeId).catch(() => false);
  return {
    employeeId,
    stores: [
      {
        store: 'Database',
        items: [
          ...rows.filter((row) => row.rows > 0).map((row) => ({ what: `${row.table} rows`, count: row.rows })),
          { what: 'reports who will have no manager (HR is told)', count: reports },
        ],
      },
      {
        store: 'DynamoDB',
        items: [
          { what: 'photo records (with their face references)', count: photos.length },
          { what: 'profile extras', count: keys.filter((key) => key.sk === EXTRAS_SK).length },
          {
            what: 'activity entries about them',
            count: keys.filter((key) => key.sk.startsWith(ACTIVITY_SK_PREFIX)).length,
          },
          { what: 'entries they wrote about others (kept, shown as "a former employee")', count: written },
          {
            what: 'other items in their partition',
            count: keys.filter(
              (key) =>
                !key.sk.startsWith(PHOTO_SK_PREFIX) && key.sk !== EXTRAS_SK && !key.sk.startsWith(ACTIVITY_SK_PREFIX),
            ).length,
          },
        ],
      },
      {
        store: 'S3 (photo bucket)',
        items: [
          { what: 'object versions (originals and renditions)', count: versions.filter((v) => !v.deleteMarker).length },
          { what: 'delete markers', count: versions.filter((v) => v.deleteMarker).length },
        ],
      },
      {
        store: 'Faces',
        items: [
          { what: 'face references on photo records', count: photos.filter((photo) => photo.faceReference).length },
          { what: 'faces in the Rekognition collection', count: collectionFaces },
        ],
      },
      { store: 'Search index', items: [{ what: 'document or tombstone', count: indexed ? 1 : 0 }] },
      {
        store: 'Verification workflow',
        items: [
          {
            what: workflow?.status === 'running' ? 'running execution (stopped first)' : 'running execution',
            count: workflow?.status === 'running' ? 1 : 0,
          },
        ],
      },
      {
        store: 'Mail',
        items: [
          {
            what: ports.mailDirectory
              ? 'local .eml files to or about them'
              : 'sent emails (in recipients\u2019 mailboxes: not reachable)',
            count: mails,
          },
          { what: 'addresses taken off the suppression list (if listed)', count: emails.length },
        ],
      },
    ],
  };
}

export interface ErasureProgress {
  erasure: Erasure;
  steps: Array<{ name: string; done: boolean }>;
}

export async function getErasureProgress(platform: Platform, erasureId: string): Promise<ErasureProgress | null> {
  const erasure = await getErasure(platform.db, erasureId);
  if (!erasure) return null;
  return { erasure, steps: ERASURE_STEP_NAMES.map((name) => ({ name, done: erasure.stepsDone.includes(name) })) };
}

/** The tombstones and any job under way for one employee id, newest first. */
export function listErasuresOfEmployee(platform: Platform, employeeId: string): Promise<Erasure[]> {
  return listErasuresOf(platform.db, employeeId);
}
