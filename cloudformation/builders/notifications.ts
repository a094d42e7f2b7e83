/**
 * The SNS topic the app publishes "employee.created" to: encrypted with the stack key, TLS only, publish
 * allowed to the app's role and nobody else, an optional email subscription.
 */
import { SNS } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { getAtt, ref } from '../lib/intrinsics.js';
import { policyDocument } from '../lib/iam.js';
import { C, ID, P } from '../ids.js';

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
            Sid: 'NobodyElsePublishes',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: ref(ID.NotificationsTopic),
            Condition: { ArnNotEquals: { 'aws:PrincipalArn': getAtt(ID.AppRole, 'Arn') } },
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
