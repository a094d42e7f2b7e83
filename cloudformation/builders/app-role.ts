/**
 * The app instances' role: exactly what the app and its boot script use, each on the narrowest resource.
 * The one AWS-managed policy is AmazonSSMManagedInstanceCore, for Session Manager instead of SSH.
 */
import { IAM, Logs } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { getAtt, ref, sub } from '../lib/intrinsics.js';
import { assumeRolePolicy, policyDocument } from '../lib/iam.js';
import { APP, ID, P } from '../ids.js';
import { databaseMasterSecretArn } from './database.js';
import { dataKeyArn } from './encryption.js';
import { ORIGINALS_PREFIX, RENDITIONS_PREFIX, photoBucketArn } from './photo-bucket.js';
import { STATE_INDEX } from './metadata-table.js';
import { MAIL_FROM, emailIdentityArn, mailConfigurationSetArn } from './email.js';
import { faceCollectionArn } from './face-collection.js';
import { SEARCH_HTTP_ACTIONS, appSearchPaths } from './search-domain.js';
import {
  TASK_TOKEN_ACTIONS,
  verificationExecutionsArn,
  verificationStateMachineArn,
  workflowTaskQueueArn,
} from './verification-workflow.js';
import { webhookSecretsKeyArn } from './webhook-secrets-key.js';

