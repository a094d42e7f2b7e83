/**
 * HR's SNS topic: the app publishes "employee.created" to it, SES publishes bounces, complaints and
 * rejections of the emails to employees (email.ts), and CloudWatch the verification workflow's alarms
 * (verification-workflow.ts). Personal notices themselves never go here. Encrypted with the stack key, TLS
 * only, publish allowed to the app's role, to SES for this stack's configuration set and to this account's
 * CloudWatch alarms only, an optional email subscription.
 */
import { SNS } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { getAtt, ref, sub } from '../lib/intrinsics.js';
import { policyDocument } from '../lib/iam.js';
import { C, ID, P } from '../ids.js';
import { mailConfigurationSetArn } from './email.js';

export function notifications(): Fragment {
  return {
    Resources: {
      [ID.NotificationsTopic]: new SNS.Topic({
        DisplayName: 'Employee profiles',
        KmsMasterKeyId: ref(ID.DataKey),
      }),
      [ID.NotificationsTopicPolicy]: new SNS.TopicPolicy({
        Topics: [ref(ID.NotificationsTopic)],
        PolicyDocument: policyDocument([
          {
            Sid: 'AppRolePublishes',
            Effect: 'Allow',
            Principal: { AWS: getAtt(ID.AppRole, 'Arn') },
            Action: 'sns:Publish',
            Resource: ref(ID.NotificationsTopic),
          },
          {
            Sid: 'SesPublishesMailEvents',
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: ref(ID.NotificationsTopic),
            Condition: {
              StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') },
              ArnEquals: { 'aws:SourceArn': mailConfigurationSetArn() },
            },
          },
          {
            // The verification workflow's alarms (verification-workflow.ts), from this account's CloudWatch only.
            Sid: 'CloudWatchPublishesAlarms',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: ref(ID.NotificationsTopic),
            Condition: {
              StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') },
              ArnLike: {
                'aws:SourceArn': sub('arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*'),
              },
            },
          },
          {
            // Service calls carry no principal ARN; they are let through here and limited by the statements above.
            Sid: 'NobodyElsePublishes',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: ref(ID.NotificationsTopic),
            Condition: {
              ArnNotEquals: { 'aws:PrincipalArn': getAtt(ID.AppRole, 'Arn') },
              StringNotEquals: { 'aws:PrincipalServiceName': ['ses.amazonaws.com', 'cloudwatch.amazonaws.com'] },
            },
          },
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: ref(ID.NotificationsTopic),
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ]),
      }),
      [ID.NotificationsEmailSubscription]: Object.assign(
        new SNS.Subscription({
          TopicArn: ref(ID.NotificationsTopic),
          Protocol: 'email',
          Endpoint: ref(P.NotificationEmail),
        }),
        { Condition: C.HasNotificationEmail },
      ),
    },
  };
}
