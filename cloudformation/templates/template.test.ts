/**
 * Security and wiring properties of the generated templates, asserted on the template itself (the same
 * objects `npm run cfn:build` writes). Where moto cannot create a resource type, these tests are its proof.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { STATE_INDEX as CONTRACT_INDEX, TABLE_KEY as CONTRACT_KEY } from '@shared/contracts/dynamo-keys';
import {
  ORIGINALS_PREFIX as CONTRACT_ORIGINALS,
  RENDITIONS_PREFIX as CONTRACT_RENDITIONS,
} from '@shared/contracts/s3-keys';
import { ID, INTERFACE_ENDPOINT_SERVICES, P } from '../ids';
import { NETWORK } from '../builders/network';
import { TLS_POLICY } from '../builders/load-balancer';
import { ORIGINALS_PREFIX, RENDITIONS_PREFIX } from '../builders/photo-bucket';
import { LOG_DELIVERY_ACTIONS, TASK_TOKEN_ACTIONS, TRACE_ACTIONS } from '../builders/verification-workflow';
import {
  artifacts,
  asList,
  main,
  resource,
  resourcesOfType,
  roleStatements,
  type Json,
} from '@test-support/cloudformation/template-helpers';

const ref = (id: string) => ({ Ref: id });
const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });

describe('network', () => {
  it('has two public and two private subnets, one per zone, none giving public addresses', () => {
    const subnets = resourcesOfType(main, 'AWS::EC2::Subnet');
    expect(subnets.map(([id]) => id).sort()).toEqual([
      'PrivateSubnetA',
      'PrivateSubnetB',
      'PublicSubnetA',
      'PublicSubnetB',
    ]);
    for (const [id, subnet] of subnets) {
      expect(subnet.Properties.MapPublicIpOnLaunch, id).toBe(false);
      const zoneIndex = id.endsWith('A') ? 0 : 1;
      expect(subnet.Properties.AvailabilityZone, id).toEqual({ 'Fn::Select': [zoneIndex, { 'Fn::GetAZs': '' }] });
    }
    expect(resource(main, ID.PrivateSubnetA).Properties.CidrBlock).toBe(NETWORK.privateCidrs[0]);
  });

  it('routes the public tier to the internet gateway, and the private tier nowhere unless a NAT gateway is chosen', () => {
    const routes = resourcesOfType(main, 'AWS::EC2::Route');
    expect(routes.map(([id]) => id).sort()).toEqual([ID.PrivateDefaultRoute, ID.PublicDefaultRoute]);
    expect(resource(main, ID.PublicDefaultRoute).Properties).toMatchObject({
      RouteTableId: ref(ID.PublicRouteTable),
      GatewayId: ref(ID.InternetGateway),
    });
    expect(resource(main, ID.PrivateDefaultRoute)).toMatchObject({
      Condition: 'UseNatGateway',
      Properties: {
        RouteTableId: ref(ID.PrivateRouteTable),
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: ref(ID.NatGateway),
      },
    });
    expect(resource(main, ID.NatGateway)).toMatchObject({
      Condition: 'UseNatGateway',
      Properties: { SubnetId: ref(ID.PublicSubnetA) },
    });
    expect(resource(main, ID.NatGatewayAddress).Condition).toBe('UseNatGateway');
    expect(main.Parameters.PrivateEgress).toMatchObject({
      Default: 'VpcEndpoints',
      AllowedValues: ['VpcEndpoints', 'NatGateway'],
    });
    expect(main.Conditions.UseNatGateway).toEqual({ 'Fn::Equals': [ref(P.PrivateEgress), 'NatGateway'] });
    expect(main.Conditions.UseVpcEndpoints).toEqual({ 'Fn::Equals': [ref(P.PrivateEgress), 'VpcEndpoints'] });
    for (const id of [ID.PrivateSubnetARouteTableAssociation, ID.PrivateSubnetBRouteTableAssociation]) {
      expect(resource(main, id).Properties.RouteTableId).toEqual(ref(ID.PrivateRouteTable));
    }
  });

  it('reaches S3 and DynamoDB through gateway endpoints, and by default the other AWS APIs through interface endpoints', () => {
    for (const [id, service] of [
      [ID.S3GatewayEndpoint, 's3'],
      [ID.DynamoDbGatewayEndpoint, 'dynamodb'],
    ]) {
      expect(resource(main, id).Properties).toMatchObject({
        VpcEndpointType: 'Gateway',
        ServiceName: { 'Fn::Sub': `com.amazonaws.\${AWS::Region}.${service}` },
        RouteTableIds: [ref(ID.PrivateRouteTable)],
      });
    }
    expect(Object.values(INTERFACE_ENDPOINT_SERVICES).sort()).toEqual(
      ['cloudformation', 'logs', 'rekognition', 'secretsmanager', 'sns', 'sqs', 'ssm', 'ssmmessages', 'states'].sort(),
    );
    for (const [id, service] of Object.entries(INTERFACE_ENDPOINT_SERVICES)) {
      expect(resource(main, id).Condition, id).toBe('UseVpcEndpoints');
      expect(resource(main, id).Properties).toMatchObject({
        VpcEndpointType: 'Interface',
        PrivateDnsEnabled: true,
        ServiceName: { 'Fn::Sub': `com.amazonaws.\${AWS::Region}.${service}` },
        SubnetIds: [ref(ID.PrivateSubnetA), ref(ID.PrivateSubnetB)],
        SecurityGroupIds: [ref(ID.EndpointSecurityGroup)],
      });
    }
  });

  it('logs rejected traffic of the VPC', () => {
    expect(resource(main, ID.FlowLog).Properties).toMatchObject({ ResourceId: ref(ID.Vpc), TrafficType: 'REJECT' });
  });
});

describe('security groups', () => {
  const ingress = (id: string): Json[] => resource(main, id).Properties.SecurityGroupIngress;

  it('opens 80 and 443 to the internet on the load balancer only', () => {
    expect(
      ingress(ID.LoadBalancerSecurityGroup).map((rule: Json) => [rule.FromPort, rule.ToPort, rule.CidrIp]),
    ).toEqual([
      [443, 443, '0.0.0.0/0'],
      [80, 80, '0.0.0.0/0'],
    ]);
    for (const [id, group] of resourcesOfType(main, 'AWS::EC2::SecurityGroup')) {
      if (id === ID.LoadBalancerSecurityGroup) continue;
      for (const rule of group.Properties.SecurityGroupIngress ?? []) {
        expect(rule.CidrIp, `${id} must take traffic only from another group`).toBeUndefined();
        expect(rule.SourceSecurityGroupId, id).toBeDefined();
      }
    }
    expect(resourcesOfType(main, 'AWS::EC2::SecurityGroupIngress')).toHaveLength(0);
  });

  it('lets the app port in from the load balancer only, and MySQL from the app only', () => {
    expect(ingress(ID.AppSecurityGroup)).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 3000,
        ToPort: 3000,
        SourceSecurityGroupId: ref(ID.LoadBalancerSecurityGroup),
      }),
    ]);
    expect(ingress(ID.DatabaseSecurityGroup)).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 3306,
        ToPort: 3306,
        SourceSecurityGroupId: ref(ID.AppSecurityGroup),
      }),
    ]);
    expect(ingress(ID.EndpointSecurityGroup)).toEqual([
      expect.objectContaining({ FromPort: 443, ToPort: 443, SourceSecurityGroupId: ref(ID.AppSecurityGroup) }),
    ]);
  });

  it('gives every group explicit egress: the database and the endpoints start no connection', () => {
    for (const [id, group] of resourcesOfType(main, 'AWS::EC2::SecurityGroup')) {
      expect(group.Properties.SecurityGroupEgress?.length, id).toBeGreaterThan(0);
    }
    for (const id of [ID.DatabaseSecurityGroup, ID.EndpointSecurityGroup]) {
      expect(resource(main, id).Properties.SecurityGroupEgress).toEqual([
        expect.objectContaining({ CidrIp: '127.0.0.1/32' }),
      ]);
    }
    expect(
      resource(main, ID.LoadBalancerSecurityGroup).Properties.SecurityGroupEgress.map((rule: Json) => rule.CidrIp),
    ).toEqual([...NETWORK.privateCidrs]);
    expect(resource(main, ID.AppToDatabaseEgress).Properties).toMatchObject({
      FromPort: 3306,
      ToPort: 3306,
      DestinationSecurityGroupId: getAtt(ID.DatabaseSecurityGroup, 'GroupId'),
    });
  });

  it('opens no SSH port anywhere', () => {
    const text = JSON.stringify(main.Resources);
    expect(text).not.toMatch(/"FromPort":22\b/);
    expect(text).not.toContain('KeyName');
  });
});

describe('load balancer and domain', () => {
  it('serves HTTPS with a TLS 1.2+ policy and the created or given certificate, and redirects HTTP', () => {
    const https = resource(main, ID.HttpsListener).Properties;
    expect(https).toMatchObject({ Protocol: 'HTTPS', Port: 443, SslPolicy: TLS_POLICY });
    expect(https.Certificates[0].CertificateArn).toEqual({
      'Fn::If': ['CreateCertificate', ref(ID.Certificate), ref(P.CertificateArn)],
    });
    expect(resource(main, ID.HttpListener).Properties.DefaultActions).toEqual([
      { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
    ]);
  });

  // The SCIM routes (/scim/v2/*, a connection's bearer token) and HR's pages for them (behind sign-in) are the
  // app's own paths behind this one listener; webhooks go out, so nothing comes in for them
  // (docs/decisions/112-public-routes-and-body-limits.md).
  it('has one public entry, the HTTPS listener forwarding to the app: no path rules, no other API or function URL', () => {
    expect(resource(main, ID.HttpsListener).Properties.DefaultActions).toEqual([
      { Type: 'forward', TargetGroupArn: ref(ID.AppTargetGroup) },
    ]);
    expect(
      resourcesOfType(main, 'AWS::ElasticLoadBalancingV2::Listener')
        .map(([id]) => id)
        .sort(),
    ).toEqual([ID.HttpListener, ID.HttpsListener].sort());
    expect(resourcesOfType(main, 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toHaveLength(1);
    for (const type of [
      'AWS::ElasticLoadBalancingV2::ListenerRule',
      'AWS::ApiGateway::RestApi',
      'AWS::ApiGatewayV2::Api',
      'AWS::Lambda::Url',
      'AWS::CloudFront::Distribution',
    ]) {
      expect(resourcesOfType(main, type), type).toEqual([]);
    }
  });

  it('creates a DNS-validated certificate only when no certificate ARN is given', () => {
    const certificate = resource(main, ID.Certificate);
    expect(certificate.Condition).toBe('CreateCertificate');
    expect(certificate.Properties).toMatchObject({
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: ref(P.DomainName), HostedZoneId: ref(P.HostedZoneId) }],
    });
    expect(main.Conditions.CreateCertificate).toEqual({ 'Fn::Equals': [ref(P.CertificateArn), ''] });
  });

  it('drops invalid header fields, sits in the public subnets, and health-checks /healthz', () => {
    const alb = resource(main, ID.LoadBalancer).Properties;
    expect(alb.Scheme).toBe('internet-facing');
    expect(alb.Subnets).toEqual([ref(ID.PublicSubnetA), ref(ID.PublicSubnetB)]);
    expect(alb.LoadBalancerAttributes).toContainEqual({
      Key: 'routing.http.drop_invalid_header_fields.enabled',
      Value: 'true',
    });
    expect(resource(main, ID.AppTargetGroup).Properties).toMatchObject({
      HealthCheckPath: '/healthz',
      Port: 3000,
      Matcher: { HttpCode: '200' },
    });
  });

  it('points an alias record for the domain at the load balancer', () => {
    expect(resource(main, ID.DomainRecord).Properties).toMatchObject({
      HostedZoneId: ref(P.HostedZoneId),
      Name: ref(P.DomainName),
      Type: 'A',
      AliasTarget: {
        DNSName: getAtt(ID.LoadBalancer, 'DNSName'),
        HostedZoneId: getAtt(ID.LoadBalancer, 'CanonicalHostedZoneID'),
      },
    });
  });
});

describe('compute', () => {
  const data = () => resource(main, ID.AppLaunchTemplate).Properties.LaunchTemplateData;

  it('requires IMDSv2, gives no public address and encrypts the volume', () => {
    expect(data().MetadataOptions).toMatchObject({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
    expect(data().NetworkInterfaces).toEqual([
      expect.objectContaining({ AssociatePublicIpAddress: false, Groups: [ref(ID.AppSecurityGroup)] }),
    ]);
    expect(data().BlockDeviceMappings.map((mapping: Json) => mapping.Ebs.Encrypted)).toEqual([true]);
  });

  it("boots Amazon Linux 2023 from AWS's public SSM parameter", () => {
    expect(data().ImageId).toEqual(ref(P.LatestAmiId));
    expect(main.Parameters.LatestAmiId).toMatchObject({
      Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
      Default: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    });
  });

  it('runs at least two instances over both private subnets with ELB health checks and CPU target tracking', () => {
    const group = resource(main, ID.AppAutoScalingGroup);
    expect(group.Properties).toMatchObject({
      VPCZoneIdentifier: [ref(ID.PrivateSubnetA), ref(ID.PrivateSubnetB)],
      MinSize: ref(P.MinInstances),
      HealthCheckType: 'ELB',
      TargetGroupARNs: [ref(ID.AppTargetGroup)],
      LaunchTemplate: {
        LaunchTemplateId: ref(ID.AppLaunchTemplate),
        Version: getAtt(ID.AppLaunchTemplate, 'LatestVersionNumber'),
      },
    });
    expect(main.Parameters.MinInstances.MinValue).toBeGreaterThanOrEqual(2);
    expect(resource(main, ID.AppCpuScalingPolicy).Properties).toMatchObject({
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
      },
    });
  });

  it('waits for every instance to signal readiness, and rolls one instance at a time on a change', () => {
    const group = resource(main, ID.AppAutoScalingGroup);
    expect(group.CreationPolicy.ResourceSignal.Count).toEqual(ref(P.MinInstances));
    expect(group.UpdatePolicy.AutoScalingRollingUpdate).toMatchObject({
      MaxBatchSize: 1,
      MinInstancesInService: ref(P.MinInstances),
      WaitOnResourceSignals: true,
    });
  });
});

describe('user data', () => {
  const [script, variables] = resource(main, ID.AppLaunchTemplate).Properties.LaunchTemplateData.UserData['Fn::Base64'][
    'Fn::Sub'
  ];

  it('writes every variable the app reads, from stack values', () => {
    for (const name of [
      'NODE_ENV=production',
      'APP_ENV=aws',
      'PORT=3000',
      'HOST=0.0.0.0',
      'PUBLIC_URL=https://${DomainName}',
      'DATABASE_URL=mysql://appuser@${DatabaseAddress}:${DatabasePort}/employees',
      'DATABASE_IAM_AUTH=true',
      'DATABASE_TLS=true',
      'DATABASE_CA_FILE=/etc/employee-profiles/rds-ca.pem',
      'AWS_REGION=${AWS::Region}',
      'DYNAMODB_TABLE=${MetadataTable}',
      'PHOTO_BUCKET=${NamePrefix}-photos-${AWS::AccountId}-${AWS::Region}',
      'NOTIFICATIONS_TOPIC_ARN=${NotificationsTopic}',
      'MAIL_FROM_ADDRESS=no-reply@${DomainName}',
      'SES_CONFIGURATION_SET=${NamePrefix}-notices',
      'ALLOWED_EMAIL_DOMAINS=${AllowedEmailDomains}',
      'PHOTO_MAX_BYTES=${PhotoMaxBytes}',
    ]) {
      expect(script).toContain(`\n${name}\n`);
    }
    expect(variables).toEqual({
      DatabaseAddress: getAtt(ID.Database, 'Endpoint.Address'),
      DatabasePort: getAtt(ID.Database, 'Endpoint.Port'),
      DatabaseMasterSecretArn: getAtt(ID.Database, 'MasterUserSecret.SecretArn'),
      SearchBackend: { 'Fn::If': ['HasSearchDomain', 'opensearch', 'embedded'] },
      SearchEndpoint: { 'Fn::If': ['HasSearchDomain', { 'Fn::Sub': 'https://${SearchDomain.DomainEndpoint}' }, ''] },
      WebhookEgress: { 'Fn::If': ['UseNatGateway', 'internet', 'none'] },
    });
    // Webhooks cannot leave without the NAT gateway: the app is told, and its admin page says so.
    expect(script).toContain('\nWEBHOOK_EGRESS=${WebhookEgress}\n');
    // The stack's own key secret (a secret's Ref is its ARN): no operator step before webhooks can be registered.
    expect(script).toContain(`\nWEBHOOK_SECRETS_KEY_ARN=\${${ID.WebhookSecretsKey}}\n`);
  });

  it('installs a supported Node.js LTS and fetches the artifact named by the parameters', () => {
    expect(script).toMatch(/dnf install -y nodejs24 /);
    expect(script).toContain('aws s3 cp --region "$REGION" \'s3://${ArtifactsBucketName}/${AppArtifactKey}\'');
  });

  it('creates the IAM-authenticated database user with the master secret, over verified TLS, then migrates before serving', () => {
    expect(script).toContain("--secret-id '${DatabaseMasterSecretArn}'");
    expect(script).toContain(
      "CREATE USER IF NOT EXISTS 'appuser'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS';",
    );
    expect(script).toContain('--ssl-verify-server-cert');
    expect(script).toMatch(/ExecStartPre=\$NODE server\.js migrate\nExecStart=\$NODE server\.js\n/);
  });

  it('signals success only after /readyz answers, and failure otherwise', () => {
    const readiness = script.indexOf('curl -fsS -o /dev/null http://127.0.0.1:3000/readyz');
    expect(readiness).toBeGreaterThan(0);
    expect(script.indexOf('signal SUCCESS')).toBeGreaterThan(readiness);
    expect(script).toContain("trap 'signal FAILURE' ERR");
    expect(script).toContain(`--logical-resource-id ${ID.AppAutoScalingGroup}`);
  });

  it('is valid bash once CloudFormation has substituted its values', () => {
    const rendered = script.replace(
      /\$\{([A-Za-z0-9:.]+)\}/g,
      (_: string, name: string) => `value-of-${name.replace(/[^A-Za-z0-9]/g, '-')}`,
    );
    const check = spawnSync('bash', ['-n'], { input: rendered, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('uses no shell ${...} that CloudFormation would try to substitute', () => {
    const allowed = new Set([
      ...Object.keys(variables),
      ...Object.keys(main.Parameters),
      ...Object.keys(main.Resources),
    ]);
    for (const [, name] of script.matchAll(/\$\{([^}]+)\}/g)) {
      if (name.startsWith('AWS::')) continue;
      expect(allowed.has(name.split('.')[0]), `\${${name}}`).toBe(true);
    }
  });
});

describe('database', () => {
  const database = () => resource(main, ID.Database);

  it('is MySQL 8.4 by default (8.0 allowed), private, encrypted, with IAM auth and an RDS-managed master password', () => {
    expect(main.Parameters.DatabaseEngineVersion.Default).toMatch(/^8\.4\./);
    expect(main.Parameters.DatabaseEngineVersion.AllowedValues).toEqual(
      expect.arrayContaining([expect.stringMatching(/^8\.0\./)]),
    );
    expect(database().Properties).toMatchObject({
      Engine: 'mysql',
      EngineVersion: ref(P.DatabaseEngineVersion),
      PubliclyAccessible: false,
      StorageEncrypted: true,
      KmsKeyId: getAtt(ID.DataKey, 'Arn'),
      ManageMasterUserPassword: true,
      EnableIAMDatabaseAuthentication: true,
      DeletionProtection: true,
      MultiAZ: ref(P.DatabaseMultiAz),
      BackupRetentionPeriod: ref(P.DatabaseBackupRetentionDays),
      DBSubnetGroupName: ref(ID.DatabaseSubnetGroup),
    });
    expect(database().Properties.MasterUserPassword).toBeUndefined();
    expect(main.Parameters.DatabaseBackupRetentionDays.MinValue).toBeGreaterThanOrEqual(1);
    expect(resource(main, ID.DatabaseSubnetGroup).Properties.SubnetIds).toEqual([
      ref(ID.PrivateSubnetA),
      ref(ID.PrivateSubnetB),
    ]);
  });

  it('requires TLS on every connection', () => {
    expect(resource(main, ID.DatabaseParameterGroup).Properties.Parameters).toEqual({ require_secure_transport: '1' });
  });

  it('takes a snapshot on deletion and on replacement', () => {
    expect(database()).toMatchObject({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
  });
});

describe('DynamoDB metadata table', () => {
  const table = () => resource(main, ID.MetadataTable);

  it('has the key schema and index of functions/shared/contracts/dynamo-keys.ts', () => {
    const props = table().Properties;
    expect(props.KeySchema).toEqual([
      { AttributeName: CONTRACT_KEY.partition, KeyType: 'HASH' },
      { AttributeName: CONTRACT_KEY.sort, KeyType: 'RANGE' },
    ]);
    expect(props.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: CONTRACT_INDEX.name,
        KeySchema: [
          { AttributeName: CONTRACT_INDEX.partition, KeyType: 'HASH' },
          { AttributeName: CONTRACT_INDEX.sort, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
    expect(props.AttributeDefinitions.every((definition: Json) => definition.AttributeType === 'S')).toBe(true);
  });

  it('is on-demand, recoverable to a point in time, encrypted with the stack key and retained', () => {
    expect(table().Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: getAtt(ID.DataKey, 'Arn') },
    });
    expect(table()).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('buckets', () => {
  const allBlocked = {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  };

  it('blocks all public access, disables ACLs and encrypts both buckets', () => {
    for (const bucket of [resource(main, ID.PhotoBucket), resource(artifacts, 'ArtifactsBucket')]) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual(allBlocked);
      expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(
        bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
          .SSEAlgorithm,
      ).toMatch(/^(aws:kms|AES256)$/);
    }
  });

  it('denies every request to either bucket that does not use TLS', () => {
    for (const [template, policyId, bucketId] of [
      [main, ID.PhotoBucketPolicy, ID.PhotoBucket],
      [artifacts, 'ArtifactsBucketPolicy', 'ArtifactsBucket'],
    ] as const) {
      const policy = resource(template, policyId).Properties;
      expect(policy.Bucket).toEqual(ref(bucketId));
      expect(policy.PolicyDocument.Statement).toContainEqual({
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [getAtt(bucketId, 'Arn'), { 'Fn::Sub': `\${${bucketId}.Arn}/*` }],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
    }
  });

  it('versions photos, expires old versions and keeps the bucket on stack deletion', () => {
    const photo = resource(main, ID.PhotoBucket);
    expect(photo.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(photo.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
    );
    expect(photo).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('uses the key layout of functions/shared/contracts/s3-keys.ts', () => {
    expect([ORIGINALS_PREFIX, RENDITIONS_PREFIX]).toEqual([CONTRACT_ORIGINALS, CONTRACT_RENDITIONS]);
  });

  it('invokes the photo function for objects created under originals/ only, without a dependency cycle', () => {
    const photo = resource(main, ID.PhotoBucket);
    expect(photo.Properties.NotificationConfiguration).toEqual({
      LambdaConfigurations: [
        {
          Event: 's3:ObjectCreated:*',
          Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'originals/' }] } },
          Function: getAtt(ID.PhotoFunction, 'Arn'),
        },
      ],
    });
    expect(photo.DependsOn).toBe(ID.PhotoFunctionS3Permission);
    const permission = resource(main, ID.PhotoFunctionS3Permission).Properties;
    // The permission names the bucket by the same parameter-built name, never by Ref: no cycle.
    expect(photo.Properties.BucketName).toEqual({ 'Fn::Sub': '${NamePrefix}-photos-${AWS::AccountId}-${AWS::Region}' });
    expect(permission).toMatchObject({
      Principal: 's3.amazonaws.com',
      Action: 'lambda:InvokeFunction',
      SourceArn: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${NamePrefix}-photos-${AWS::AccountId}-${AWS::Region}' },
      SourceAccount: ref('AWS::AccountId'),
    });
    expect(JSON.stringify(resource(main, ID.PhotoFunction))).not.toContain(ID.PhotoBucket);
    expect(JSON.stringify(resource(main, ID.PhotoFunctionRole))).not.toContain(ID.PhotoBucket);
  });
});

describe('photo function', () => {
  const fn = () => resource(main, ID.PhotoFunction);

  it('runs on a current Node.js runtime with reserved concurrency, a dead-letter queue and the table name', () => {
    expect(fn().Properties.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
    expect(fn().Properties).toMatchObject({
      Handler: 'index.handler',
      Code: '../../dist/photo-processor.zip',
      ReservedConcurrentExecutions: ref(P.PhotoFunctionConcurrency),
      DeadLetterConfig: { TargetArn: getAtt(ID.PhotoFunctionDeadLetterQueue, 'Arn') },
      KmsKeyArn: getAtt(ID.DataKey, 'Arn'),
      Environment: {
        Variables: {
          DYNAMODB_TABLE: ref(ID.MetadataTable),
          FACE_VERIFIER: 'rekognition',
          REKOGNITION_COLLECTION_ID: ref(ID.FaceCollection),
        },
      },
    });
  });

  it("checks faces against the stack's own Rekognition collection", () => {
    expect(resource(main, ID.FaceCollection)).toMatchObject({
      Type: 'AWS::Rekognition::Collection',
      Properties: { CollectionId: { 'Fn::Sub': '${NamePrefix}-faces' } },
    });
  });

  it('logs to its own group with retention, created before the function', () => {
    expect(resource(main, ID.PhotoFunctionLogGroup).Properties).toMatchObject({
      LogGroupName: { 'Fn::Sub': '/aws/lambda/${NamePrefix}-photo-processor' },
      RetentionInDays: ref(P.LogRetentionDays),
    });
    expect(fn().Properties.FunctionName).toEqual({ 'Fn::Sub': '${NamePrefix}-photo-processor' });
    expect(fn().DependsOn).toBe(ID.PhotoFunctionLogGroup);
  });

  it('may read originals/, write and delete renditions/, update photo records and check faces, and nothing more', () => {
    const statements = roleStatements(resource(main, ID.PhotoFunctionRole));
    const bySid = Object.fromEntries(statements.map((statement: Json) => [statement.Sid, statement]));
    expect(bySid.ReadOriginals).toMatchObject({
      Action: 's3:GetObject',
      Resource: { 'Fn::Sub': expect.stringMatching(/\/originals\/\*$/) },
    });
    expect(bySid.WriteRenditions).toMatchObject({
      Action: ['s3:PutObject', 's3:DeleteObject'],
      Resource: { 'Fn::Sub': expect.stringMatching(/\/renditions\/\*$/) },
    });
    expect(bySid.UpdatePhotoRecords).toEqual(
      expect.objectContaining({
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        Resource: getAtt(ID.MetadataTable, 'Arn'),
      }),
    );
    const collectionArn = {
      'Fn::Sub': 'arn:${AWS::Partition}:rekognition:${AWS::Region}:${AWS::AccountId}:collection/${NamePrefix}-faces',
    };
    expect(bySid.UseFaceCollection).toMatchObject({
      Action: ['rekognition:IndexFaces', 'rekognition:SearchFacesByImage', 'rekognition:DeleteFaces'],
      Resource: collectionArn,
    });
    // The only "*"s: DetectFaces and DetectLabels have no resource type in IAM.
    expect(bySid.DetectFaces).toMatchObject({ Action: 'rekognition:DetectFaces', Resource: '*' });
    expect(bySid.DetectLabels).toMatchObject({ Action: 'rekognition:DetectLabels', Resource: '*' });
    const actions = statements.flatMap((statement: Json) => asList(statement.Action)).sort();
    expect(actions).toEqual(
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'rekognition:DeleteFaces',
        'rekognition:DetectFaces',
        'rekognition:DetectLabels',
        'rekognition:IndexFaces',
        'rekognition:SearchFacesByImage',
        's3:DeleteObject',
        's3:GetObject',
        's3:PutObject',
        'sqs:SendMessage',
      ].sort(),
    );
  });
});

describe('IAM', () => {
  const roles = resourcesOfType(main, 'AWS::IAM::Role');

  it('grants no Allow on resource * and no wildcard action in any role', () => {
    // Actions IAM cannot scope to a resource (the service documents no resource type for them): '*' is the only
    // way to grant them, so each is named here, alone in its statement.
    const unscopable = [
      'ses:ListSuppressedDestinations',
      'ses:GetSuppressedDestination',
      'ses:DeleteSuppressedDestination',
      'rekognition:DetectFaces',
      'rekognition:DetectLabels',
      ...LOG_DELIVERY_ACTIONS,
      ...TRACE_ACTIONS,
      ...TASK_TOKEN_ACTIONS,
    ];
    expect(roles.length).toBeGreaterThanOrEqual(4);
    for (const [id, role] of roles) {
      for (const statement of roleStatements(role)) {
        if (statement.Effect !== 'Allow') continue;
        if (asList(statement.Action).every((action) => unscopable.includes(action))) continue;
        expect(asList(statement.Resource), `${id} ${statement.Sid}`).not.toContain('*');
        for (const action of asList(statement.Action)) expect(action, `${id} ${statement.Sid}`).not.toMatch(/\*/);
      }
    }
  });

  it('gives the app exactly what it uses, each on its own resource', () => {
    const role = resource(main, ID.AppRole);
    const bySid = Object.fromEntries(roleStatements(role).map((statement: Json) => [statement.Sid, statement]));
    expect(Object.keys(bySid).sort()).toEqual(
      [
        'ConnectAsAppDatabaseUser',
        'DeletePhotoFaces',
        'DeletePhotoVersions',
        'EraseFromMailSuppressionList',
        'FetchAppArtifact',
        'ListCollectionFaces',
        'ListPhotoBucket',
        'ListPhotoVersions',
        'ScanMetadataTable',
        'ManageVerificationExecutions',
        'MetadataTable',
        'PhotoObjects',
        'PublishNotifications',
        'ReadDatabaseMasterSecret',
        'ReadMailSuppressionList',
        'ReadWebhookSecretsKey',
        'SearchIndexes',
        'StartVerifications',
        'CompleteVerificationTasks',
        'ConsumeVerificationTasks',
        'SendPersonalNotices',
        'SignalReadiness',
        'UseDataKey',
        'WriteAppLogs',
      ].sort(),
    );
    expect(bySid.ConnectAsAppDatabaseUser).toMatchObject({
      Action: 'rds-db:connect',
      Resource: {
        'Fn::Sub':
          'arn:${AWS::Partition}:rds-db:${AWS::Region}:${AWS::AccountId}:dbuser:${Database.DbiResourceId}/appuser',
      },
    });
    expect(bySid.MetadataTable.Resource).toEqual([
      getAtt(ID.MetadataTable, 'Arn'),
      { 'Fn::Sub': '${MetadataTable.Arn}/index/byState' },
    ]);
    expect(bySid.PublishNotifications).toMatchObject({ Action: 'sns:Publish', Resource: ref(ID.NotificationsTopic) });
    expect(bySid.ReadDatabaseMasterSecret.Resource).toEqual(getAtt(ID.Database, 'MasterUserSecret.SecretArn'));
    expect(bySid.ReadWebhookSecretsKey).toEqual({
      Sid: 'ReadWebhookSecretsKey',
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: ref(ID.WebhookSecretsKey),
    });
    expect(bySid.MetadataTable.Action).toContain('dynamodb:DescribeTable');
    // HeadBucket (the app's readiness check) carries no prefix: a prefix condition would fail /readyz.
    expect(bySid.ListPhotoBucket).toEqual({
      Sid: 'ListPhotoBucket',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${NamePrefix}-photos-${AWS::AccountId}-${AWS::Region}' },
    });
    expect(bySid.SignalReadiness).toMatchObject({
      Action: 'cloudformation:SignalResource',
      Resource: ref('AWS::StackId'),
    });
    // Email only from the stack's identity, as its no-reply address, through its configuration set.
    expect(bySid.SendPersonalNotices).toEqual({
      Sid: 'SendPersonalNotices',
      Effect: 'Allow',
      Action: 'ses:SendEmail',
      Resource: [
        { 'Fn::Sub': 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${DomainName}' },
        {
          'Fn::Sub':
            'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${NamePrefix}-notices',
        },
      ],
      Condition: { StringEquals: { 'ses:FromAddress': { 'Fn::Sub': 'no-reply@${DomainName}' } } },
    });
    expect(bySid.ReadMailSuppressionList).toMatchObject({ Action: 'ses:ListSuppressedDestinations', Resource: '*' });
    expect(role.Properties.ManagedPolicyArns).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore' },
    ]);
  });
});

