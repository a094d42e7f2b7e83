/**
 * The stores erasure and the residue scan reach beyond the platform's own clients: the face collection
 * (Rekognition on AWS), the suppression list (SES on AWS, a file locally) and the local mail folder. Built from
 * the environment here; a test passes stand-ins (moto implements neither the collection nor the suppression list).
 */
import path from 'node:path';
import { mailTransportOf } from '~/config/env.server';
import { createRekognitionClient } from '@shared/aws-clients';
import { createSesClient } from '@shared/mail/ses-mailer';
import { fileSuppressionList, sesSuppressionList, type SuppressionList } from '@shared/mail/suppression-list';
import type { Platform } from '~/platform.server';
import { rekognitionFaceCollection, type FaceCollection } from './face-collection.server';

export interface ErasurePorts {
  /** null when faces are kept only on the photo records (the local model). */
  faceCollection: FaceCollection | null;
  suppressionList: SuppressionList;
  /** The folder of `.eml` files (local mail); null when mail goes through SES. */
  mailDirectory: string | null;
}

export function erasurePortsFor(platform: Pick<Platform, 'env'>): ErasurePorts {
  const { env } = platform;
  const mailDirectory = path.join(env.dataDir, 'mail');
  const local = mailTransportOf(env) === 'file';
  return {
    faceCollection:
      env.FACE_VERIFIER === 'rekognition' && env.REKOGNITION_COLLECTION_ID
        ? rekognitionFaceCollection(
            createRekognitionClient({ region: env.AWS_REGION, settings: env }),
            env.REKOGNITION_COLLECTION_ID,
          )
        : null,
    suppressionList: local
      ? fileSuppressionList(mailDirectory)
      : sesSuppressionList(createSesClient({ region: env.AWS_REGION, endpoint: env.SES_ENDPOINT, settings: env })),
    mailDirectory: local ? mailDirectory : null,
  };
}
