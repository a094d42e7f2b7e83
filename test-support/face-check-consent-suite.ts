/**
 * Consent to the face check (docs/decisions/206-face-check-consent.md) across the database and DynamoDB: what is
 * recorded where the person answers, the policy the server derives for their photos, a declined photo held for HR
 * with no verifier called, a new notice version asking again, and a withdrawal deleting every face reference (the
 * DynamoDB attribute, and DeleteFaces against the Rekognition stand-in). Run by
 * app/services/face-check-consent.server.test.ts (SQLite) and face-check-consent.server.mariadb.test.ts (MariaDB).
 */
import { randomUUID } from 'node:crypto';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { RawIntlProvider } from 'react-intl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { EmployeeEvent } from '@shared/contracts/employee-events';
import type { FaceReference } from '@shared/faces/face-verifier';
import { originalKey } from '@shared/contracts/s3-keys';
import { createFaceApiVerifier } from '@shared/faces/face-api-verifier';
import { FACE_CHECK_DEFAULTS } from '@shared/faces/face-check-settings';
import { DELETE_ONE_FACE } from '@shared/faces/rekognition-recorded-responses';
import { createRekognitionVerifier } from '@shared/faces/rekognition-verifier';
import { metadataTable } from '@shared/metadata-table';
import {
  claimPhotoForProcessing,
  getPhoto,
  listPhotosForEmployee,
  markPhotoReady,
  recordUploadedPhoto,
} from '@shared/photo-records';
import { WorkflowFindings } from '~/components/workflow-findings';
import { catalogue } from '~/i18n/catalogue.server';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { listEmployeeEvents } from '~/models/event-outbox.server';
import { getEmployee } from '~/models/employee.server';
import { latestFaceCheckConsent } from '~/models/face-check-consents.server';
import { createEmployee, replacePhoto } from '~/services/employees.server';
import {
  answerFaceCheckNotice,
  faceCheckConsentRecord,
  faceCheckPolicyOf,
  getFaceCheckConsent,
  withdrawFaceCheckConsent,
} from '~/services/face-check-consent.server';
import { deleteFaceReferences } from '~/services/face-references.server';
import { descriptorNeedle, readPersonIdentifiers } from '~/services/erasure/person-identifiers.server';
import { scanForResidue } from '~/services/residue-scan.server';
import { rebuildSearchIndex } from '~/services/search-reindex.server';
import { handleJoin } from '~/services/join.server';
import { HELD_MESSAGES } from '~/services/photo-view.server';
import { settlePhoto } from '~/services/photo-watcher.server';
import { photoOutcomeOfEvent } from '~/workflow/steps/photo-steps.server';
import { processS3Event } from '../functions/photo-processor/process-photo';
import type { TestDialect } from './databases';
import { countingVerifier, recordedRekognitionClient } from './face-verifiers';
import { createConfirmedJoinToken } from './join-links';
import { stageTestPhoto, writeTestJpeg } from './photos';
import { startTestPlatform, type TestPlatform } from './platform';
import fs from 'node:fs';

