/**
 * The erasure against AWS's shapes where an emulator has them: a versioned photo bucket on moto (noncurrent
 * versions and a delete marker under the person's prefixes), the SES v2 suppression-list adapter, and the
 * Rekognition collection. moto implements neither the suppression list nor the face collection (STACK.md): those
 * two are in-process stand-ins, named as such, behind the same SDK-shaped `send`.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DeleteSuppressedDestinationCommand } from '@aws-sdk/client-sesv2';
import { DeleteFacesCommand, ListFacesCommand } from '@aws-sdk/client-rekognition';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '@shared/aws-clients';
import { renditionKey } from '@shared/contracts/s3-keys';
import { sesSuppressionList } from '@shared/mail/suppression-list';
import { startMotoServer, type MotoServer } from '@test-support/moto-server';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { givePersonSomethingEverywhere, type ErasureScenario } from '@test-support/erasure-suite';
import { dispatchEvents } from '~/services/event-dispatcher.server';
import { createSubscribers } from '~/subscribers/index.server';
import { formatResidueReport, scanForResidue } from '~/services/residue-scan.server';
import { requestErasure } from '../erasure.server';
import { runErasure } from './erasure-job.server';
import { rekognitionFaceCollection } from './face-collection.server';
import { listStoredVersions } from './object-versions.server';
import type { ErasurePorts } from './erasure-ports.server';

/** Stand-in for SES v2's account suppression list (moto answers 404 HTML): NotFoundException for an unlisted address. */
function sesSuppressionStandIn(listed: Set<string>) {
  return {
    async send(command: unknown) {
      if (!(command instanceof DeleteSuppressedDestinationCommand)) throw new Error('not stood in for');
      const address = command.input.EmailAddress!;
      if (!listed.delete(address)) throw Object.assign(new Error('not on the list'), { name: 'NotFoundException' });
      return {};
    },
  };
}

/** Stand-in for a Rekognition collection (moto answers 500 HTML to every collection call): ListFaces and DeleteFaces. */
function rekognitionCollectionStandIn(faces: Map<string, string>) {
  return {
    async send(command: unknown) {
      if (command instanceof ListFacesCommand) {
        return { Faces: [...faces].map(([FaceId, ExternalImageId]) => ({ FaceId, ExternalImageId })) };
      }
      if (command instanceof DeleteFacesCommand) {
        for (const id of command.input.FaceIds ?? []) faces.delete(id);
        return { DeletedFaces: command.input.FaceIds };
      }
      throw new Error('not stood in for');
    },
  };
}

describe('erasure with a versioned bucket (moto), the suppression list and the face collection (stand-ins)', () => {
  let moto: MotoServer;
  let base: TestPlatform;
  let platform: TestPlatform;
  let s3: S3Client;
  let scenario: ErasureScenario;
  const bucket = 'erasure-versioned-photos';
  const listed = new Set<string>();
  const faces = new Map<string, string>();
  let ports: ErasurePorts;

  beforeAll(async () => {
    moto = await startMotoServer();
    s3 = createS3Client({ region: moto.region, endpoint: moto.endpoint, settings: moto.settings });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    base = await startTestPlatform({ photoTrigger: false });
    // The same platform with its photo bucket on moto: every step and the scan use this S3.
    platform = Object.assign(Object.create(Object.getPrototypeOf(base)), base, { s3, bucket });
    scenario = await givePersonSomethingEverywhere(platform, 'moto');
    ports = {
      faceCollection: rekognitionFaceCollection(rekognitionCollectionStandIn(faces), 'stand-in-collection'),
      suppressionList: sesSuppressionList(sesSuppressionStandIn(listed)),
      mailDirectory: null,
    };
    // A replaced original (a noncurrent version), a deleted rendition (a delete marker), a face left in the
    // collection under their id, another person's face, and their work address on the suppression list.
    const [photo] = (await listStoredVersions(s3, bucket, `originals/${scenario.subject.id}/`)).map((v) => v.key);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: photo, Body: 'second version' }));
    const photoId = photo!.split('/')[2]!;
    await s3.send(
      new DeleteObjectCommand({ Bucket: bucket, Key: renditionKey(scenario.subject.id, photoId, 96, 'jpeg') }),
    );
    faces.set('face-of-subject', scenario.subject.id);
    faces.set('face-of-colleague', scenario.report.id);
    listed.add(scenario.identifiers.emails[0]!);
  }, 90_000);
  afterAll(async () => {
    await base?.close();
    s3?.destroy();
    await moto?.stop();
  });

  it('deletes every version and delete marker, the face and the suppressed address, and leaves no residue', async () => {
    const before = await listStoredVersions(s3, bucket, '');
    expect(before.filter((v) => v.deleteMarker)).toHaveLength(1);
    const originals = before.filter((v) => v.key.startsWith(`originals/${scenario.subject.id}/`));
    expect(originals).toHaveLength(2);
    const scanBefore = await scanForResidue(platform, scenario.identifiers, ports);
    expect(scanBefore.hits.filter((hit) => hit.store === 's3').length).toBeGreaterThanOrEqual(4);
    expect(scanBefore.hits.some((hit) => hit.store === 'faces')).toBe(true);

    const { erasureId } = await requestErasure(platform, {
      employeeId: scenario.subject.id,
      requestedBy: { kind: 'retention' },
      reason: 'Deactivated profile kept for two years',
    });
    expect(await runErasure(platform, erasureId, { ports })).toBe('waiting');
    await dispatchEvents(platform.db, createSubscribers(platform));
    await platform.db.sequelize.query('UPDATE erasures SET claimed_until = NULL');
    expect(await runErasure(platform, erasureId, { ports })).toBe('completed');

    expect(await listStoredVersions(s3, bucket, '')).toEqual([]);
    expect([...faces.keys()]).toEqual(['face-of-colleague']);
    expect(listed.size).toBe(0);
    const after = await scanForResidue(platform, scenario.identifiers, ports);
    console.log(
      `residue scan after the erasure (moto S3, stand-ins):\n${formatResidueReport(scenario.identifiers, after)}`,
    );
    expect(after.hits).toEqual([]);
  }, 60_000);
});
