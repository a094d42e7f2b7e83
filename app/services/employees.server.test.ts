/**
 * No half-written employee: a failure at each step of creating (or changing) an employee leaves it either
 * complete or not visible at all, and nothing orphaned in S3 or DynamoDB once the sweep has run.
 */
import path from 'node:path';
import { getEmployeeEvents } from './domain-events.server';
import { dispatchEvents } from './event-dispatcher.server';
import { listRecordedNotifications } from './notifications.server';
import { createSubscribers } from '~/subscribers/index.server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { readMailbox } from '@test-support/mail';
import { failCommand } from '@test-support/fault-injection';
import { stageTestPhoto } from '@test-support/photos';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { countEmployees, getEmployee, getEmployeeByEmail } from '~/models/employee.server';
import { listActivity } from '~/models/metadata.server';
import { createEmployee, replacePhoto, updateEmployee, activateEmployee, rejectEmployee } from './employees.server';
import { sweepOrphanedPhotos } from './orphan-sweep.server';
import { metadataTable } from '@shared/metadata-table';

const fields = (email: string) =>
  employeeFieldsSchema.parse({
    firstName: 'Nora',
    lastName: 'Fault',
    workEmail: email,
    jobTitle: 'Tester',
    department: 'QA',
  });

async function objectKeys(platform: TestPlatform): Promise<string[]> {
  const listed = await platform.s3.send(new ListObjectsV2Command({ Bucket: platform.bucket }));
  return (listed.Contents ?? []).map((object) => object.Key!);
}

async function metadataItems(platform: TestPlatform): Promise<Array<Record<string, unknown>>> {
  const scanned = await platform.dynamo.send(new ScanCommand({ TableName: platform.tableName }));
  return scanned.Items ?? [];
}

async function expectNothingStored(platform: TestPlatform, email: string) {
  expect(await getEmployeeByEmail(platform.db, email)).toBeNull();
  expect(await objectKeys(platform)).toEqual([]);
  expect(await metadataItems(platform)).toEqual([]);
  expect(await platform.db.models.Event.count()).toBe(0);
}

