/**
 * The artifacts stack: the bucket that `aws cloudformation package` uploads the function bundle and the
 * nested template pieces to, and that the app artifact is copied to. It must exist before the main stack
 * is packaged, hence its own stack (docs/decisions/101-two-stacks-artifacts-and-main.md).
 */
import { S3, type Template } from 'cloudform-types';
import { composeTemplate, keepOnDelete, skipCheckov } from '../lib/fragment.js';
import { exportName, getAtt, ref, sub } from '../lib/intrinsics.js';
import { denyInsecureTransport, policyDocument } from '../lib/iam.js';

export const ARTIFACTS_ID = { bucket: 'ArtifactsBucket', policy: 'ArtifactsBucketPolicy' } as const;
export const ARTIFACT_DAYS = 90;

export function artifactsTemplate(): Template {
  const bucket = skipCheckov(
    new S3.Bucket({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
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
          { Id: 'expire-old-artifacts', Status: 'Enabled', ExpirationInDays: ARTIFACT_DAYS },
          {
            Id: 'abort-incomplete-uploads',
            Status: 'Enabled',
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    }),
    [
      {
        id: 'CKV_AWS_18',
        comment: 'Build artifacts only, written by the deploy pipeline; access logging would log the pipeline itself.',
      },
      {
        id: 'CKV_AWS_21',
        comment:
          'Keys are content-addressed (package uses MD5 names, the app key its hash), so versioning adds nothing; unversioned keeps teardown to one `aws s3 rm`.',
      },
    ],
  );
  // An artifact referenced by a running launch template must outlive a mistaken stack deletion.
  keepOnDelete(bucket, 'Retain');

  return composeTemplate({ Description: 'Employee Profiles: artifacts bucket for the app and function bundles' }, [
    {
      Resources: {
        [ARTIFACTS_ID.bucket]: bucket,
        [ARTIFACTS_ID.policy]: new S3.BucketPolicy({
          Bucket: ref(ARTIFACTS_ID.bucket),
          PolicyDocument: policyDocument([
            denyInsecureTransport(getAtt(ARTIFACTS_ID.bucket, 'Arn'), sub(`\${${ARTIFACTS_ID.bucket}.Arn}/*`)),
          ]),
        }),
      },
      Outputs: {
        ArtifactsBucketName: {
          Description: 'Bucket for app and function artifacts',
          Value: ref(ARTIFACTS_ID.bucket),
          Export: exportName('ArtifactsBucketName'),
        },
      },
    },
  ]);
}
