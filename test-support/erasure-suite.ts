/**
 * The erasure job end to end on one database engine (SQLite, MariaDB) with dynalite, s3rver and the embedded
 * search index: a deactivated person with something in every store, the residue scan finding them, the job, and
 * the scan finding nothing after it but the tombstone. Registered by app/services/erasure.server*.test.ts.
 */
import { readdir, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { getEmployee } from '~/models/employee.server';
import { createSession } from '~/models/session-store.server';
import { setPasswordHash } from '~/models/credentials.server';
import { createResetToken } from '~/models/password-reset-tokens.server';
import { createJoinRequest } from '~/models/join-requests.server';
import { recordLoginFailure } from '~/models/login-throttle.server';
import { insertLinkedIdentity } from '~/models/linked-identities.server';
import { appendActivity, listActivity, putProfileExtras, FORMER_EMPLOYEE_ACTOR } from '~/models/metadata.server';
import { listErasuresOf } from '~/models/erasures.server';
import { insertFaceCheckConsent } from '~/models/face-check-consents.server';
import { listPrivateDetailViews, recordPrivateDetailViews } from '~/models/private-detail-views.server';
import { recordRetentionNotice } from '~/models/retention.server';
import { listChangesOf, markChangeDecided, savePendingChange } from '~/models/field-change-requests.server';
import {
  createEmployee,
  deactivateEmployee,
  ErasureUnderWayError,
  reactivateEmployee,
} from '~/services/employees.server';
import { storeOriginal } from '~/services/photo-storage.server';
import { dispatchEvents } from '~/services/event-dispatcher.server';
import { listRecordedNotifications } from '~/services/notifications.server';
import {
  ErasureRefusedError,
  previewErasure,
  requestErasure,
  runErasure,
  getErasureProgress,
} from '~/services/erasure.server';
import { scanForResidue, formatResidueReport } from '~/services/residue-scan.server';
import { listScimTokens } from '~/models/scim-tokens.server';
import { runScimConnectionAction } from '~/services/scim/scim-connections.server';
import { readPersonIdentifiers, type PersonIdentifiers } from '~/services/erasure/person-identifiers.server';
import type { ErasurePorts } from '~/services/erasure/erasure-ports.server';
import { createSubscribers } from '~/subscribers/index.server';
import { rebuildSearchIndex } from '~/services/search-reindex.server';
import { metadataTable } from '@shared/metadata-table';
import { renditionKey } from '@shared/contracts/s3-keys';
import { photoSk, employeePk } from '@shared/contracts/dynamo-keys';
import { startTestPlatform, type TestPlatform } from './platform';
import { stageTestPhoto } from './photos';
import type { TestDialect } from './databases';

/** SES v2's suppression list as an in-process stand-in (moto does not implement it): records what it was told. */
export function suppressionListStandIn() {
  const forgotten: string[] = [];
  return { forgotten, forgetAddress: async (address: string) => void forgotten.push(address) };
}

export function localPorts(platform: TestPlatform, suppression = suppressionListStandIn()): ErasurePorts {
  return { faceCollection: null, suppressionList: suppression, mailDirectory: path.join(platform.env.dataDir, 'mail') };
}

const fields = (first: string, last: string, email: string, extra: Record<string, unknown> = {}) =>
  employeeFieldsSchema.parse({
    firstName: first,
    lastName: last,
    workEmail: email,
    jobTitle: 'Analyst',
    department: 'Finance',
    ...extra,
  });

export interface ErasureScenario {
  hr: { id: string };
  subject: { id: string };
  report: { id: string };
  identifiers: PersonIdentifiers;
}

/** A deactivated person with rows, items, objects, mail and notifications about them in every store. */
export async function givePersonSomethingEverywhere(platform: TestPlatform, tag: string): Promise<ErasureScenario> {
  await rebuildSearchIndex(platform);
  const hr = await createEmployee(platform, {
    fields: fields('Hella', 'Resources', `hr-${tag}@xyz.example`),
    status: 'active',
    role: 'admin',
    source: 'admin',
  });
  const subject = await createEmployee(platform, {
    fields: fields('Quillon', 'Zarathustra', `quillon-${tag}@xyz.example`, {
      personalEmail: `quillon.home-${tag}@mail.example`,
      personalPhone: '+44 7700 900123',
      workPhone: '+44 20 7946 0123',
      emergencyContactName: 'Marisol Zarathustra',
      emergencyContactPhone: '+44 7700 900456',
    }),
    status: 'active',
    source: 'admin',
    actorId: hr.id,
  });
  const report = await createEmployee(platform, {
    fields: fields('Rhea', 'Report', `rhea-${tag}@xyz.example`, { managerId: subject.id }),
    status: 'active',
    source: 'admin',
    actorId: subject.id,
  });
  const { db } = platform;
  // A value of a field HR defines (decision 023) holding one of their addresses: on their row, gone with it.
  await db.models.Employee.update(
    { customFields: JSON.stringify({ second_email: `quillon.home-${tag}@mail.example` }) },
    { where: { id: subject.id } },
  );
  await createSession(db, subject.id);
  await setPasswordHash(db, subject.id, 'scrypt$not-a-real-hash');
  await createResetToken(db, subject.id);
  await createJoinRequest(db, subject.workEmail);
  await recordLoginFailure(db, { email: subject.workEmail, address: '192.0.2.7' });
  await insertLinkedIdentity(db, {
    employeeId: subject.id,
    providerId: 'sso',
    issuer: 'https://idp.example',
    subject: `subject-${tag}`,
    email: `quillon.sso-${tag}@xyz.example`,
  });
  // Their answer to the face-check notice, HR's look at their private details, their own look at a report's (which
  // stays in the report's log as "a former employee"), and the retention sweep's notice about them.
  await insertFaceCheckConsent(db, {
    employeeId: subject.id,
    choice: 'given',
    noticeVersion: 'v-test',
    place: 'join',
    recordedAt: Date.now(),
  });
  await recordPrivateDetailViews(db, [
    { subjectEmployeeId: subject.id, viewerEmployeeId: hr.id, place: 'employee-page', fields: ['personalEmail'] },
    { subjectEmployeeId: report.id, viewerEmployeeId: subject.id, place: 'hr-archive', fields: ['personalPhone'] },
  ]);
  const now = new Date();
  await recordRetentionNotice(db, { employeeId: subject.id, kind: 'face', basisAt: now, dueAt: now, notifiedAt: now });
  // A change they asked for that waits for HR, and one of their report's they decided on as if HR (decision 323):
  // theirs goes, the report's stays with the decider nulled.
  await db.sequelize.transaction(async (transaction) => {
    const change = { fieldKey: 'desk', oldValue: null, newValue: 'Quillon desk 7' };
    await savePendingChange(db, { ...change, employeeId: subject.id }, transaction);
    const reportsChange = await savePendingChange(db, { ...change, employeeId: report.id }, transaction);
    await markChangeDecided(
      db,
      { id: reportsChange, decidedBy: subject.id, outcome: 'refused', reason: 'Not that desk' },
      transaction,
    );
  });
  // A SCIM connection token they created as HR, and its event: the token stays (a provider uses it), the creator
  // is nulled and the event's actor becomes "a former employee".
  await runScimConnectionAction(platform, scimTokenForm(), subject.id);
  const table = metadataTable(platform);
  await putProfileExtras(table, subject.id, { pronouns: 'they/them', skills: ['ledgers'], links: [] });
  await appendActivity(table, { employeeId: report.id, actorId: subject.id, action: 'profile.updated' });
  // And one in their own log, as when they edit their own profile: about them, so erased, not kept.
  await appendActivity(table, { employeeId: subject.id, actorId: subject.id, action: 'profile.updated' });
  // A photo as the pipeline leaves it: record, original, renditions, and a face reference (the local model's).
  const stored = await storeOriginal(platform, subject.id, await stageTestPhoto({ width: 64, height: 64 }));
  for (const size of [96, 256] as const) {
    await platform.s3.send(
      new PutObjectCommand({
        Bucket: platform.bucket,
        Key: renditionKey(subject.id, stored.photoId, size, 'jpeg'),
        Body: 'jpeg',
      }),
    );
  }
  await platform.dynamo.send(
    new UpdateCommand({
      TableName: platform.tableName,
      Key: { pk: employeePk(subject.id), sk: photoSk(stored.photoId) },
      UpdateExpression: 'SET faceReference = :reference',
      ExpressionAttributeValues: {
        ':reference': {
          kind: 'descriptor',
          model: 'test',
          descriptor: Array.from({ length: 128 }, (_, i) => 0.0123 + i / 997),
        },
      },
    }),
  );
  // Indexed while active, then deactivated: the index keeps a tombstone, HR's topic and the mail folder hold messages.
  await dispatchEvents(db, createSubscribers(platform));
  await deactivateEmployee(platform, hr.id, subject.id, 'Left the company');
  await dispatchEvents(db, createSubscribers(platform));
  // A message to their manager's mailbox that names them (as the workflow's "manager told" notice does).
  const mail = path.join(platform.env.dataDir, 'mail');
  await mkdir(mail, { recursive: true });
  await writeFile(
    path.join(mail, `manager-${tag}.eml`),
    `To: boss@xyz.example\r\nSubject: Quillon Zarathustra waits\r\n\r\nHello`,
  );
  const identifiers = (await readPersonIdentifiers(platform, subject.id))!;
  return { hr, subject, report, identifiers };
}

function scimTokenForm(): FormData {
  const form = new FormData();
  form.set('intent', 'create');
  form.set('name', 'Entra ID (erasure test)');
  form.set('expiresInDays', '30');
  return form;
}

export function describeErasure(dialect: TestDialect) {
  describe(`erasure (${dialect}, dynalite, s3rver, embedded index)`, () => {
    let platform: TestPlatform;
    let scenario: ErasureScenario;
    beforeAll(async () => {
      platform = await startTestPlatform({ dialect, photoTrigger: false });
      scenario = await givePersonSomethingEverywhere(platform, dialect);
    }, 60_000);
    afterAll(async () => platform?.close());

    it('refuses an active person, with a reason HR can read', async () => {
      await expect(
        requestErasure(platform, {
          employeeId: scenario.report.id,
          requestedBy: { kind: 'hr', employeeId: scenario.hr.id },
          reason: 'test',
        }),
      ).rejects.toThrow(ErasureRefusedError);
      await expect(
        requestErasure(platform, {
          employeeId: scenario.report.id,
          requestedBy: { kind: 'hr', employeeId: scenario.hr.id },
          reason: 'test',
        }),
      ).rejects.toThrow(/Only a deactivated employee or a rejected applicant/);
    });

    it('previews, erases from every store, and leaves only the tombstone', async () => {
      const ports = localPorts(platform);
      const before = await scanForResidue(platform, scenario.identifiers, ports);
      console.log(
        `residue scan before the erasure (${dialect}):\n${formatResidueReport(scenario.identifiers, before)}`,
      );
      const stores = new Set(before.hits.map((hit) => hit.store));
      expect([...stores].sort()).toEqual(['database', 'dynamodb', 'mail', 'outbox', 's3', 'search']);
      // The SCIM token they created as HR names them (found by the scan's walk over every text column).
      expect(before.hits.map((hit) => hit.where)).toContainEqual(expect.stringContaining('scim_tokens.created_by'));

      const preview = await previewErasure(platform, scenario.subject.id, ports);
      const count = (store: string, what: string) =>
        preview.stores.find((s) => s.store === store)?.items.find((item) => item.what.startsWith(what))?.count;
      expect(count('DynamoDB', 'photo records')).toBe(1);
      // In the report's log: the entry for creating the report, and their edit; the one in their own log goes.
      expect(count('DynamoDB', 'entries they wrote about others')).toBe(2);
      expect(count('S3 (photo bucket)', 'object versions')).toBe(3);
      expect(count('Database', 'sessions rows')).toBe(1);
      expect(count('Database', 'reports')).toBe(1);
      expect(count('Database', 'face_check_consents rows')).toBe(1);
      expect(count('Database', 'private_detail_views rows')).toBe(1);
      expect(count('Database', 'retention_notices rows')).toBe(1);
      expect(count('Database', 'field_change_requests rows')).toBe(1);

      const { erasureId } = await requestErasure(platform, {
        employeeId: scenario.subject.id,
        requestedBy: { kind: 'hr', employeeId: scenario.hr.id },
        reason: 'Asked to be forgotten',
      });
      // Once asked for, it runs to the end: HR cannot bring the profile back halfway.
      await expect(reactivateEmployee(platform, scenario.hr.id, scenario.subject.id)).rejects.toThrow(
        ErasureUnderWayError,
      );
      // employee.deleted must reach its subscribers before the outbox goes: the job waits for them.
      expect(await runErasure(platform, erasureId, { ports })).toBe('waiting');
      await dispatchEvents(platform.db, createSubscribers(platform));
      await platform.db.sequelize.query('UPDATE erasures SET claimed_until = NULL');
      expect(await runErasure(platform, erasureId, { ports })).toBe('completed');

      const after = await scanForResidue(platform, scenario.identifiers, ports);
      console.log(`residue scan after the erasure (${dialect}):\n${formatResidueReport(scenario.identifiers, after)}`);
      expect(after.hits).toEqual([]);
      expect(after.tombstones).toBeGreaterThan(0);

      const [tombstone] = await listErasuresOf(platform.db, scenario.subject.id);
      expect(tombstone).toMatchObject({
        state: 'completed',
        reason: 'Asked to be forgotten',
        requestedBy: { kind: 'hr', employeeId: scenario.hr.id },
      });
      expect((await getErasureProgress(platform, erasureId))!.steps.every((step) => step.done)).toBe(true);
      expect(ports.suppressionList).toMatchObject({ forgotten: expect.arrayContaining(scenario.identifiers.emails) });
    });

    it('leaves the reports without a manager, tells HR, and names the author of their entries "a former employee"', async () => {
      expect((await getEmployee(platform.db, scenario.report.id, 'public'))!.managerId).toBeNull();
      const notices = await listRecordedNotifications(platform.db);
      expect(notices.some((notice) => notice.message?.type === 'employee.reports-unassigned')).toBe(true);
      const { entries } = await listActivity(metadataTable(platform), scenario.report.id);
      expect(entries.find((entry) => entry.action === 'profile.updated')?.actorId).toBe(FORMER_EMPLOYEE_ACTOR);
      expect(await readdir(path.join(platform.env.dataDir, 'mail'))).not.toContain(`manager-${dialect}.eml`);
    });

    it("keeps their decision on a report's field change with the report, the decider nulled", async () => {
      expect(await listChangesOf(platform.db, scenario.subject.id)).toEqual([]);
      expect(await listChangesOf(platform.db, scenario.report.id)).toEqual([
        expect.objectContaining({ outcome: 'refused', decidedBy: null, reason: 'Not that desk' }),
      ]);
    });

    it('keeps the SCIM connection tokens they created, the creator nulled', async () => {
      expect(await listScimTokens(platform.db)).toEqual([
        expect.objectContaining({ name: 'Entra ID (erasure test)', createdBy: null, createdByName: null }),
      ]);
    });

    it("keeps their look at a report's private details in the report's log, as a former employee's", async () => {
      const { views } = await listPrivateDetailViews(platform.db, scenario.report.id, { limit: 10 });
      expect(views).toEqual([
        expect.objectContaining({ viewerEmployeeId: null, viewerName: null, place: 'hr-archive' }),
      ]);
    });
  });
}