export function runFaceCheckConsentSuite(dialect: TestDialect) {
  describe(`consent to the face check (${dialect})`, { timeout: 120_000 }, () => {
    let platform: TestPlatform;
    let jpeg: Buffer;
    beforeAll(async () => {
      // The photo function is run by hand below, with a verifier that counts its calls.
      platform = await startTestPlatform({ dialect, photoTrigger: false });
      jpeg = fs.readFileSync(await writeTestJpeg({ width: 400, height: 400 }));
    }, 120_000);
    afterAll(async () => platform?.close());

    const fields = (workEmail: string) =>
      employeeFieldsSchema.parse({
        firstName: 'Noa',
        lastName: 'Consent',
        workEmail,
        jobTitle: 'Analyst',
        department: 'Finance',
      });

    async function join(answer: 'given' | 'declined' | null) {
      const email = `joiner.${randomUUID().slice(0, 8)}@xyz.example`;
      const form = new FormData();
      for (const [name, value] of Object.entries({
        token: await createConfirmedJoinToken(platform.db, email),
        firstName: 'Jo',
        lastName: 'Iner',
        workEmail: email,
        jobTitle: 'Engineer',
        department: 'Engineering',
        password: 'a long and personal passphrase 2026',
        ...(answer ? { faceCheckConsent: answer } : {}),
      }))
        form.set(name, value);
      form.set('photo', new File([new Uint8Array(jpeg)], 'me.jpg', { type: 'image/jpeg' }));
      const site = platform.env.PUBLIC_URL ?? 'http://localhost:3000';
      const request = new Request(`${site}/join`, {
        method: 'POST',
        body: form,
        headers: { origin: new URL(site).origin },
      });
      const result = await handleJoin(platform, request, { browserKeepsFile: true });
      if (!result.ok) throw new Error(`join failed: ${JSON.stringify(result)}`);
      const employee = (await getEmployee(platform.db, result.employeeId, 'private'))!;
      return { employeeId: employee.id, photoId: employee.pendingPhotoId! };
    }

    /** The photo function on the platform's emulators, with a verifier whose calls are counted. */
    async function runPhotoFunction(ids: { employeeId: string; photoId: string }) {
      const local = countingVerifier(
        createFaceApiVerifier({
          maxMatchDistance: FACE_CHECK_DEFAULTS.FACE_MATCH_MAX_DISTANCE,
          minSecondDetectorScore: FACE_CHECK_DEFAULTS.FACE_MIN_SECOND_DETECTOR_SCORE,
        }),
      );
      const key = originalKey(ids.employeeId, ids.photoId);
      await processS3Event(
        {
          Records: [
            {
              eventSource: 'aws:s3',
              eventName: 'ObjectCreated:Put',
              s3: { bucket: { name: platform.bucket }, object: { key } },
            },
          ],
        },
        {
          s3: platform.s3,
          table: metadataTable(platform),
          faces: { verifier: local.verifier, settings: FACE_CHECK_DEFAULTS },
        },
      );
      return local.calls;
    }

    const eventsOf = async (employeeId: string) =>
      (await listEmployeeEvents(platform.db, employeeId)).map((body) => JSON.parse(body) as EmployeeEvent);

    it('joining with "no": recorded, never checked, and the photo waits for HR marked "no consent: check by eye"', async () => {
      const ids = await join('declined');
      expect(await latestFaceCheckConsent(platform.db, ids.employeeId)).toMatchObject({
        choice: 'declined',
        place: 'join',
        noticeVersion: platform.env.FACE_CHECK_NOTICE_VERSION,
      });
      expect(await getPhoto(metadataTable(platform), ids)).toMatchObject({ faceCheckPolicy: 'no-consent' });

      const calls = await runPhotoFunction(ids);
      expect(calls).toEqual({ detectFaces: 0, enrolFace: 0, compareWithReference: 0, forgetFace: 0 });
      const record = (await getPhoto(metadataTable(platform), ids))!;
      expect(record).toMatchObject({ state: 'ready', faceCheck: { outcome: 'no-consent', checkedBy: 'none' } });
      expect(record.faceReference).toBeUndefined();
      expect(record.faceCheck!.faceBox).toBeUndefined();

      // Not put on the profile by itself: held, announced once, and the workflow's photo step tells HR to look.
      expect(await settlePhoto(platform, ids)).toBeNull();
      expect(await getEmployee(platform.db, ids.employeeId, 'private')).toMatchObject({
        photoId: null,
        pendingPhotoId: ids.photoId,
      });
      const held = (await eventsOf(ids.employeeId)).find((event) => event.type === 'employee.photo-held')!;
      expect(held).toMatchObject({ faceCheck: 'no-consent', photoId: ids.photoId });
      const outcome = photoOutcomeOfEvent(held)!;
      expect(outcome).toMatchObject({ verdict: 'needs-review', faceCheck: 'no-consent' });
      expect(outcome.reason).toBe(HELD_MESSAGES['no-consent']);
      const page = renderToStaticMarkup(
        createElement(
          RawIntlProvider,
          { value: catalogue('en').intl },
          createElement(WorkflowFindings, {
            findings: {
              waitingSince: new Date().toISOString(),
              waitedHours: 0,
              photo: outcome,
              record: null,
              reminded: false,
            },
          }),
        ),
      );
      expect(page).toContain('Needs your review (no consent: check by eye)');
    });

    it('joining with "yes" records it and the photo is checked; joining without an answer records nothing and is not', async () => {
      const agreed = await join('given');
      expect(await latestFaceCheckConsent(platform.db, agreed.employeeId)).toMatchObject({
        choice: 'given',
        place: 'join',
      });
      expect(await getPhoto(metadataTable(platform), agreed)).toMatchObject({ faceCheckPolicy: 'check' });

      const silent = await join(null);
      expect(await latestFaceCheckConsent(platform.db, silent.employeeId)).toBeNull();
      expect(await getPhoto(metadataTable(platform), silent)).toMatchObject({ faceCheckPolicy: 'no-consent' });
      expect(await getFaceCheckConsent(platform, silent.employeeId)).toEqual({
        latest: null,
        current: false,
        checked: false,
      });
    });

    it('a new notice version asks again: a yes to the old one counts as not asked until the person answers again', async () => {
      const employee = await createEmployee(platform, {
        fields: fields(`version.${randomUUID().slice(0, 8)}@xyz.example`),
        faceCheckAnswer: { answer: 'given', place: 'join' },
      });
      expect(await faceCheckPolicyOf(platform, employee.id)).toBe('check');
      const before = platform.env.FACE_CHECK_NOTICE_VERSION;
      platform.env.FACE_CHECK_NOTICE_VERSION = 'next-version';
      try {
        expect(await getFaceCheckConsent(platform, employee.id)).toMatchObject({
          latest: { choice: 'given', noticeVersion: before },
          current: false,
          checked: false,
        });
        const unasked = await replacePhoto(platform, employee.id, employee.id, await stageTestPhoto());
        expect(await getPhoto(metadataTable(platform), unasked)).toMatchObject({ faceCheckPolicy: 'no-consent' });

        await answerFaceCheckNotice(platform, { employeeId: employee.id, answer: 'given', place: 'photo-replacement' });
        const asked = await replacePhoto(platform, employee.id, employee.id, await stageTestPhoto());
        expect(await getPhoto(metadataTable(platform), asked)).toMatchObject({ faceCheckPolicy: 'check' });
        // HR sees both answers, newest first; repeating the same answer adds no row.
        await answerFaceCheckNotice(platform, { employeeId: employee.id, answer: 'given', place: 'photo-replacement' });
        const record = await faceCheckConsentRecord(platform, employee.id);
        expect(record.history.map((entry) => [entry.choice, entry.place, entry.noticeVersion])).toEqual([
          ['given', 'photo-replacement', 'next-version'],
          ['given', 'join', before],
        ]);
      } finally {
        platform.env.FACE_CHECK_NOTICE_VERSION = before;
      }
    });

    /** A ready photo record with this face reference, as the photo function leaves a checked photo. */
    async function checkedPhoto(employeeId: string, reference: FaceReference) {
      const table = metadataTable(platform);
      const ids = { employeeId, photoId: randomUUID() };
      await recordUploadedPhoto(table, ids);
      const claim = await claimPhotoForProcessing(table, ids, { leaseSeconds: 60 });
      if (!claim.claimed) throw new Error('not claimed');
      await markPhotoReady(table, {
        ...ids,
        attempt: claim.record.attempt,
        original: {},
        renditions: [],
        faceCheck: {
          outcome: 'verified',
          checkedBy: reference.kind === 'rekognition' ? 'rekognition' : 'face-api',
          checkedAt: new Date().toISOString(),
        },
        faceReference: reference,
      });
      return ids;
    }

    it('deletes every face reference of a person: the DynamoDB attribute, and DeleteFaces for a Rekognition face', async () => {
      const employee = await createEmployee(platform, {
        fields: fields(`refs.${randomUUID().slice(0, 8)}@xyz.example`),
        faceCheckAnswer: { answer: 'given', place: 'join' },
      });
      const faceId = '11111111-2222-4333-8444-555555555555';
      await checkedPhoto(employee.id, { kind: 'descriptor', model: 'face-api', descriptor: [0.1, 0.2, 0.3] });
      await checkedPhoto(employee.id, { kind: 'rekognition', collectionId: 'xyz-faces', faceId });
      // An upload not processed yet: it must not be checked after the withdrawal either.
      const waiting = { employeeId: employee.id, photoId: randomUUID() };
      await recordUploadedPhoto(metadataTable(platform), waiting);
      const someoneElse = await checkedPhoto(randomUUID(), { kind: 'descriptor', model: 'face-api', descriptor: [1] });

      const rekognition = recordedRekognitionClient({ DeleteFacesCommand: DELETE_ONE_FACE });
      const verifier = createRekognitionVerifier({
        client: rekognition.client,
        collectionId: 'xyz-faces',
        minSimilarity: 90,
        minPersonConfidence: 80,
      });
      const started = Date.now();
      expect(await deleteFaceReferences(platform, employee.id, { verifier })).toEqual({ deleted: 2 });
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(rekognition.sent).toEqual([
        { command: 'DeleteFacesCommand', input: { CollectionId: 'xyz-faces', FaceIds: [faceId] } },
      ]);
      const photos = await listPhotosForEmployee(metadataTable(platform), employee.id);
      expect(photos).toHaveLength(3);
      for (const photo of photos) {
        expect(photo.faceReference).toBeUndefined();
        expect(photo.faceCheckPolicy).toBe('no-consent');
      }
      // Another person's reference is untouched; a second run finds nothing left.
      expect((await getPhoto(metadataTable(platform), someoneElse))!.faceReference).toBeDefined();
      expect(await deleteFaceReferences(platform, employee.id, { verifier })).toEqual({ deleted: 0 });
    });

    it('withdrawing from /me is recorded and deletes the references before it returns; later photos are not checked', async () => {
      const employee = await createEmployee(platform, {
        fields: fields(`withdraw.${randomUUID().slice(0, 8)}@xyz.example`),
        faceCheckAnswer: { answer: 'given', place: 'join' },
      });
      const descriptor = [0.0731, -0.1542, 0.0268, 0.1913];
      const checked = await checkedPhoto(employee.id, { kind: 'descriptor', model: 'face-api', descriptor });
      // The residue scan, as an operator runs it, finds the reference before and nothing of it after.
      await rebuildSearchIndex(platform);
      const identifiers = (await readPersonIdentifiers(platform, employee.id))!;
      expect(identifiers.faceReferences).toEqual([descriptorNeedle(descriptor)]);
      const faceHits = async () =>
        (await scanForResidue(platform, identifiers)).hits.filter((hit) => hit.found === 'face reference');
      expect(await faceHits()).toHaveLength(1);
      expect(await withdrawFaceCheckConsent(platform, employee.id)).toEqual({ deleted: 1 });
      expect((await getPhoto(metadataTable(platform), checked))!.faceReference).toBeUndefined();
      expect(await faceHits()).toEqual([]);
      expect(await latestFaceCheckConsent(platform.db, employee.id)).toMatchObject({
        choice: 'withdrawn',
        place: 'me',
      });
      const later = await replacePhoto(platform, employee.id, employee.id, await stageTestPhoto());
      expect(await getPhoto(metadataTable(platform), later)).toMatchObject({ faceCheckPolicy: 'no-consent' });
      expect(await runPhotoFunction(later)).toEqual({
        detectFaces: 0,
        enrolFace: 0,
        compareWithReference: 0,
        forgetFace: 0,
      });
    });

    it('a photo being checked while the person withdraws: the photo watcher drops the reference it was given', async () => {
      const employeeId = randomUUID();
      const table = metadataTable(platform);
      const ids = { employeeId, photoId: randomUUID() };
      await recordUploadedPhoto(table, { ...ids, faceCheckPolicy: 'check' });
      const claim = await claimPhotoForProcessing(table, ids, { leaseSeconds: 60 });
      if (!claim.claimed) throw new Error('not claimed');
      // The withdrawal runs while the function works; the function then finishes with a reference.
      expect(await deleteFaceReferences(platform, employeeId)).toEqual({ deleted: 0 });
      await markPhotoReady(table, {
        ...ids,
        attempt: claim.record.attempt,
        original: {},
        renditions: [],
        faceCheck: { outcome: 'verified', checkedBy: 'face-api', checkedAt: new Date().toISOString() },
        faceReference: { kind: 'descriptor', model: 'face-api', descriptor: [0.9] },
      });
      expect((await getPhoto(table, ids))!.faceReference).toBeDefined();
      await settlePhoto(platform, ids);
      expect((await getPhoto(table, ids))!.faceReference).toBeUndefined();
    });

    it('saying no with a new photo after an earlier yes deletes the references kept under the yes', async () => {
      const employee = await createEmployee(platform, {
        fields: fields(`changed.${randomUUID().slice(0, 8)}@xyz.example`),
        faceCheckAnswer: { answer: 'given', place: 'join' },
      });
      const checked = await checkedPhoto(employee.id, { kind: 'descriptor', model: 'face-api', descriptor: [0.7] });
      await answerFaceCheckNotice(platform, {
        employeeId: employee.id,
        answer: 'declined',
        place: 'photo-replacement',
      });
      expect((await getPhoto(metadataTable(platform), checked))!.faceReference).toBeUndefined();
      expect(await faceCheckPolicyOf(platform, employee.id)).toBe('no-consent');
    });
  });
}
