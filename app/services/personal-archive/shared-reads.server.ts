/**
 * Reads that several sections of one archive need, made once per archive: the person's DynamoDB partition (the
 * extras, activity and photos sections) and their employee record (the profile and photos sections). Kept by the
 * context object that streamPersonalArchive makes for one download, so nothing outlives that request: a new
 * download reads everything again (docs/decisions/333-profile-me-and-archive-reads.md).
 */
import { metadataTable } from '@shared/metadata-table';
import type { EmployeeRow } from '~/db/schema.server';
import { readEmployeePartition, type EmployeePartition } from '~/models/employee-partition.server';
import { PRIVATE_COLUMNS, projectEmployee, type PrivateEmployee } from '~/models/employee-projection.server';
import type { ArchiveContext } from './section.server';

/** The record with its private columns, and when and how its status last changed (the retention clock's start). */
export interface PersonRecord {
  employee: PrivateEmployee;
  statusChangedAt: Date | string | null;
  statusChange: string | null;
}

interface SharedReads {
  partition?: Promise<EmployeePartition>;
  record?: Promise<PersonRecord | null>;
}

const readsByArchive = new WeakMap<ArchiveContext, SharedReads>();

function readsOf(context: ArchiveContext): SharedReads {
  let reads = readsByArchive.get(context);
  if (!reads) {
    reads = {};
    readsByArchive.set(context, reads);
  }
  return reads;
}

/** The person's extras, activity log and photo records: one Query of their partition. */
export function personPartition(context: ArchiveContext): Promise<EmployeePartition> {
  const reads = readsOf(context);
  reads.partition ??= readEmployeePartition(metadataTable(context.platform), context.employeeId);
  return reads.partition;
}

/** The person's employee record, or null when there is no such person (what each section shows is its choice). */
export function personRecord(context: ArchiveContext): Promise<PersonRecord | null> {
  const reads = readsOf(context);
  reads.record ??= readPersonRecord(context);
  return reads.record;
}

async function readPersonRecord({ platform, employeeId }: ArchiveContext): Promise<PersonRecord | null> {
  const found = await platform.db.models.Employee.findByPk(employeeId, {
    attributes: [...PRIVATE_COLUMNS, 'statusChangedAt', 'statusChange'],
  });
  if (!found) return null;
  const row = found.get({ plain: true }) as EmployeeRow;
  return {
    employee: projectEmployee(row, 'private'),
    statusChangedAt: row.statusChangedAt ?? null,
    statusChange: row.statusChange ?? null,
  };
}
