/**
 * The photo bucket: private (every public-access block on, ACLs disabled), encrypted with the stack key,
 * versioned, TLS only, old versions expired. Objects created under `originals/` invoke the photo function
 * through a classic S3 notification. The bucket's name is built from parameters, so the function's
 * permission and role can name it without referring to the bucket resource: no circular dependency
 * (docs/decisions/103-s3-notification-with-name-based-permission.md).
 */
import { S3 } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { keepOnDelete, skipCheckov } from '../lib/fragment.js';
import { getAtt, ref, sub } from '../lib/intrinsics.js';
import { denyInsecureTransport, policyDocument } from '../lib/iam.js';
import { ID, NAMES } from '../ids.js';
import { dataKeyArn } from './encryption.js';

export const ORIGINALS_PREFIX = 'originals/';
export const RENDITIONS_PREFIX = 'renditions/';
export const NONCURRENT_VERSION_DAYS = 30;

export const photoBucketName = () => sub(NAMES.photoBucket);
export const photoBucketArn = (suffix = '') => sub(`arn:\${AWS::Partition}:s3:::${NAMES.photoBucket}${suffix}`);

export function photoBucket(): Fragment {
  const bucket = new S3.Bucket({
    BucketName: photoBucketName(),
    VersioningConfiguration: { Status: 'Enabled' },
    BucketEncryption: {
      ServerSideEncryptionConfiguration: [
        {
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: dataKeyArn() },
          BucketKeyEnabled: true,
        },
      ],
    },
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    },
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    LifecycleConfiguration: {
      Rules: [
        {
          Id: 'expire-old-versions',
          Status: 'Enabled',
          NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_VERSION_DAYS },
          ExpiredObjectDeleteMarker: true,
        },
        {
          Id: 'abort-incomplete-uploads',
          Status: 'Enabled',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        },
      ],
    },
    NotificationConfiguration: {
      LambdaConfigurations: [
        {
          Event: 's3:ObjectCreated:*',
          Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: ORIGINALS_PREFIX }] } },
          Function: getAtt(ID.PhotoFunction, 'Arn'),
        },
      ],
    },
  }).dependsOn(ID.PhotoFunctionS3Permission);
  skipCheckov(bucket, [
    {
      id: 'CKV_AWS_18',
      comment:
        'Server access logs are not kept for the photo bucket; object access goes through the app, which logs it, and CloudTrail data events can be enabled account-wide.',
    },
  ]);

  return {
    Resources: {
      [ID.PhotoBucket]: keepOnDelete(bucket, 'Retain'),
      [ID.PhotoBucketPolicy]: new S3.BucketPolicy({
        Bucket: ref(ID.PhotoBucket),
        PolicyDocument: policyDocument([
          denyInsecureTransport(getAtt(ID.PhotoBucket, 'Arn'), sub(`\${${ID.PhotoBucket}.Arn}/*`)),
        ]),
      }),
    },
  };
}
