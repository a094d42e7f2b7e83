/**
 * One customer-managed KMS key for the stack's data at rest: the table, the photo bucket, the topic, the
 * secrets, the dead-letter queue, the function's environment and the log groups. One key costs $1/month;
 * it lets the roles be granted exactly this key instead of every AWS-managed key.
 */
import { KMS } from 'cloudform-types';
import { keepOnDelete, type Fragment } from '../lib/fragment.js';
import { getAtt, ref, sub } from '../lib/intrinsics.js';
import { policyDocument } from '../lib/iam.js';
import { ID, P } from '../ids.js';

export function encryption(): Fragment {
  const key = new KMS.Key({
    Description: sub('${AWS::StackName}: data at rest (table, photos, topic, secrets, queues, logs)'),
    EnableKeyRotation: true,
    PendingWindowInDays: 30,
    KeyPolicy: policyDocument([
      {
        // The account root delegates to IAM policies; key policies always name the key itself as '*'.
        Sid: 'AllowAccountIamPolicies',
        Effect: 'Allow',
        Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'AllowCloudWatchLogsForThisAccount',
        Effect: 'Allow',
        Principal: { Service: sub('logs.${AWS::Region}.amazonaws.com') },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': sub(
              'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*',
            ),
          },
        },
      },
      {
        // SES publishes bounces and complaints to the encrypted topic (notifications.ts), for this account only.
        Sid: 'AllowSesToPublishToTheTopic',
        Effect: 'Allow',
        Principal: { Service: 'ses.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
      },
      {
        // CloudWatch publishes the verification workflow's alarms to the same topic, for this account only.
        Sid: 'AllowCloudWatchAlarmsToPublishToTheTopic',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
      },
    ]),
  });
  // Retain: data encrypted with a deleted key is lost, and the table and the bucket are retained.
  keepOnDelete(key, 'Retain');

  return {
    Resources: {
      [ID.DataKey]: key,
      [ID.DataKeyAlias]: new KMS.Alias({
        AliasName: sub(`alias/\${${P.NamePrefix}}-data`),
        TargetKeyId: ref(ID.DataKey),
      }),
    },
  };
}

export const dataKeyArn = () => getAtt(ID.DataKey, 'Arn');