describe('what an erasure and its residue scan need on AWS', () => {
  const photoBucket = 'arn:${AWS::Partition}:s3:::${NamePrefix}-photos-${AWS::AccountId}-${AWS::Region}';
  const bySid = () =>
    Object.fromEntries(
      roleStatements(resource(main, ID.AppRole)).map((statement: Json) => [statement.Sid, statement]),
    ) as Record<string, Json>;

  it('lists and deletes object versions under the photo prefixes only', () => {
    expect(bySid().ListPhotoVersions).toEqual({
      Sid: 'ListPhotoVersions',
      Effect: 'Allow',
      Action: 's3:ListBucketVersions',
      Resource: { 'Fn::Sub': photoBucket },
      Condition: { StringLike: { 's3:prefix': ['originals/*', 'renditions/*'] } },
    });
    expect(bySid().DeletePhotoVersions).toEqual({
      Sid: 'DeletePhotoVersions',
      Effect: 'Allow',
      Action: 's3:DeleteObjectVersion',
      Resource: [{ 'Fn::Sub': `${photoBucket}/originals/*` }, { 'Fn::Sub': `${photoBucket}/renditions/*` }],
    });
    // Nothing else on the role deletes versions, or lists them without the prefix condition.
    for (const statement of Object.values(bySid())) {
      const actions = asList(statement.Action);
      if (statement.Sid !== 'DeletePhotoVersions')
        expect(actions, statement.Sid).not.toContain('s3:DeleteObjectVersion');
      if (statement.Sid !== 'ListPhotoVersions') expect(actions, statement.Sid).not.toContain('s3:ListBucketVersions');
    }
  });

  it("deletes and lists faces in the stack's collection, scans the table, and edits only the suppression list", () => {
    const statements = bySid();
    expect(statements.DeletePhotoFaces).toMatchObject({ Action: 'rekognition:DeleteFaces' });
    expect(statements.ListCollectionFaces).toMatchObject({ Action: 'rekognition:ListFaces' });
    expect(statements.ListCollectionFaces.Resource).toEqual(statements.DeletePhotoFaces.Resource);
    expect(statements.ScanMetadataTable).toEqual({
      Sid: 'ScanMetadataTable',
      Effect: 'Allow',
      Action: 'dynamodb:Scan',
      Resource: getAtt(ID.MetadataTable, 'Arn'),
    });
    expect(statements.EraseFromMailSuppressionList).toEqual({
      Sid: 'EraseFromMailSuppressionList',
      Effect: 'Allow',
      Action: ['ses:GetSuppressedDestination', 'ses:DeleteSuppressedDestination'],
      Resource: '*',
    });
    // A running verification is stopped by the erasure: already granted, on this state machine's executions.
    expect(asList(statements.ManageVerificationExecutions.Action)).toContain('states:StopExecution');
  });
});