/** DescribeTable is the app's readiness check (/readyz). */
export const APP_TABLE_ACTIONS = [
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

/** The photo prefixes (originals and renditions): the only keys the app may list versions of or delete. */
const PHOTO_PREFIXES = [ORIGINALS_PREFIX, RENDITIONS_PREFIX];

export function appRole(): Fragment {
  const statements = [
    {
      Sid: 'ConnectAsAppDatabaseUser',
      Effect: 'Allow' as const,
      Action: 'rds-db:connect',
      Resource: sub(
        `arn:\${AWS::Partition}:rds-db:\${AWS::Region}:\${AWS::AccountId}:dbuser:\${${ID.Database}.DbiResourceId}/${APP.databaseUser}`,
      ),
    },
    {
      Sid: 'MetadataTable',
      Effect: 'Allow' as const,
      Action: APP_TABLE_ACTIONS,
      Resource: [getAtt(ID.MetadataTable, 'Arn'), sub(`\${${ID.MetadataTable}.Arn}/index/${STATE_INDEX.name}`)],
    },
    {
      Sid: 'PhotoObjects',
      Effect: 'Allow' as const,
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: PHOTO_PREFIXES.map((prefix) => photoBucketArn(`/${prefix}*`)),
    },
    {
      // Deleting a photo deletes its face from the collection (photo-storage.server.ts); nothing else.
      Sid: 'DeletePhotoFaces',
      Effect: 'Allow' as const,
      Action: 'rekognition:DeleteFaces',
      Resource: faceCollectionArn(),
    },
    {
      // Listing a photo's renditions, and HeadBucket, the app's readiness check (it carries no prefix, so a
      // prefix condition here would fail /readyz).
      Sid: 'ListPhotoBucket',
      Effect: 'Allow' as const,
      Action: 's3:ListBucket',
      Resource: photoBucketArn(),
    },
    {
      // Erasure (a person's photos, every version and delete marker: the bucket is versioned) and the residue scan
      // that proves it: list versions under the photo prefixes only, and delete versions there.
      Sid: 'ListPhotoVersions',
      Effect: 'Allow' as const,
      Action: 's3:ListBucketVersions',
      Resource: photoBucketArn(),
      Condition: { StringLike: { 's3:prefix': PHOTO_PREFIXES.map((prefix) => `${prefix}*`) } },
    },
    {
      Sid: 'DeletePhotoVersions',
      Effect: 'Allow' as const,
      Action: 's3:DeleteObjectVersion',
      Resource: PHOTO_PREFIXES.map((prefix) => photoBucketArn(`/${prefix}*`)),
    },
    {
      // The residue scan looks for a person's face in the collection after an erasure; DeleteFaces is above.
      Sid: 'ListCollectionFaces',
      Effect: 'Allow' as const,
      Action: 'rekognition:ListFaces',
      Resource: faceCollectionArn(),
    },
    {
      // The residue scan reads every item for a person's id, address or face reference (the erasure itself
      // queries by key); on the table only, not its index.
      Sid: 'ScanMetadataTable',
      Effect: 'Allow' as const,
      Action: 'dynamodb:Scan',
      Resource: getAtt(ID.MetadataTable, 'Arn'),
    },
    {
      Sid: 'PublishNotifications',
      Effect: 'Allow' as const,
      Action: 'sns:Publish',
      Resource: ref(ID.NotificationsTopic),
    },
    {
      // Personal notices to employees: only from the stack's identity, only as its no-reply address, and only
      // through its configuration set (SES v2 authorises SendEmail on both the identity and the set).
      Sid: 'SendPersonalNotices',
      Effect: 'Allow' as const,
      Action: 'ses:SendEmail',
      Resource: [emailIdentityArn(), mailConfigurationSetArn()],
      Condition: { StringEquals: { 'ses:FromAddress': sub(MAIL_FROM) } },
    },
    {
      // The admin page's list of addresses that bounced or complained. The action has no resource-level
      // permissions, hence '*'; it reads, and only the suppression list.
      Sid: 'ReadMailSuppressionList',
      Effect: 'Allow' as const,
      Action: 'ses:ListSuppressedDestinations',
      Resource: '*',
    },
    {
      // An erasure takes the person's address off the account's suppression list (and the residue scan checks
      // it is gone). Like ListSuppressedDestinations, these actions have no resource-level permissions.
      Sid: 'EraseFromMailSuppressionList',
      Effect: 'Allow' as const,
      Action: ['ses:GetSuppressedDestination', 'ses:DeleteSuppressedDestination'],
      Resource: '*',
    },
    {
      // For the boot step that creates the IAM-authenticated database user (docs/decisions/105).
      Sid: 'ReadDatabaseMasterSecret',
      Effect: 'Allow' as const,
      Action: 'secretsmanager:GetSecretValue',
      Resource: databaseMasterSecretArn(),
    },
    {
      // The key that encrypts the webhook signing secrets, read once per process (decision 329); its value is
      // encrypted with the data key, which UseDataKey below lets the role decrypt.
      Sid: 'ReadWebhookSecretsKey',
      Effect: 'Allow' as const,
      Action: 'secretsmanager:GetSecretValue',
      Resource: webhookSecretsKeyArn(),
    },
    {
      // The search domain's own access policy allows the same; both name only the app's index paths. Left in
      // when SearchDomainEnabled=false: a grant on a domain that does not exist opens nothing.
      Sid: 'SearchIndexes',
      Effect: 'Allow' as const,
      Action: SEARCH_HTTP_ACTIONS,
      Resource: appSearchPaths(),
    },
    {
      // The verification workflow (decision 110): start an employee's execution, stop it, read its history.
      Sid: 'StartVerifications',
      Effect: 'Allow' as const,
      Action: 'states:StartExecution',
      Resource: verificationStateMachineArn(),
    },
    {
      Sid: 'ManageVerificationExecutions',
      Effect: 'Allow' as const,
      Action: ['states:DescribeExecution', 'states:StopExecution', 'states:GetExecutionHistory'],
      Resource: verificationExecutionsArn(),
    },
    {
      // On '*': a task token names no resource (TASK_TOKEN_ACTIONS).
      Sid: 'CompleteVerificationTasks',
      Effect: 'Allow' as const,
      Action: TASK_TOKEN_ACTIONS,
      Resource: '*',
    },
    {
      Sid: 'ConsumeVerificationTasks',
      Effect: 'Allow' as const,
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
      Resource: workflowTaskQueueArn(),
    },
    {
      Sid: 'UseDataKey',
      Effect: 'Allow' as const,
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: dataKeyArn(),
    },
    {
      Sid: 'WriteAppLogs',
      Effect: 'Allow' as const,
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      Resource: [getAtt(ID.AppLogGroup, 'Arn'), sub(`\${${ID.AppLogGroup}.Arn}:log-stream:*`)],
    },
    {
      Sid: 'FetchAppArtifact',
      Effect: 'Allow' as const,
      Action: 's3:GetObject',
      Resource: sub(`arn:\${AWS::Partition}:s3:::\${${P.ArtifactsBucketName}}/\${${P.AppArtifactKey}}`),
    },
    {
      Sid: 'SignalReadiness',
      Effect: 'Allow' as const,
      Action: 'cloudformation:SignalResource',
      Resource: ref('AWS::StackId'),
    },
  ];

  return {
    Resources: {
      [ID.AppLogGroup]: new Logs.LogGroup({
        LogGroupName: sub('/${AWS::StackName}/app'),
        RetentionInDays: ref(P.LogRetentionDays),
        KmsKeyId: dataKeyArn(),
      }),
      [ID.AppRole]: new IAM.Role({
        AssumeRolePolicyDocument: assumeRolePolicy('ec2.amazonaws.com'),
        ManagedPolicyArns: [sub('arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore')],
        Policies: [{ PolicyName: 'employee-profiles-app', PolicyDocument: policyDocument(statements) }],
      }),
      [ID.AppInstanceProfile]: new IAM.InstanceProfile({ Roles: [ref(ID.AppRole)] }),
    },
  };
}
