/**
 * The photo function (functions/photo-processor): bundled by scripts/package-function.ts with sharp's
 * linux-x64 binaries, uploaded by `aws cloudformation package` (the local Code path below is what it
 * rewrites). Reserved concurrency, a dead-letter queue for events that fail every retry, its own log group
 * with retention, and a role that can read originals/, write and delete renditions/, read and update photo
 * records, and check faces against the stack's Rekognition collection, no more.
 */
import { IAM, Lambda, Logs, SQS } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { skipCheckov } from '../lib/fragment.js';
import { getAtt, ref, sub } from '../lib/intrinsics.js';
import { assumeRolePolicy, policyDocument } from '../lib/iam.js';
import { ID, NAMES, P } from '../ids.js';
import { dataKeyArn } from './encryption.js';
import { ORIGINALS_PREFIX, RENDITIONS_PREFIX, photoBucketArn } from './photo-bucket.js';
import { faceCollectionArn, faceCollectionId } from './face-collection.js';

/** Relative to the generated template in cloudformation/dist/. */
export const PHOTO_FUNCTION_CODE = '../../dist/photo-processor.zip';
export const PHOTO_FUNCTION_RUNTIME = 'nodejs24.x';
/** Chosen from a measurement: docs/decisions/104-photo-function-memory-and-timeout.md. */
export const PHOTO_FUNCTION_MEMORY_MB = 1024;
export const PHOTO_FUNCTION_TIMEOUT_S = 30;

export function photoFunction(): Fragment {
  const functionName = sub(NAMES.photoFunction);
  const logGroupName = sub(`/aws/lambda/${NAMES.photoFunction}`);

  const role = new IAM.Role({
    AssumeRolePolicyDocument: assumeRolePolicy('lambda.amazonaws.com'),
    Policies: [
      {
        PolicyName: 'photo-processing',
        PolicyDocument: policyDocument([
          {
            Sid: 'ReadOriginals',
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: photoBucketArn(`/${ORIGINALS_PREFIX}*`),
          },
          {
            Sid: 'WriteRenditions',
            Effect: 'Allow',
            // Delete: the renditions of a photo deleted while the function was making them (decision 001).
            Action: ['s3:PutObject', 's3:DeleteObject'],
            Resource: photoBucketArn(`/${RENDITIONS_PREFIX}*`),
          },
          {
            Sid: 'UpdatePhotoRecords',
            Effect: 'Allow',
            // Query: an employee's photo records, to find the verified face a replacement is compared with.
            Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
            Resource: getAtt(ID.MetadataTable, 'Arn'),
          },
          {
            Sid: 'DetectFaces',
            Effect: 'Allow',
            // DetectFaces works on image bytes and has no resource type: IAM accepts only "*" for it.
            Action: 'rekognition:DetectFaces',
            Resource: '*',
          },
          {
            Sid: 'DetectLabels',
            Effect: 'Allow',
            // Is a detected face a person's (decision 204)? Works on bytes too: no resource type, only "*".
            Action: 'rekognition:DetectLabels',
            Resource: '*',
          },
          {
            Sid: 'UseFaceCollection',
            Effect: 'Allow',
            Action: ['rekognition:IndexFaces', 'rekognition:SearchFacesByImage', 'rekognition:DeleteFaces'],
            Resource: faceCollectionArn(),
          },
          {
            Sid: 'UseDataKey',
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: dataKeyArn(),
          },
          {
            Sid: 'DeadLetters',
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Resource: getAtt(ID.PhotoFunctionDeadLetterQueue, 'Arn'),
          },
          {
            Sid: 'WriteOwnLogs',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: sub(`\${${ID.PhotoFunctionLogGroup}.Arn}:log-stream:*`),
          },
        ]),
      },
    ],
  });

  const fn = skipCheckov(
    new Lambda.Function({
      FunctionName: functionName,
      Description: 'Makes the renditions of a photo uploaded under originals/ and updates its record',
      Runtime: PHOTO_FUNCTION_RUNTIME,
      Architectures: ['x86_64'],
      Handler: 'index.handler',
      // `aws cloudformation package` uploads this local file and replaces it with S3Bucket/S3Key.
      Code: PHOTO_FUNCTION_CODE as never,
      MemorySize: PHOTO_FUNCTION_MEMORY_MB,
      Timeout: PHOTO_FUNCTION_TIMEOUT_S,
      ReservedConcurrentExecutions: ref(P.PhotoFunctionConcurrency),
      Role: getAtt(ID.PhotoFunctionRole, 'Arn'),
      DeadLetterConfig: { TargetArn: getAtt(ID.PhotoFunctionDeadLetterQueue, 'Arn') },
      KmsKeyArn: dataKeyArn(),
      Environment: {
        Variables: {
          DYNAMODB_TABLE: ref(ID.MetadataTable),
          NODE_OPTIONS: '--enable-source-maps',
          // The face check's limits keep their defaults (decision 204); set FACE_* here to tune them.
          FACE_VERIFIER: 'rekognition',
          REKOGNITION_COLLECTION_ID: faceCollectionId(),
        },
      },
    })
      .dependsOn(ID.PhotoFunctionLogGroup)
      // W3002 says a local Code path needs `aws cloudformation package`: that is the documented deploy path.
      .metadata({ 'cfn-lint': { config: { ignore_checks: ['W3002'] } } }),
    [
      {
        id: 'CKV_AWS_117',
        comment:
          'The function talks only to S3 and DynamoDB, through IAM; a VPC attachment would add ENI permissions on * and reach nothing private.',
      },
    ],
  );

  return {
    Resources: {
      [ID.PhotoFunctionLogGroup]: new Logs.LogGroup({
        LogGroupName: logGroupName,
        RetentionInDays: ref(P.LogRetentionDays),
        KmsKeyId: dataKeyArn(),
      }),
      [ID.PhotoFunctionDeadLetterQueue]: new SQS.Queue({
        KmsMasterKeyId: ref(ID.DataKey),
        MessageRetentionPeriod: 1209600,
      }),
      [ID.PhotoFunctionDeadLetterQueuePolicy]: new SQS.QueuePolicy({
        Queues: [ref(ID.PhotoFunctionDeadLetterQueue)],
        PolicyDocument: policyDocument([
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sqs:*',
            Resource: getAtt(ID.PhotoFunctionDeadLetterQueue, 'Arn'),
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ]),
      }),
      [ID.PhotoFunctionRole]: role,
      [ID.PhotoFunction]: fn,
      [ID.PhotoFunctionS3Permission]: new Lambda.Permission({
        FunctionName: ref(ID.PhotoFunction),
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceArn: photoBucketArn(),
        SourceAccount: ref('AWS::AccountId'),
      }),
    },
  };
}