describe('notifications', () => {
  it('encrypts the topic and lets only the app role, and SES for this stack’s mail events, publish, over TLS', () => {
    expect(resource(main, ID.NotificationsTopic).Properties.KmsMasterKeyId).toEqual(ref(ID.DataKey));
    const statements = resource(main, ID.NotificationsTopicPolicy).Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { AWS: getAtt(ID.AppRole, 'Arn') } }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'ses.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') },
          ArnEquals: {
            'aws:SourceArn': {
              'Fn::Sub':
                'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${NamePrefix}-notices',
            },
          },
        },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Condition: {
          ArnNotEquals: { 'aws:PrincipalArn': getAtt(ID.AppRole, 'Arn') },
          StringNotEquals: { 'aws:PrincipalServiceName': ['ses.amazonaws.com', 'cloudwatch.amazonaws.com'] },
        },
      }),
    );
    // The key lets SES encrypt what it publishes to the topic, for this account only.
    expect(resource(main, ID.DataKey).Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'ses.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
      }),
    );
  });

  it('subscribes an email address only when one is given', () => {
    expect(resource(main, ID.NotificationsEmailSubscription)).toMatchObject({
      Condition: 'HasNotificationEmail',
      Properties: { Protocol: 'email' },
    });
  });
});

describe('email to employees', () => {
  it('verifies the stack’s domain with Easy DKIM (2048-bit) through its configuration set', () => {
    expect(resource(main, ID.EmailIdentity).Properties).toEqual({
      EmailIdentity: ref(P.DomainName),
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      ConfigurationSetAttributes: { ConfigurationSetName: ref(ID.MailConfigurationSet) },
    });
  });

  it('publishes the three DKIM CNAME records in the hosted zone that holds the domain', () => {
    const records = [ID.EmailDkimRecord1, ID.EmailDkimRecord2, ID.EmailDkimRecord3].map((id) => resource(main, id));
    records.forEach((record, index) => {
      expect(record.Properties).toEqual({
        HostedZoneId: ref(P.HostedZoneId),
        Name: getAtt(ID.EmailIdentity, `DkimDNSTokenName${index + 1}`),
        Type: 'CNAME',
        TTL: '1800',
        ResourceRecords: [getAtt(ID.EmailIdentity, `DkimDNSTokenValue${index + 1}`)],
      });
    });
  });

  it('requires TLS to receivers, suppresses bounced and complaining addresses, and tells HR about them', () => {
    expect(resource(main, ID.MailConfigurationSet).Properties).toMatchObject({
      Name: { 'Fn::Sub': '${NamePrefix}-notices' },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    expect(resource(main, ID.MailEventsToHr).Properties).toEqual({
      ConfigurationSetName: ref(ID.MailConfigurationSet),
      EventDestination: {
        Name: 'bounces-and-complaints-to-hr',
        Enabled: true,
        MatchingEventTypes: ['BOUNCE', 'COMPLAINT', 'REJECT'],
        SnsDestination: { TopicARN: ref(ID.NotificationsTopic) },
      },
    });
  });
});

describe('encryption, logs and outputs', () => {
  it('rotates the stack key and keeps it when the stack is deleted', () => {
    expect(resource(main, ID.DataKey)).toMatchObject({
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
    });
  });

  it('gives every log group a retention and the stack key', () => {
    const groups = resourcesOfType(main, 'AWS::Logs::LogGroup');
    expect(groups.length).toBe(5);
    for (const [id, group] of groups) {
      expect(group.Properties, id).toMatchObject({
        RetentionInDays: ref(P.LogRetentionDays),
        KmsKeyId: getAtt(ID.DataKey, 'Arn'),
      });
    }
  });

  it('exports every output as ${AWS::StackName}-<Name>', () => {
    for (const template of [main, artifacts]) {
      for (const [name, output] of Object.entries(template.Outputs as Record<string, Json>)) {
        expect(output.Export, name).toEqual({ Name: { 'Fn::Sub': `\${AWS::StackName}-${name}` } });
      }
    }
    expect(Object.keys(main.Outputs)).toEqual(
      expect.arrayContaining([
        'SiteUrl',
        'PhotoBucketName',
        'MetadataTableName',
        'NotificationsTopicArn',
        'DatabaseMasterSecretArn',
        'DatabaseEndpoint',
      ]),
    );
  });

  it('generates the webhook secrets key (letters and digits, hashed by the app) under the stack key', () => {
    const secrets = resourcesOfType(main, 'AWS::SecretsManager::Secret');
    expect(secrets.map(([id]) => id)).toEqual([ID.WebhookSecretsKey]);
    expect(resource(main, ID.WebhookSecretsKey).Properties).toMatchObject({
      KmsKeyId: getAtt(ID.DataKey, 'Arn'),
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
    // No template value: the value exists only in Secrets Manager.
    expect(resource(main, ID.WebhookSecretsKey).Properties.SecretString).toBeUndefined();
    // Only the app role may read it, and only that role's one statement names it.
    const readers = resourcesOfType(main, 'AWS::IAM::Role').flatMap(([id, role]) =>
      roleStatements(role)
        .filter((statement: Json) => JSON.stringify(statement.Resource).includes(ID.WebhookSecretsKey))
        .map((statement: Json) => `${id} ${statement.Sid}`),
    );
    expect(readers).toEqual([`${ID.AppRole} ReadWebhookSecretsKey`]);
  });

  it('retains or snapshots every stateful resource', () => {
    const stateful: Record<string, string> = {
      [ID.Database]: 'Snapshot',
      [ID.MetadataTable]: 'Retain',
      [ID.PhotoBucket]: 'Retain',
      [ID.DataKey]: 'Retain',
      // Without it no stored webhook signing secret opens again.
      [ID.WebhookSecretsKey]: 'Retain',
    };
    for (const [id, policy] of Object.entries(stateful)) {
      expect(resource(main, id), id).toMatchObject({ DeletionPolicy: policy, UpdateReplacePolicy: policy });
    }
    expect(resource(artifacts, 'ArtifactsBucket')).toMatchObject({ DeletionPolicy: 'Retain' });
  });
});

describe('checkov skips', () => {
  it('give a reason for every skipped check', () => {
    for (const template of [main, artifacts]) {
      for (const [id, r] of Object.entries(template.Resources as Record<string, Json>)) {
        for (const skip of r.Metadata?.checkov?.skip ?? []) {
          expect(skip.id, id).toMatch(/^CKV2?_AWS_\d+$/);
          expect(skip.comment.length, `${id} ${skip.id}`).toBeGreaterThan(30);
        }
      }
    }
  });
});
