/**
 * The OpenSearch domain (decision 109), asserted on the generated template. moto's CloudFormation silently skips
 * AWS::OpenSearchService::Domain (and answers 500 to a GetAtt of its endpoint), so moto-deploy.test.ts
 * deploys with SearchDomainEnabled=false and these tests are the domain's proof.
 */
import { describe, expect, it } from 'vitest';
import { C, ID, P } from '../ids';
import { SEARCH_HTTP_ACTIONS } from '../builders/search-domain';
import { main, resource, roleStatements, type Json } from '@test-support/cloudformation/template-helpers';

const ref = (id: string) => ({ Ref: id });
const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
const domainPath = (path: string) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:es:\${AWS::Region}:\${AWS::AccountId}:domain/\${NamePrefix}-os${path}`,
});
const APP_PATHS = [
  domainPath('/${NamePrefix}-employees*'),
  domainPath('/_alias/${NamePrefix}-employees*'),
  domainPath('/_aliases'),
  domainPath('/_cluster/health'),
];

describe('the search domain', () => {
  const domain = resource(main, ID.SearchDomain);
  const properties = domain.Properties;

  it('exists only when SearchDomainEnabled=true (the default), with everything that serves it', () => {
    expect(main.Parameters[P.SearchDomainEnabled]).toMatchObject({ Default: 'true', AllowedValues: ['true', 'false'] });
    expect(main.Conditions[C.HasSearchDomain]).toEqual({ 'Fn::Equals': [ref(P.SearchDomainEnabled), 'true'] });
    for (const id of [ID.SearchDomain, ID.SearchSecurityGroup, ID.SearchLogGroup, ID.SearchLogPolicy]) {
      expect(resource(main, id).Condition, id).toBe(C.HasSearchDomain);
    }
    expect(main.Outputs.SearchDomainEndpoint.Value).toEqual({
      'Fn::If': [C.HasSearchDomain, { 'Fn::Sub': 'https://${SearchDomain.DomainEndpoint}' }, 'none'],
    });
  });

  it('runs in both private subnets with zone awareness, sized by parameters with a small default', () => {
    expect(properties.VPCOptions).toEqual({
      SubnetIds: [ref(ID.PrivateSubnetA), ref(ID.PrivateSubnetB)],
      SecurityGroupIds: [getAtt(ID.SearchSecurityGroup, 'GroupId')],
    });
    expect(properties.ClusterConfig).toEqual({
      InstanceType: ref(P.SearchInstanceType),
      InstanceCount: ref(P.SearchInstanceCount),
      ZoneAwarenessEnabled: true,
      ZoneAwarenessConfig: { AvailabilityZoneCount: 2 },
      DedicatedMasterEnabled: false,
    });
    expect(main.Parameters[P.SearchInstanceType].Default).toBe('t3.small.search');
    // Zone awareness over two zones needs an even number of data nodes.
    expect(main.Parameters[P.SearchInstanceCount]).toMatchObject({ Default: 2, AllowedValues: [2, 4, 6] });
    expect(properties.EBSOptions).toEqual({ EBSEnabled: true, VolumeType: 'gp3', VolumeSize: ref(P.SearchVolumeGiB) });
    expect(properties.EngineVersion).toBe('OpenSearch_2.19');
  });

  it('encrypts at rest with the stack key and between nodes, and answers HTTPS only with TLS 1.2 or newer', () => {
    expect(properties.EncryptionAtRestOptions).toEqual({ Enabled: true, KmsKeyId: getAtt(ID.DataKey, 'Arn') });
    expect(properties.NodeToNodeEncryptionOptions).toEqual({ Enabled: true });
    expect(properties.DomainEndpointOptions).toEqual({
      EnforceHTTPS: true,
      TLSSecurityPolicy: expect.stringMatching(/^Policy-Min-TLS-1-2-/),
    });
  });

  it('uses fine-grained access control with IAM only: the app role is the master user, no internal users', () => {
    expect(properties.AdvancedSecurityOptions).toEqual({
      Enabled: true,
      InternalUserDatabaseEnabled: false,
      MasterUserOptions: { MasterUserARN: getAtt(ID.AppRole, 'Arn') },
    });
  });

  it("lets only the app role send HTTP requests, and only to the app's indexes and the paths it uses", () => {
    expect(properties.AccessPolicies.Statement).toEqual([
      {
        Sid: 'AppIndexesOnly',
        Effect: 'Allow',
        Principal: { AWS: getAtt(ID.AppRole, 'Arn') },
        Action: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut', 'es:ESHttpDelete'],
        Resource: APP_PATHS,
      },
    ]);
    const appSearch = roleStatements(resource(main, ID.AppRole)).filter((statement: Json) =>
      ([] as unknown[]).concat(statement.Action).some((action) => String(action).startsWith('es:')),
    );
    expect(appSearch).toEqual([
      { Sid: 'SearchIndexes', Effect: 'Allow', Action: SEARCH_HTTP_ACTIONS, Resource: APP_PATHS },
    ]);
  });

  it('publishes application logs only: slow and audit logs would record search terms', () => {
    expect(Object.keys(properties.LogPublishingOptions)).toEqual(['ES_APPLICATION_LOGS']);
    expect(properties.LogPublishingOptions.ES_APPLICATION_LOGS).toEqual({
      Enabled: true,
      CloudWatchLogsLogGroupArn: getAtt(ID.SearchLogGroup, 'Arn'),
    });
    expect(domain.DependsOn).toContain(ID.SearchLogPolicy);
    const policy = JSON.parse(resource(main, ID.SearchLogPolicy).Properties.PolicyDocument['Fn::Sub']);
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'es.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: '${SearchLogGroup.Arn}:*',
      }),
    ]);
  });

  it('is reachable on 443 from the app instances only, and starts no connection', () => {
    const group = resource(main, ID.SearchSecurityGroup).Properties;
    expect(group.SecurityGroupIngress).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        SourceSecurityGroupId: ref(ID.AppSecurityGroup),
        Description: 'HTTPS from the app instances',
      },
    ]);
    expect(group.SecurityGroupEgress).toEqual([
      { IpProtocol: '-1', CidrIp: '127.0.0.1/32', Description: 'No outbound traffic' },
    ]);
  });

  it('gives the app its endpoint and index prefix, or the embedded index when there is no domain', () => {
    const [script, variables] = resource(main, ID.AppLaunchTemplate).Properties.LaunchTemplateData.UserData[
      'Fn::Base64'
    ]['Fn::Sub'];
    for (const line of [
      'SEARCH_BACKEND=${SearchBackend}',
      'OPENSEARCH_ENDPOINT=${SearchEndpoint}',
      'OPENSEARCH_INDEX_PREFIX=${NamePrefix}',
    ]) {
      expect(script).toContain(`\n${line}\n`);
    }
    expect(variables.SearchBackend).toEqual({ 'Fn::If': [C.HasSearchDomain, 'opensearch', 'embedded'] });
    // Empty counts as unset in the app's env parsing (app/config/env.server.ts).
    expect(variables.SearchEndpoint).toEqual({
      'Fn::If': [C.HasSearchDomain, { 'Fn::Sub': 'https://${SearchDomain.DomainEndpoint}' }, ''],
    });
  });
});
