/**
 * The directory's search index on Amazon OpenSearch Service (decision 109), when SearchDomainEnabled=true:
 * a domain in both private subnets (zone awareness, one data node per zone by default), encrypted at rest
 * with the stack's key and between nodes, HTTPS only with TLS 1.2 or newer, fine-grained access control
 * with IAM only (no internal users, no passwords). The app's role is the domain's master user, and the
 * domain's access policy lets that role send only HTTP requests on its own indexes and the few cluster
 * paths the app uses (docs/decisions/109-search-domain-access.md). With SearchDomainEnabled=false (moto,
 * or a small installation) nothing here exists and the app uses its embedded index.
 *
 * Logs: application (error) logs only. Slow logs would record query text and audit logs record request
 * bodies by default, i.e. search terms, which must never reach a log.
 */
import { Logs, OpenSearchService } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { skipCheckov, tags } from '../lib/fragment.js';
import { Fn, getAtt, ref, sub } from '../lib/intrinsics.js';
import { policyDocument } from '../lib/iam.js';
import { C, ID, NAMES, P } from '../ids.js';
import { dataKeyArn } from './encryption.js';
import { privateSubnets } from './network.js';

export const SEARCH_ENGINE_VERSION = 'OpenSearch_2.19';
export const SEARCH_TLS_POLICY = 'Policy-Min-TLS-1-2-PFS-2023-10';

/** What the app does over HTTP: read, index, create and delete its indexes, move its alias. */
export const SEARCH_HTTP_ACTIONS = [
  'es:ESHttpGet',
  'es:ESHttpHead',
  'es:ESHttpPost',
  'es:ESHttpPut',
  'es:ESHttpDelete',
];

/** `arn:...:es:region:account:domain/<name><path>`, built from the name so the app role can name it. */
export const searchDomainArn = (path = '') =>
  sub(`arn:\${AWS::Partition}:es:\${AWS::Region}:\${AWS::AccountId}:domain/${NAMES.searchDomain}${path}`);

/**
 * The request paths the app may use (app/search/opensearch-index.server.ts): everything under its own
 * indexes and alias (`<prefix>-employees*`: search, bulk, settings, refresh, create, delete), reading its
 * alias, the `_aliases` call that swaps it, and cluster health for /readyz.
 */
export function appSearchPaths() {
  const indexes = `${NAMES.searchIndexPrefix}-employees`;
  return [
    searchDomainArn(`/${indexes}*`),
    searchDomainArn(`/_alias/${indexes}*`),
    searchDomainArn('/_aliases'),
    searchDomainArn('/_cluster/health'),
  ];
}

export function searchDomain(): Fragment {
  const logGroupArn = getAtt(ID.SearchLogGroup, 'Arn');

  const domain = skipCheckov(
    new OpenSearchService.Domain({
      DomainName: sub(NAMES.searchDomain),
      EngineVersion: SEARCH_ENGINE_VERSION,
      ClusterConfig: {
        InstanceType: ref(P.SearchInstanceType),
        InstanceCount: ref(P.SearchInstanceCount),
        ZoneAwarenessEnabled: true,
        ZoneAwarenessConfig: { AvailabilityZoneCount: 2 },
        DedicatedMasterEnabled: false,
      },
      EBSOptions: { EBSEnabled: true, VolumeType: 'gp3', VolumeSize: ref(P.SearchVolumeGiB) },
      VPCOptions: {
        SubnetIds: privateSubnets(),
        SecurityGroupIds: [getAtt(ID.SearchSecurityGroup, 'GroupId')],
      },
      EncryptionAtRestOptions: { Enabled: true, KmsKeyId: dataKeyArn() },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: SEARCH_TLS_POLICY },
      AdvancedSecurityOptions: {
        Enabled: true,
        InternalUserDatabaseEnabled: false,
        MasterUserOptions: { MasterUserARN: getAtt(ID.AppRole, 'Arn') },
      },
      AccessPolicies: policyDocument([
        {
          Sid: 'AppIndexesOnly',
          Effect: 'Allow',
          Principal: { AWS: getAtt(ID.AppRole, 'Arn') },
          Action: SEARCH_HTTP_ACTIONS,
          Resource: appSearchPaths(),
        },
      ]),
      LogPublishingOptions: {
        ES_APPLICATION_LOGS: { Enabled: true, CloudWatchLogsLogGroupArn: logGroupArn },
      },
      Tags: tags({ Name: sub('${AWS::StackName}-search') }),
    }),
    [
      {
        id: 'CKV_AWS_317',
        comment:
          'Audit logs record request bodies by default, i.e. search terms, which must never be logged; application logs are on.',
      },
    ],
  )
    .condition(C.HasSearchDomain)
    .dependsOn([ID.SearchLogPolicy]);

  return {
    Resources: {
      [ID.SearchLogGroup]: new Logs.LogGroup({
        LogGroupName: sub('/${AWS::StackName}/search'),
        RetentionInDays: ref(P.LogRetentionDays),
        KmsKeyId: dataKeyArn(),
      }).condition(C.HasSearchDomain),
      // OpenSearch writes its logs with this resource policy, not with a role.
      [ID.SearchLogPolicy]: new Logs.ResourcePolicy({
        PolicyName: sub('${AWS::StackName}-search-logs'),
        PolicyDocument: sub(
          JSON.stringify(
            policyDocument([
              {
                Effect: 'Allow',
                Principal: { Service: 'es.amazonaws.com' },
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                Resource: `\${${ID.SearchLogGroup}.Arn}:*`,
                Condition: { StringEquals: { 'aws:SourceAccount': '${AWS::AccountId}' } },
              },
            ]),
          ),
        ),
      }).condition(C.HasSearchDomain),
      [ID.SearchDomain]: domain,
    },
    Outputs: {
      SearchDomainEndpoint: {
        Description: "The search domain's HTTPS endpoint (the app's OPENSEARCH_ENDPOINT), or 'none'",
        // An If rather than the output's Condition: moto resolves every output's value whatever its Condition
        // (a GetAtt of a domain it never created is an error there), and cfn-lint flags an If that repeats the
        // output's own Condition as unreachable (W1028).
        Value: Fn.If(C.HasSearchDomain, sub(`https://\${${ID.SearchDomain}.DomainEndpoint}`), 'none'),
        Export: { Name: sub('${AWS::StackName}-SearchDomainEndpoint') },
      },
    },
  };
}
