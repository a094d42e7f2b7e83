/**
 * Deployment proof against moto's server on 127.0.0.1: the README's own commands (`aws cloudformation
 * deploy` of the artifacts stack, `aws cloudformation package`, `aws cloudformation deploy` of the main
 * stack) with the AWS CLI from the project venv, then the resources checked through the AWS API, then the
 * bundled photo function (dist/photo-processor.zip, built by scripts/package-function.ts) invoked with the
 * S3 event the template wires, against the stack's bucket and table.
 *
 * What moto does not create (asserted from its log below), and what covers it instead (template.test.ts):
 *   AWS::S3::BucketPolicy, AWS::SQS::QueuePolicy, AWS::SNS::TopicPolicy, AWS::SNS::Subscription
 *   AWS::EC2::SecurityGroupEgress         AppToDatabaseEgress
 *   AWS::AutoScaling::ScalingPolicy       AppCpuScalingPolicy
 *   AWS::CloudWatch::Alarm                the verification workflow's alarms (verification-workflow.test.ts)
 *   AWS::SES::ConfigurationSet, AWS::SES::ConfigurationSetEventDestination
 *                                         (moto's SES v2 SendEmail ignores a configuration set anyway)
 * AWS::SES::EmailIdentity has no moto model either; moto_server.py adds one (the domain identity in moto's SES
 * and its six DKIM attributes), so the DKIM records resolve and the stack's identity is the one the email
 * test below sends from.
 * moto has no AWS::CertificateManager::Certificate either: the test passes an existing certificate
 * (CertificateArn), so the created-certificate branch is covered by the unit tests only.
 * moto's CloudFormation silently skips AWS::OpenSearchService::Domain (no log line) and answers HTTP 500 to a
 * GetAtt of its DomainEndpoint: the test deploys with SearchDomainEnabled=false, so the domain, its security
 * group, log group and log policy are not created and the app is given its embedded index;
 * search-domain.test.ts covers the domain.
 * moto's S3 model applies only BucketEncryption and Tags from a template (versioning, public access block,
 * lifecycle and notifications are asserted by the unit tests), its DynamoDB model ignores
 * PointInTimeRecoverySpecification and SSESpecification, its DB instance ignores DeletionProtection, and its
 * load balancer has no CanonicalHostedZoneID. moto runs no user data and no instance, so the boot script is
 * proven by the unit tests and scripts/package-app.test.ts, not here. test-support/cloudformation/moto_server.py fills
 * gaps of moto's CloudFormation emulation (outputs after a change set, two RDS attributes, Ref to a DB
 * parameter group, the generated Secrets Manager secret).
 *
 * Not proven here: a stack update. moto 5.2's change-set update of this template fails inside moto
 * (its resource map loses LoadBalancer while re-resolving a GetAtt, and it re-resolves a previous SSM
 * parameter value as a path), so updates are covered by the unit tests of UpdatePolicy only.
 *
 * The client uses http://localhost:<port>: moto resolves a change set's TemplateURL as path-style only when
 * the URL says "localhost" (`deploy --s3-bucket` uploads the template, which is over 51,200 bytes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetBucketEncryptionCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDITION_FORMATS, RENDITION_SIZES, originalKey, renditionKey } from '@shared/contracts/s3-keys';
import { encodeS3Key } from '@shared/contracts/s3-event';
import { getPhoto, recordUploadedPhoto } from '@shared/photo-records';
import { tinyJpeg } from '@test-support/images';
import { createSesClient, sesMailer } from '@shared/mail/ses-mailer';
import { renderNoticeHtml, renderNoticeText } from '@shared/mail/notice-layout';
import { buildTemplates } from '../../scripts/cfn-build';
import { packageFunction } from '../../scripts/package-function';
import { REPO_ROOT, run, venvTool, type RunResult } from '@test-support/cloudformation/tools';

const REGION = 'us-east-1';
const STACK = 'employee-profiles';
const DOMAIN = 'profiles.example.test';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

let moto: ChildProcess | undefined;
let motoLog = '';
let endpoint: string;
let work: string;
let awsEnv: Record<string, string | undefined>;
let outputs: Record<string, string>;
let artifactsBucket: string;
let functionZip: string;
let zone: { HostedZone: { Id: string } };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function aws(args: string[]): Promise<RunResult> {
  const result = await run(venvTool('aws'), args, { env: awsEnv, timeoutMs: 120_000 });
  if (result.code !== 0) {
    throw new Error(
      `aws ${args.slice(0, 2).join(' ')} failed (${result.code}):\n${result.stderr}\n--- moto log (tail) ---\n${motoLog.slice(-4000)}`,
    );
  }
  return result;
}

async function awsJson<T = Record<string, unknown>>(args: string[]): Promise<T> {
  return JSON.parse((await aws([...args, '--output', 'json'])).stdout) as T;
}

const clientConfig = () => ({ region: REGION, endpoint, credentials });

beforeAll(async () => {
  const python = venvTool('python');
  venvTool('aws');
  work = mkdtempSync(join(tmpdir(), 'moto-deploy-'));
  const port = await freePort();
  endpoint = `http://localhost:${port}`;
  awsEnv = {
    PATH: process.env.PATH,
    HOME: work,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(work, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-credentials'),
    AWS_PAGER: '',
  };

  moto = spawn(
    python,
    [join(REPO_ROOT, 'test-support', 'cloudformation', 'moto_server.py'), '-H', '127.0.0.1', '-p', String(port)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  moto.stdout!.on('data', (chunk) => (motoLog += chunk));
  moto.stderr!.on('data', (chunk) => (motoLog += chunk));
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/moto-api/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (moto.exitCode !== null || Date.now() - started > 30_000)
      throw new Error(`moto_server did not start:\n${motoLog}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  // What `npm run cfn:build` and `npm run package` produce, at the paths the README uses.
  buildTemplates();
  functionZip = (await packageFunction()).zip;
  // moto runs no instance, so a small stand-in takes the app artifact's place (the real one has its own boot test).
  const appArchive = join(work, 'app.tar.gz');
  mkdirSync(join(work, 'app'));
  writeFileSync(join(work, 'app', 'server.js'), 'console.log("stand-in")\n');
  const tar = await run('tar', ['-czf', appArchive, '-C', join(work, 'app'), 'server.js']);
  expect(tar.code).toBe(0);
  const appKey = 'app/moto-stand-in.tar.gz';

  // --- the README's commands ---
  await aws([
    'cloudformation',
    'deploy',
    '--template-file',
    'cloudformation/dist/artifacts.yaml',
    '--stack-name',
    `${STACK}-artifacts`,
  ]);
  artifactsBucket = (
    await aws([
      'cloudformation',
      'describe-stacks',
      '--stack-name',
      `${STACK}-artifacts`,
      '--query',
      "Stacks[0].Outputs[?OutputKey=='ArtifactsBucketName'].OutputValue",
      '--output',
      'text',
    ])
  ).stdout.trim();
  await aws(['s3', 'cp', appArchive, `s3://${artifactsBucket}/${appKey}`]);
  const packaged = join(work, 'main.packaged.yaml');
  await aws([
    'cloudformation',
    'package',
    '--template-file',
    'cloudformation/dist/main.yaml',
    '--s3-bucket',
    artifactsBucket,
    '--s3-prefix',
    'cloudformation',
    '--output-template-file',
    packaged,
  ]);

  // Stand-ins for what an installation already has: a public hosted zone and (here) a certificate.
  zone = await awsJson<{ HostedZone: { Id: string } }>([
    'route53',
    'create-hosted-zone',
    '--name',
    'example.test',
    '--caller-reference',
    randomUUID(),
  ]);
  const certificate = await awsJson<{ CertificateArn: string }>([
    'acm',
    'request-certificate',
    '--domain-name',
    DOMAIN,
    '--validation-method',
    'DNS',
  ]);

  const deployArgs = [
    'cloudformation',
    'deploy',
    '--template-file',
    packaged,
    '--stack-name',
    STACK,
    '--s3-bucket',
    artifactsBucket,
    '--s3-prefix',
    'cloudformation',
    '--capabilities',
    'CAPABILITY_IAM',
    '--parameter-overrides',
    `DomainName=${DOMAIN}`,
    `HostedZoneId=${zone.HostedZone.Id.replace('/hostedzone/', '')}`,
    `CertificateArn=${certificate.CertificateArn}`,
    `ArtifactsBucketName=${artifactsBucket}`,
    `AppArtifactKey=${appKey}`,
    'AllowedEmailDomains=xyz.example',
    'NotificationEmail=people-ops@xyz.example',
    // moto cannot create the OpenSearch domain (see the top of this file).
    'SearchDomainEnabled=false',
  ];
  await aws(deployArgs);

  const stacks = await awsJson<{ Stacks: Array<{ Outputs?: Array<{ OutputKey: string; OutputValue: string }> }> }>([
    'cloudformation',
    'describe-stacks',
    '--stack-name',
    STACK,
  ]);
  outputs = Object.fromEntries(
    (stacks.Stacks[0].Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]),
  );
}, 240_000);

afterAll(() => {
  moto?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('deployment to moto', () => {
  it('reaches CREATE_COMPLETE for both stacks', async () => {
    for (const name of [`${STACK}-artifacts`, STACK]) {
      const { Stacks } = await awsJson<{ Stacks: Array<{ StackStatus: string }> }>([
        'cloudformation',
        'describe-stacks',
        '--stack-name',
        name,
      ]);
      expect(Stacks[0].StackStatus, name).toBe('CREATE_COMPLETE');
    }
    expect(outputs.SiteUrl).toBe(`https://${DOMAIN}`);
    expect(outputs.SearchDomainEndpoint).toBe('none'); // SearchDomainEnabled=false: moto never made a domain
    expect(outputs.PhotoBucketName).toBe(`employee-profiles-photos-123456789012-${REGION}`);
  });

  it('skipped exactly the resource types this file names (the unit tests cover them)', () => {
    const skipped = new Set(
      [...motoLog.matchAll(/No Moto CloudFormation support for (\S+)/g)].map((match) => match[1]),
    );
    expect([...skipped].sort()).toEqual(
      [
        'AWS::AutoScaling::ScalingPolicy',
        'AWS::CloudWatch::Alarm',
        'AWS::EC2::SecurityGroupEgress',
        'AWS::Rekognition::Collection',
        'AWS::S3::BucketPolicy',
        'AWS::SES::ConfigurationSet',
        'AWS::SES::ConfigurationSetEventDestination',
        'AWS::SNS::Subscription',
        'AWS::SNS::TopicPolicy',
        'AWS::SQS::QueuePolicy',
      ].sort(),
    );
  });

  it('uploaded the function bundle through `aws cloudformation package`', async () => {
    const packaged = await awsJson<{ Contents: Array<{ Key: string; Size: number }> }>([
      's3api',
      'list-objects-v2',
      '--bucket',
      artifactsBucket,
      '--prefix',
      'cloudformation/',
    ]);
    expect(packaged.Contents.map((object) => object.Size)).toContain(readFileSync(functionZip).length);
    const fn = await awsJson<{
      Configuration: { Runtime: string; Handler: string; MemorySize: number; Timeout: number };
    }>(['lambda', 'get-function', '--function-name', outputs.PhotoFunctionName]);
    expect(fn.Configuration).toMatchObject({
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      MemorySize: 1024,
      Timeout: 30,
    });
  });

  it('made the VPC with two public and two private subnets in two zones', async () => {
    const { Vpcs } = await awsJson<{ Vpcs: Array<{ CidrBlock: string }> }>([
      'ec2',
      'describe-vpcs',
      '--vpc-ids',
      outputs.VpcId,
    ]);
    expect(Vpcs[0].CidrBlock).toBe('10.0.0.0/16');
    const subnetIds = [...outputs.PublicSubnetIds.split(','), ...outputs.PrivateSubnetIds.split(',')];
    const { Subnets } = await awsJson<{
      Subnets: Array<{ SubnetId: string; CidrBlock: string; AvailabilityZone: string; MapPublicIpOnLaunch: boolean }>;
    }>(['ec2', 'describe-subnets', '--subnet-ids', ...subnetIds]);
    expect(Subnets.map((subnet) => subnet.CidrBlock).sort()).toEqual([
      '10.0.0.0/24',
      '10.0.1.0/24',
      '10.0.10.0/24',
      '10.0.11.0/24',
    ]);
    expect(new Set(Subnets.map((subnet) => subnet.AvailabilityZone)).size).toBe(2);
    expect(Subnets.every((subnet) => !subnet.MapPublicIpOnLaunch)).toBe(true);
    const { VpcEndpoints } = await awsJson<{ VpcEndpoints: Array<{ ServiceName: string }> }>([
      'ec2',
      'describe-vpc-endpoints',
      '--filters',
      `Name=vpc-id,Values=${outputs.VpcId}`,
    ]);
    expect(VpcEndpoints.map((endpoint) => endpoint.ServiceName.split('.').pop()).sort()).toEqual(
      [
        'cloudformation',
        'dynamodb',
        'logs',
        'rekognition',
        's3',
        'secretsmanager',
        'sns',
        'sqs',
        'ssm',
        'ssmmessages',
        'states',
      ].sort(),
    );
  });

  it('made the security groups with the app port open to the load balancer only', async () => {
    const { SecurityGroups } = await awsJson<{
      SecurityGroups: Array<{
        GroupId: string;
        IpPermissions: Array<{
          FromPort: number;
          UserIdGroupPairs: Array<{ GroupId: string }>;
          IpRanges: Array<{ CidrIp: string }>;
        }>;
      }>;
    }>(['ec2', 'describe-security-groups', '--group-ids', outputs.AppSecurityGroupId]);
    const [rule] = SecurityGroups[0].IpPermissions;
    expect(SecurityGroups[0].IpPermissions).toHaveLength(1);
    expect(rule.FromPort).toBe(3000);
    expect(rule.IpRanges).toEqual([]);
    expect(rule.UserIdGroupPairs).toHaveLength(1);
    const { SecurityGroups: all } = await awsJson<{ SecurityGroups: Array<{ GroupId: string }> }>([
      'ec2',
      'describe-security-groups',
      '--filters',
      `Name=vpc-id,Values=${outputs.VpcId}`,
    ]);
    // The default group plus load balancer, app, database and endpoints.
    expect(all).toHaveLength(5);
  });

  it('made the launch template (IMDSv2, no public address) and the Auto Scaling group over the private subnets', async () => {
    const { AutoScalingGroups } = await awsJson<{
      AutoScalingGroups: Array<{
        MinSize: number;
        MaxSize: number;
        HealthCheckType: string;
        VPCZoneIdentifier: string;
        LaunchTemplate: { LaunchTemplateId: string };
        TargetGroupARNs: string[];
      }>;
    }>(['autoscaling', 'describe-auto-scaling-groups', '--auto-scaling-group-names', outputs.AutoScalingGroupName]);
    const group = AutoScalingGroups[0];
    expect(group).toMatchObject({ MinSize: 2, MaxSize: 4, HealthCheckType: 'ELB' });
    expect(group.VPCZoneIdentifier.split(',').sort()).toEqual(outputs.PrivateSubnetIds.split(',').sort());
    expect(group.TargetGroupARNs).toHaveLength(1);
    const { LaunchTemplateVersions } = await awsJson<{
      LaunchTemplateVersions: Array<{
        LaunchTemplateData: {
          MetadataOptions: { HttpTokens: string };
          NetworkInterfaces: Array<{ AssociatePublicIpAddress: boolean }>;
          UserData: string;
        };
      }>;
    }>(['ec2', 'describe-launch-template-versions', '--launch-template-id', group.LaunchTemplate.LaunchTemplateId]);
    const data = LaunchTemplateVersions[0].LaunchTemplateData;
    expect(data.MetadataOptions.HttpTokens).toBe('required');
    expect(data.NetworkInterfaces[0].AssociatePublicIpAddress).toBe(false);
    const userData = Buffer.from(data.UserData, 'base64').toString('utf8');
    // CloudFormation substituted the stack's values into the environment file.
    expect(userData).toContain(`DYNAMODB_TABLE=${outputs.MetadataTableName}\n`);
    expect(userData).toContain(`PHOTO_BUCKET=${outputs.PhotoBucketName}\n`);
    expect(userData).toContain(`NOTIFICATIONS_TOPIC_ARN=${outputs.NotificationsTopicArn}\n`);
    expect(userData).toContain(`DATABASE_URL=mysql://appuser@${outputs.DatabaseEndpoint}:3306/employees\n`);
  });

  it('made the load balancer, the HTTPS and redirect listeners, and the database', async () => {
    const { LoadBalancers } = await awsJson<{ LoadBalancers: Array<{ LoadBalancerArn: string; Scheme: string }> }>([
      'elbv2',
      'describe-load-balancers',
    ]);
    expect(LoadBalancers).toHaveLength(1);
    expect(LoadBalancers[0].Scheme).toBe('internet-facing');
    const { Listeners } = await awsJson<{ Listeners: Array<{ Port: number; Protocol: string }> }>([
      'elbv2',
      'describe-listeners',
      '--load-balancer-arn',
      LoadBalancers[0].LoadBalancerArn,
    ]);
    expect(Listeners.map((listener) => `${listener.Protocol}:${listener.Port}`).sort()).toEqual([
      'HTTP:80',
      'HTTPS:443',
    ]);
    const { DBInstances } = await awsJson<{
      DBInstances: Array<{
        Engine: string;
        EngineVersion: string;
        StorageEncrypted: boolean;
        PubliclyAccessible: boolean;
        IAMDatabaseAuthenticationEnabled: boolean;
        DeletionProtection: boolean;
      }>;
    }>([
      // awscli v1's rds command sets its own endpoint and ignores AWS_ENDPOINT_URL: name moto explicitly.
      'rds',
      'describe-db-instances',
      '--endpoint-url',
      endpoint,
    ]);
    expect(DBInstances[0]).toMatchObject({
      Engine: 'mysql',
      EngineVersion: '8.4.11',
      StorageEncrypted: true,
      PubliclyAccessible: false,
    });
  });

  it('made the encrypted buckets, table and topic', async () => {
    const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
    for (const bucket of [outputs.PhotoBucketName, artifactsBucket]) {
      const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
      expect(
        encryption.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
        bucket,
      ).toMatch(/aws:kms|AES256/);
    }
    const dynamodb = new DynamoDBClient(clientConfig());
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: outputs.MetadataTableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byState']);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    const sns = new SNSClient(clientConfig());
    const topic = await sns.send(new GetTopicAttributesCommand({ TopicArn: outputs.NotificationsTopicArn }));
    expect(topic.Attributes?.KmsMasterKeyId).toBeTruthy();
  });

  it('generated the webhook secrets key, encrypted with the stack key, in the length and characters the app hashes', async () => {
    const secretId = outputs.WebhookSecretsKeyArn;
    expect(secretId).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:/);
    const value = await awsJson<{ SecretString: string }>([
      'secretsmanager',
      'get-secret-value',
      '--secret-id',
      secretId,
    ]);
    expect(value.SecretString).toMatch(/^[A-Za-z0-9]{64}$/);
    const described = await awsJson<{ KmsKeyId: string }>([
      'secretsmanager',
      'describe-secret',
      '--secret-id',
      secretId,
    ]);
    expect(described.KmsKeyId).toBe(outputs.DataKeyArn);
  });

  it('made the verification state machine with its definition and role, and the task queue with its dead-letter queue', async () => {
    const sfn = new SFNClient(clientConfig());
    const machine = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: outputs.VerificationStateMachineArn }),
    );
    expect(machine.name).toBe('employee-profiles-verification');
    expect(machine.type).toBe('STANDARD');
    expect(machine.roleArn).toMatch(/:role\//);
    // CloudFormation substituted the queue URL into every Task of the definition.
    const definition = JSON.parse(machine.definition ?? '{}');
    const queueUrls = Object.values(
      definition.States as Record<string, { Type: string; Parameters?: { QueueUrl: string } }>,
    )
      .filter((state) => state.Type === 'Task')
      .map((state) => state.Parameters?.QueueUrl);
    expect(new Set(queueUrls)).toEqual(new Set([outputs.WorkflowTaskQueueUrl]));

    const sqs = new SQSClient(clientConfig());
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: outputs.WorkflowTaskQueueUrl, AttributeNames: ['All'] }),
    );
    expect(Attributes?.KmsMasterKeyId).toBeTruthy();
    expect(Attributes?.VisibilityTimeout).toBe('120');
    const redrive = JSON.parse(Attributes?.RedrivePolicy ?? '{}');
    expect(redrive.maxReceiveCount).toBe(5);
    expect(redrive.deadLetterTargetArn).toMatch(/^arn:aws:sqs:/);
  });

  it('verifies the domain for email with Easy DKIM and publishes its three DKIM records in the zone', async () => {
    expect(outputs.MailFromAddress).toBe(`no-reply@${DOMAIN}`);
    expect(outputs.MailConfigurationSetName).toBe('employee-profiles-notices');
    // Through the CLI: moto answers a timestamp here as an ISO string, which the JS SDK refuses to parse.
    const identity = await awsJson<{ IdentityType: string; DkimAttributes: Record<string, unknown> }>([
      'sesv2',
      'get-email-identity',
      '--email-identity',
      DOMAIN,
    ]);
    expect(identity.IdentityType).toBe('DOMAIN');
    expect(identity.DkimAttributes).toMatchObject({ SigningEnabled: true, NextSigningKeyLength: 'RSA_2048_BIT' });
    const { ResourceRecordSets } = await awsJson<{
      ResourceRecordSets: Array<{ Name: string; Type: string; ResourceRecords?: Array<{ Value: string }> }>;
    }>(['route53', 'list-resource-record-sets', '--hosted-zone-id', zone.HostedZone.Id]);
    const dkim = (ResourceRecordSets ?? []).filter((record) => record.Name?.includes('._domainkey.'));
    expect(dkim).toHaveLength(3);
    for (const record of dkim) {
      expect(record.Type).toBe('CNAME');
      expect(record.Name).toMatch(new RegExp(`^[0-9a-f]{32}\\._domainkey\\.${DOMAIN.replace(/\./g, '\\.')}\\.?$`));
      expect(record.ResourceRecords?.[0].Value).toMatch(/^[0-9a-f]{32}\.dkim\.amazonses\.com$/);
    }
  });

  it('sends a password-reset email through the app’s SES v2 adapter, from the stack’s identity, recorded by moto', async () => {
    const mailer = sesMailer(createSesClient({ region: REGION, endpoint }), {
      region: REGION,
      from: { name: 'XYZ People', address: outputs.MailFromAddress },
      configurationSet: outputs.MailConfigurationSetName,
    });
    const link = `https://${DOMAIN}/reset-password?token=moto-${randomUUID()}`;
    const content = {
      language: 'en',
      greeting: 'Hello Zoë Ñúñez,',
      paragraphs: ['Someone (hopefully you) asked to reset your XYZ People password.'],
      action: { label: 'Choose a new password', href: link, line: `Choose a new password: ${link}` },
    };
    const { messageId } = await mailer.send({
      id: randomUUID(),
      to: { name: 'Zoë Ñúñez', address: 'zoe.nunez@xyz.example' },
      subject: 'Reset your XYZ People password',
      text: renderNoticeText(content),
      html: renderNoticeHtml(content),
      link,
    });
    expect(messageId).toBeTruthy();

    // moto keeps every accepted message in its SES backend, listed by its model-data endpoint.
    const listing = await (await fetch(`${endpoint}/moto-api/data.json`)).text();
    expect(listing.startsWith('{'), listing.slice(0, 3000)).toBe(true);
    const data = JSON.parse(listing) as {
      ses?: { RawMessage?: Array<{ id: string; source: string; destinations: string[]; raw_data: string }> };
    };
    const sent = (data.ses?.RawMessage ?? []).find((message) => message.id === messageId);
    expect(sent, JSON.stringify(data.ses ?? {}).slice(0, 2000)).toBeDefined();
    expect(sent!.source).toBe(`no-reply@${DOMAIN}`);
    // moto lists the envelope recipient and then the To header's mailbox: one person either way.
    expect(sent!.destinations[0]).toBe('zoe.nunez@xyz.example');
    expect(
      sent!.destinations.every(
        (destination) => destination.endsWith('zoe.nunez@xyz.example>') || destination === 'zoe.nunez@xyz.example',
      ),
    ).toBe(true);
    expect(sent!.raw_data).toContain('To: =?UTF-8?B?');
    expect(sent!.raw_data).toContain('Subject: Reset your XYZ People password');
    const bodies = [...sent!.raw_data.matchAll(/\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/g)].map((match) =>
      Buffer.from(match[1].replace(/\r\n/g, ''), 'base64').toString('utf8'),
    );
    expect(bodies[0]).toContain(`Choose a new password: ${link}`);
    expect(bodies[1]).toContain(`<a href="${link}">`);

    // A sender other than the identity's is refused (moto checks the identity, as SES does).
    const stranger = sesMailer(createSesClient({ region: REGION, endpoint }), {
      region: REGION,
      from: { name: 'Mallory', address: 'mallory@elsewhere.example' },
    });
    await expect(
      stranger.send({
        id: randomUUID(),
        to: { name: '', address: 'zoe.nunez@xyz.example' },
        subject: 'x',
        text: 'x',
        html: 'x',
        link: null,
      }),
    ).rejects.toThrow(/authority to send|not verified/i);
  });

  it('runs the bundled photo function against the stack bucket and table, writing renditions', async () => {
    const bundle = join(work, 'bundle');
    mkdirSync(bundle);
    expect((await run('unzip', ['-q', functionZip, '-d', bundle])).code).toBe(0);

    const table = {
      client: DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()), {
        marshallOptions: { removeUndefinedValues: true },
      }),
      tableName: outputs.MetadataTableName,
    };
    const ids = { employeeId: randomUUID(), photoId: randomUUID() };
    await recordUploadedPhoto(table, ids);
    const key = originalKey(ids.employeeId, ids.photoId);
    const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
    await s3.send(
      new PutObjectCommand({
        Bucket: outputs.PhotoBucketName,
        Key: key,
        Body: await tinyJpeg(),
        ContentType: 'image/jpeg',
      }),
    );

    // The S3 notification shape the template wires (classic S3 → Lambda, key URL-encoded).
    const event = {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: REGION,
          eventName: 'ObjectCreated:Put',
          s3: {
            s3SchemaVersion: '1.0',
            bucket: { name: outputs.PhotoBucketName, arn: `arn:aws:s3:::${outputs.PhotoBucketName}` },
            object: { key: encodeS3Key(key) },
          },
        },
      ],
    };
    // The handler logs JSON lines to stdout, so its return value goes to a file.
    const resultFile = join(work, 'handler-result.json');
    const invoke = `const { handler } = await import(${JSON.stringify(join(bundle, 'index.mjs'))});
      const { writeFileSync } = await import('node:fs');
      writeFileSync(process.env.RESULT_FILE, JSON.stringify(await handler(JSON.parse(process.env.EVENT))));`;
    const result = await run(process.execPath, ['--input-type=module', '-e', invoke], {
      cwd: bundle,
      env: {
        PATH: process.env.PATH,
        EVENT: JSON.stringify(event),
        RESULT_FILE: resultFile,
        // What Lambda gives the function, plus the template's variable, plus the emulator endpoints.
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        DYNAMODB_TABLE: outputs.MetadataTableName,
        FACE_VERIFIER: 'rekognition',
        REKOGNITION_COLLECTION_ID: 'employee-profiles-faces',
        S3_ENDPOINT: endpoint,
        DYNAMODB_ENDPOINT: endpoint,
        // The SDK's own endpoint override: moto's Rekognition answers DetectFaces with a 500 (STACK.md).
        AWS_ENDPOINT_URL_REKOGNITION: endpoint,
        FACE_CHECK_BACKOFF_MS: '100',
      },
      timeoutMs: 60_000,
    });
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(JSON.parse(readFileSync(resultFile, 'utf8'))).toEqual({ outcomes: [{ status: 'ready', key }] });

    const listed = await s3.send(
      new ListObjectsV2Command({
        Bucket: outputs.PhotoBucketName,
        Prefix: `renditions/${ids.employeeId}/${ids.photoId}/`,
      }),
    );
    const expected = RENDITION_SIZES.flatMap((size) =>
      RENDITION_FORMATS.map((format) => renditionKey(ids.employeeId, ids.photoId, size, format)),
    );
    expect(listed.Contents?.map((object) => object.Key).sort()).toEqual(expected.sort());
    const record = await getPhoto(table, ids);
    expect(record?.state).toBe('ready');
    expect(record?.renditions).toHaveLength(6);
    // moto cannot detect faces: the check fails after its retries and waits for HR, never passes by default.
    expect(record?.faceCheck).toMatchObject({ outcome: 'check-failed', checkedBy: 'rekognition' });
    expect(record?.faceCheck?.reason).toMatch(/Rekognition DetectFaces failed/);
  }, 90_000);
});