describe('creating an employee across the database, DynamoDB and S3', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    // The photo trigger is off here: these tests are about the write order, not the renditions.
    platform = await startTestPlatform({ photoTrigger: false });
  });
  afterAll(async () => platform?.close());

  it('stores everything and queues the notification when every store answers', async () => {
    const employee = await createEmployee(platform, {
      fields: fields('ok@xyz.example'),
      photo: await stageTestPhoto(),
    });
    expect(employee.pendingPhotoId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await objectKeys(platform)).toEqual([`originals/${employee.id}/${employee.pendingPhotoId}`]);
    const activity = await listActivity(metadataTable(platform), employee.id);
    expect(activity.entries.map((entry) => entry.action)).toEqual(['employee.created']);
    const events = await getEmployeeEvents(platform.db, employee.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'employee.created', employeeId: employee.id });
    // Clean slate for the failure cases.
    await platform.db.models.EventDelivery.destroy({ where: {} });
    await platform.db.models.Event.destroy({ where: {} });
    await platform.db.models.Employee.destroy({ where: {} });
    await sweepOrphanedPhotos(platform, { olderThanMs: 0 });
    for (const item of await metadataItems(platform)) {
      const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
      await platform.dynamo.send(
        new DeleteCommand({ TableName: platform.tableName, Key: { pk: item.pk, sk: item.sk } }),
      );
    }
    await expectNothingStored(platform, 'ok@xyz.example');
  });

  it('stores nothing when DynamoDB is down for the photo record (step 1)', async () => {
    const fault = failCommand(platform.dynamo, 'PutItemCommand');
    try {
      await expect(
        createEmployee(platform, { fields: fields('s1@xyz.example'), photo: await stageTestPhoto() }),
      ).rejects.toThrow(/injected outage/);
    } finally {
      fault.remove();
    }
    expect(fault.hits).toBe(1);
    await expectNothingStored(platform, 's1@xyz.example');
  });

  it('stores nothing when S3 refuses the original (step 2)', async () => {
    const fault = failCommand(platform.s3, 'PutObjectCommand');
    try {
      await expect(
        createEmployee(platform, { fields: fields('s2@xyz.example'), photo: await stageTestPhoto() }),
      ).rejects.toThrow();
    } finally {
      fault.remove();
    }
    await expectNothingStored(platform, 's2@xyz.example');
  });

  it('stores nothing when the activity entry cannot be written (step 3)', async () => {
    const fault = failCommand(platform.dynamo, 'PutItemCommand', { nth: 2, times: 1 });
    try {
      await expect(
        createEmployee(platform, { fields: fields('s3@xyz.example'), photo: await stageTestPhoto() }),
      ).rejects.toThrow();
    } finally {
      fault.remove();
    }
    expect(fault.hits).toBe(1);
    await expectNothingStored(platform, 's3@xyz.example');
  });

  it('stores nothing when the database transaction fails (step 4), including the caller’s own rows', async () => {
    await expect(
      createEmployee(platform, {
        fields: fields('s4@xyz.example'),
        photo: await stageTestPhoto(),
        inTransaction: async () => {
          throw new Error('credentials insert failed');
        },
      }),
    ).rejects.toThrow('credentials insert failed');
    await expectNothingStored(platform, 's4@xyz.example');
    expect(await countEmployees(platform.db)).toBe(0);
  });

  it('leaves nothing visible when the undo itself fails, and the sweep removes what was left', async () => {
    const s3Fault = failCommand(platform.s3, 'DeleteObjectCommand');
    const listFault = failCommand(platform.s3, 'ListObjectsV2Command', { times: 1 });
    try {
      await expect(
        createEmployee(platform, {
          fields: fields('s5@xyz.example'),
          photo: await stageTestPhoto(),
          inTransaction: async () => {
            throw new Error('database down');
          },
        }),
      ).rejects.toThrow('database down');
    } finally {
      s3Fault.remove();
      listFault.remove();
    }
    expect(await getEmployeeByEmail(platform.db, 's5@xyz.example')).toBeNull();
    expect(await objectKeys(platform)).toHaveLength(1); // the original the undo could not delete
    expect(platform.logLines.some((line) => line.message === 'undo step failed; the orphan sweep will finish it')).toBe(
      true,
    );
    // A fresh orphan is left alone (it may belong to an upload still on its way)...
    expect((await sweepOrphanedPhotos(platform)).removed).toBe(0);
    // ...and removed once it is older than the grace period.
    expect((await sweepOrphanedPhotos(platform, { olderThanMs: 0 })).removed).toBe(1);
    expect(await objectKeys(platform)).toEqual([]);
    const leftovers = (await metadataItems(platform)).filter((item) => String(item.sk).startsWith('PHOTO#'));
    expect(leftovers).toEqual([]);
  });

  it('rejects a duplicate email without touching the employee who has it', async () => {
    const first = await createEmployee(platform, { fields: fields('dup@xyz.example') });
    const before = await objectKeys(platform);
    await expect(
      createEmployee(platform, { fields: fields('DUP@xyz.example'), photo: await stageTestPhoto() }),
    ).rejects.toThrow(/already exists/);
    expect(await objectKeys(platform)).toEqual(before);
    expect((await getEmployee(platform.db, first.id, 'private'))?.workEmail).toBe('dup@xyz.example');
  });

  it('keeps the old profile when an update fails in the database, and takes back its activity entry', async () => {
    const employee = await createEmployee(platform, { fields: fields('upd@xyz.example') });
    await createEmployee(platform, { fields: fields('taken@xyz.example') });
    const changed = { ...fields('taken@xyz.example'), jobTitle: 'Changed' };
    await expect(updateEmployee(platform, employee.id, employee.id, changed)).rejects.toThrow(/already exists/);
    expect((await getEmployee(platform.db, employee.id, 'public'))?.jobTitle).toBe('Tester');
    const actions = (await listActivity(metadataTable(platform), employee.id)).entries.map((entry) => entry.action);
    expect(actions).toEqual(['employee.created']);
    const updated = await updateEmployee(platform, employee.id, employee.id, {
      ...fields('upd@xyz.example'),
      jobTitle: 'Lead Tester',
    });
    expect(updated.jobTitle).toBe('Lead Tester');
    const latest = (await listActivity(metadataTable(platform), employee.id)).entries[0];
    expect(latest).toMatchObject({ action: 'profile.updated', changedFields: ['jobTitle'] });
  });

  it('keeps the current photo pending when storing a replacement fails', async () => {
    const employee = await createEmployee(platform, {
      fields: fields('photo@xyz.example'),
      photo: await stageTestPhoto(),
    });
    const fault = failCommand(platform.s3, 'PutObjectCommand');
    try {
      await expect(replacePhoto(platform, employee.id, employee.id, await stageTestPhoto())).rejects.toThrow();
    } finally {
      fault.remove();
    }
    expect((await getEmployee(platform.db, employee.id, 'private'))?.pendingPhotoId).toBe(employee.pendingPhotoId);
  });

  it('activates and rejects with activity entries and a notice to the employee', async () => {
    const pending = await createEmployee(platform, { fields: fields('pending@xyz.example') });
    await activateEmployee(platform, 'admin-1', pending.id);
    expect((await getEmployee(platform.db, pending.id, 'public'))?.status).toBe('active');
    const other = await createEmployee(platform, { fields: fields('reject@xyz.example') });
    await rejectEmployee(platform, 'admin-1', other.id, 'Please upload a photo of yourself');
    const rejected = await getEmployee(platform.db, other.id, 'private');
    expect(rejected).toMatchObject({ status: 'inactive', statusReason: 'Please upload a photo of yourself' });
    await dispatchEvents(platform.db, createSubscribers(platform));
    // The notices are emails to the employees (locally, .eml files under DATA_DIR/mail), not HR's topic.
    const emails = readMailbox(path.join(platform.env.dataDir, 'mail'));
    expect(emails.map((email) => [email.to.replace(/^.*</, '<'), email.subject]).sort()).toEqual([
      ['<pending@xyz.example>', 'Your employee profile is active'],
      ['<reject@xyz.example>', 'Your employee profile needs changes'],
    ]);
    expect(emails.find((email) => email.to.endsWith('<reject@xyz.example>'))?.text).toContain(
      'Please upload a photo of yourself',
    );
    const subjects = (await listRecordedNotifications(platform.db)).map((notification) => notification.subject);
    expect(subjects.filter((subject) => subject.startsWith('Your employee profile'))).toEqual([]);
    const entry = (await listActivity(metadataTable(platform), other.id)).entries[0];
    expect(entry).toMatchObject({ action: 'employee.rejected', actorId: 'admin-1' });
  });
});
