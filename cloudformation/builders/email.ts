/**
 * Email to employees (personal notices, docs/decisions/308-personal-notices-by-email.md): an SES v2 domain
 * identity for the stack's domain with Easy DKIM, its three DKIM CNAME records in the hosted zone that
 * already holds the domain, and a configuration set that requires TLS to the receiving server, keeps bounced
 * and complaining addresses on the suppression list (which the admin page reads), and publishes bounces,
 * complaints and rejections to HR's topic. Sending is allowed to the app role only from this identity and
 * address (app-role.ts).
 */
import { Route53, SES } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { getAtt, ref, sub } from '../lib/intrinsics.js';
import { ID, NAMES, P } from '../ids.js';

/** The sender of every personal notice (the app's MAIL_FROM_ADDRESS). */
export const MAIL_FROM = `no-reply@\${${P.DomainName}}`;

export const emailIdentityArn = () =>
  sub(`arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:identity/\${${P.DomainName}}`);

export const mailConfigurationSetArn = () =>
  sub(`arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:configuration-set/${NAMES.mailConfigurationSet}`);

const DKIM_RECORDS = [
  [ID.EmailDkimRecord1, 1],
  [ID.EmailDkimRecord2, 2],
  [ID.EmailDkimRecord3, 3],
] as const;

export function email(): Fragment {
  const dkimRecords = Object.fromEntries(
    DKIM_RECORDS.map(([id, n]) => [
      id,
      new Route53.RecordSet({
        HostedZoneId: ref(P.HostedZoneId),
        Name: getAtt(ID.EmailIdentity, `DkimDNSTokenName${n}`),
        Type: 'CNAME',
        TTL: '1800',
        ResourceRecords: [getAtt(ID.EmailIdentity, `DkimDNSTokenValue${n}`)],
      }),
    ]),
  );
  return {
    Resources: {
      [ID.MailConfigurationSet]: new SES.ConfigurationSet({
        Name: sub(NAMES.mailConfigurationSet),
        DeliveryOptions: { TlsPolicy: 'REQUIRE' },
        ReputationOptions: { ReputationMetricsEnabled: true },
        SendingOptions: { SendingEnabled: true },
        SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      }),
      [ID.MailEventsToHr]: new SES.ConfigurationSetEventDestination({
        ConfigurationSetName: ref(ID.MailConfigurationSet),
        EventDestination: {
          Name: 'bounces-and-complaints-to-hr',
          Enabled: true,
          MatchingEventTypes: ['BOUNCE', 'COMPLAINT', 'REJECT'],
          SnsDestination: { TopicARN: ref(ID.NotificationsTopic) },
        },
      }),
      [ID.EmailIdentity]: new SES.EmailIdentity({
        EmailIdentity: ref(P.DomainName),
        DkimAttributes: { SigningEnabled: true },
        DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
        ConfigurationSetAttributes: { ConfigurationSetName: ref(ID.MailConfigurationSet) },
      }),
      ...dkimRecords,
    },
  };
}
