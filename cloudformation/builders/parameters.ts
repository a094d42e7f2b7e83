/**
 * What differs between installations. Defaults are the smallest sizes that keep the architecture intact
 * (two instances, two zones); docs/infrastructure.md prices them.
 */
import { Fn } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { C, P } from '../ids.js';

/** Minor versions are pinned because cfn-lint accepts only full versions; minor upgrades still apply automatically. */
export const MYSQL_VERSIONS = { v80: '8.0.46', v84: '8.4.11' } as const;

const LOG_RETENTION_DAYS = [30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export function parameters(): Fragment {
  return {
    Parameters: {
      [P.NamePrefix]: {
        Type: 'String',
        Default: 'employee-profiles',
        AllowedPattern: '^[a-z][a-z0-9-]{1,20}[a-z0-9]$',
        ConstraintDescription: '3-22 lowercase letters, digits or hyphens (it becomes part of bucket names)',
        Description:
          'Prefix of the physical names that must be known before the resources exist (photo bucket, photo function)',
      },
      [P.DomainName]: {
        Type: 'String',
        AllowedPattern: '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$',
        ConstraintDescription: 'a lowercase DNS name such as profiles.example.com',
        Description: 'The site name; an alias record for it is created in the hosted zone',
      },
      [P.HostedZoneId]: {
        Type: 'AWS::Route53::HostedZone::Id',
        Description: 'The public hosted zone that holds DomainName (also used to validate the certificate)',
      },
      [P.CertificateArn]: {
        Type: 'String',
        Default: '',
        AllowedPattern: '^$|^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+$',
        Description: 'An existing ACM certificate for DomainName; empty to create one, DNS-validated in HostedZoneId',
      },
      [P.ArtifactsBucketName]: {
        Type: 'String',
        AllowedPattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
        Description: 'The artifacts bucket (output ArtifactsBucketName of the artifacts stack)',
      },
      [P.AppArtifactKey]: {
        Type: 'String',
        AllowedPattern: '^app/[A-Za-z0-9._-]+\\.tar\\.gz$',
        Description: 'Key of the app artifact in the artifacts bucket; a new key rolls the instances',
      },
      [P.AllowedEmailDomains]: {
        Type: 'String',
        AllowedPattern: '^[a-z0-9.-]+(,[a-z0-9.-]+)*$',
        Description: 'Comma-separated email domains allowed to sign up (for example xyz.example)',
      },
      [P.PhotoMaxBytes]: {
        Type: 'Number',
        Default: 15728640,
        MinValue: 102400,
        MaxValue: 26214400,
        Description: 'Largest accepted photo upload, in bytes (the photo function reads at most 25 MiB)',
      },
      [P.NotificationEmail]: {
        Type: 'String',
        Default: '',
        AllowedPattern: '^$|^[^@\\s]+@[^@\\s]+$',
        Description: 'Optional email address subscribed to new-employee notifications (confirm the email AWS sends)',
      },
      [P.InstanceType]: {
        Type: 'String',
        // t3.small: a primary and two workers under load do not fit in t3.micro's 1 GiB with room (decision 111).
        Default: 't3.small',
        AllowedValues: ['t3.micro', 't3.small', 't3.medium', 't3.large', 'm7i.large'],
        Description: 'x86_64 instance type for the app (the artifact carries linux-x64 native modules)',
      },
      [P.LatestAmiId]: {
        Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
        Default: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
        Description: "Amazon Linux 2023 AMI, resolved from AWS's public SSM parameter at each deployment",
      },
      [P.MinInstances]: {
        Type: 'Number',
        Default: 2,
        MinValue: 2,
        MaxValue: 20,
        Description: 'Fewest app instances (one per zone at least)',
      },
      [P.MaxInstances]: {
        Type: 'Number',
        Default: 4,
        MinValue: 3,
        MaxValue: 40,
        Description: 'Most app instances; must exceed MinInstances so a rolling update can add one',
      },
      [P.TargetCpuPercent]: {
        Type: 'Number',
        Default: 50,
        MinValue: 10,
        MaxValue: 90,
        Description: 'Average CPU the scaling policy aims for',
      },
      [P.DatabaseEngineVersion]: {
        Type: 'String',
        // 8.4 by default: RDS standard support for 8.0 ended on 31 July 2026 (docs/decisions/108-mysql-8-4-by-default.md).
        Default: MYSQL_VERSIONS.v84,
        AllowedValues: [MYSQL_VERSIONS.v80, MYSQL_VERSIONS.v84],
        Description:
          'RDS MySQL version. 8.4 (LTS) by default; 8.0 still works with the app but RDS bills Extended Support for it since 31 July 2026',
      },
      [P.DatabaseInstanceClass]: {
        Type: 'String',
        Default: 'db.t4g.micro',
        AllowedValues: ['db.t4g.micro', 'db.t4g.small', 'db.t4g.medium', 'db.t4g.large', 'db.m7g.large'],
        Description: 'RDS MySQL instance class',
      },
      [P.DatabaseAllocatedStorage]: {
        Type: 'Number',
        Default: 20,
        MinValue: 20,
        MaxValue: 1000,
        Description: 'gp3 storage in GiB',
      },
      [P.DatabaseMultiAz]: {
        Type: 'String',
        Default: 'true',
        AllowedValues: ['true', 'false'],
        Description: 'A synchronous standby in the second zone (doubles the database cost)',
      },
      [P.DatabaseBackupRetentionDays]: {
        Type: 'Number',
        Default: 7,
        MinValue: 1,
        MaxValue: 35,
        Description: 'Days of automated backups',
      },
      [P.AccessLogsBucketName]: {
        Type: 'String',
        Default: '',
        AllowedPattern: '^$|^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
        Description:
          'Optional existing bucket (SSE-S3, with the ELB log-delivery policy) for load balancer access logs',
      },
      [P.LogRetentionDays]: {
        Type: 'Number',
        Default: 365,
        AllowedValues: LOG_RETENTION_DAYS,
        Description: 'Days CloudWatch keeps app, function and flow logs',
      },
      [P.PrivateEgress]: {
        Type: 'String',
        Default: 'VpcEndpoints',
        AllowedValues: ['VpcEndpoints', 'NatGateway'],
        Description:
          'How the private tier reaches SSM, CloudWatch Logs, SNS, Secrets Manager and CloudFormation: interface endpoints (no internet route, about $88/month) or one NAT gateway (internet egress, about $33/month plus $0.045/GB)',
      },
      [P.PhotoFunctionConcurrency]: {
        Type: 'Number',
        Default: 5,
        MinValue: 1,
        MaxValue: 100,
        Description: 'Reserved concurrency of the photo function (caps its cost and its load on the table)',
      },
      [P.SearchDomainEnabled]: {
        Type: 'String',
        Default: 'true',
        AllowedValues: ['true', 'false'],
        Description:
          'An OpenSearch domain for the directory search (false: each app instance keeps an embedded index, rebuilt from the database at boot)',
      },
      [P.SearchInstanceType]: {
        Type: 'String',
        Default: 't3.small.search',
        AllowedValues: ['t3.small.search', 't3.medium.search', 'm6g.large.search', 'r6g.large.search'],
        Description: 'OpenSearch data node type (t3.small.search: about $26/month each, enough for 100,000 employees)',
      },
      [P.SearchInstanceCount]: {
        Type: 'Number',
        Default: 2,
        AllowedValues: [2, 4, 6],
        Description: 'OpenSearch data nodes, spread evenly over the two zones (so an even number)',
      },
      [P.SearchVolumeGiB]: {
        Type: 'Number',
        Default: 10,
        MinValue: 10,
        MaxValue: 100,
        Description: 'gp3 storage per OpenSearch node in GiB (t3.small.search allows up to 100)',
      },
    },
    Conditions: {
      [C.CreateCertificate]: Fn.Equals(Fn.Ref(P.CertificateArn), ''),
      [C.HasNotificationEmail]: Fn.Not(Fn.Equals(Fn.Ref(P.NotificationEmail), '')),
      [C.HasAccessLogsBucket]: Fn.Not(Fn.Equals(Fn.Ref(P.AccessLogsBucketName), '')),
      [C.UseVpcEndpoints]: Fn.Equals(Fn.Ref(P.PrivateEgress), 'VpcEndpoints'),
      [C.UseNatGateway]: Fn.Equals(Fn.Ref(P.PrivateEgress), 'NatGateway'),
      [C.IsMySql84]: Fn.Equals(Fn.Ref(P.DatabaseEngineVersion), MYSQL_VERSIONS.v84),
      [C.HasSearchDomain]: Fn.Equals(Fn.Ref(P.SearchDomainEnabled), 'true'),
    },
  };
}

export const parameterGroups = [
  {
    Label: { default: 'Site' },
    Parameters: [
      P.DomainName,
      P.HostedZoneId,
      P.CertificateArn,
      P.AllowedEmailDomains,
      P.PhotoMaxBytes,
      P.NotificationEmail,
    ],
  },
  { Label: { default: 'Artifacts' }, Parameters: [P.NamePrefix, P.ArtifactsBucketName, P.AppArtifactKey] },
  {
    Label: { default: 'App servers' },
    Parameters: [P.InstanceType, P.LatestAmiId, P.MinInstances, P.MaxInstances, P.TargetCpuPercent],
  },
  {
    Label: { default: 'Database' },
    Parameters: [
      P.DatabaseEngineVersion,
      P.DatabaseInstanceClass,
      P.DatabaseAllocatedStorage,
      P.DatabaseMultiAz,
      P.DatabaseBackupRetentionDays,
    ],
  },
  {
    Label: { default: 'Search' },
    Parameters: [P.SearchDomainEnabled, P.SearchInstanceType, P.SearchInstanceCount, P.SearchVolumeGiB],
  },
  {
    Label: { default: 'Sign-in' },
    Parameters: [P.OidcProviders, P.OidcClientSecretsArn, P.PasswordSignIn],
  },
  {
    Label: { default: 'Retention (README: privacy for operators)' },
    Parameters: [
      P.RetentionRejectedApplicationDays,
      P.RetentionDeactivatedProfileDays,
      P.RetentionFaceAfterDeactivationDays,
      P.RetentionWarningDays,
    ],
  },
  {
    Label: { default: 'Operations' },
    Parameters: [P.PrivateEgress, P.AccessLogsBucketName, P.LogRetentionDays, P.PhotoFunctionConcurrency],
  },
];
