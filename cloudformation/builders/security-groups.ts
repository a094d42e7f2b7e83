/**
 * Security groups, one per tier. Internet → load balancer on 80/443 only; load balancer → app on the app
 * port only; app → database on 3306 only; app → AWS APIs and the search domain on 443. Ingress names the source group, so only
 * the tier in front can reach the next one. Egress is explicit on every group (CloudFormation then drops
 * the default allow-all rule).
 */
import { EC2 } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { skipCheckov, tags } from '../lib/fragment.js';
import { getAtt, ref, sub } from '../lib/intrinsics.js';
import { APP, C, ID } from '../ids.js';
import { NETWORK } from './network.js';

const tcp = (port: number) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port });
const named = (suffix: string) => tags({ Name: sub(`\${AWS::StackName}-${suffix}`) });

export function securityGroups(): Fragment {
  const loadBalancer = skipCheckov(
    new EC2.SecurityGroup({
      GroupDescription: 'Load balancer: HTTP and HTTPS from anywhere, app port to the private tier',
      VpcId: ref(ID.Vpc),
      SecurityGroupIngress: [
        { ...tcp(443), CidrIp: '0.0.0.0/0', Description: 'HTTPS from anywhere' },
        { ...tcp(80), CidrIp: '0.0.0.0/0', Description: 'HTTP from anywhere, answered only with a redirect to HTTPS' },
      ],
      // CIDRs rather than the app group: the app group already names this one, and a mutual reference
      // between two groups' inline rules is a circular dependency.
      SecurityGroupEgress: NETWORK.privateCidrs.map((cidr) => ({
        ...tcp(APP.port),
        CidrIp: cidr,
        Description: 'To the app instances in the private tier',
      })),
      Tags: named('load-balancer'),
    }),
    [
      {
        id: 'CKV_AWS_260',
        comment: 'A public website: port 80 is open only to redirect to HTTPS (the listener never forwards HTTP).',
      },
    ],
  );

  const app = new EC2.SecurityGroup({
    GroupDescription: 'App instances: app port from the load balancer only',
    VpcId: ref(ID.Vpc),
    SecurityGroupIngress: [
      {
        ...tcp(APP.port),
        SourceSecurityGroupId: ref(ID.LoadBalancerSecurityGroup),
        Description: 'From the load balancer',
      },
    ],
    SecurityGroupEgress: [
      // AWS APIs: the gateway and interface endpoints, or the NAT gateway when PrivateEgress=NatGateway.
      { ...tcp(443), CidrIp: '0.0.0.0/0', Description: 'AWS APIs through the VPC endpoints and gateway endpoints' },
    ],
    Tags: named('app'),
  });

  const database = new EC2.SecurityGroup({
    GroupDescription: 'Database: MySQL from the app instances only',
    VpcId: ref(ID.Vpc),
    SecurityGroupIngress: [
      { ...tcp(3306), SourceSecurityGroupId: ref(ID.AppSecurityGroup), Description: 'MySQL from the app instances' },
    ],
    // The database starts no connection; a rule to the loopback address replaces the default allow-all.
    SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '127.0.0.1/32', Description: 'No outbound traffic' }],
    Tags: named('database'),
  });

  const endpoints = new EC2.SecurityGroup({
    GroupDescription: 'Interface endpoints: HTTPS from the app instances only',
    VpcId: ref(ID.Vpc),
    SecurityGroupIngress: [
      { ...tcp(443), SourceSecurityGroupId: ref(ID.AppSecurityGroup), Description: 'HTTPS from the app instances' },
    ],
    SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '127.0.0.1/32', Description: 'No outbound traffic' }],
    Tags: named('endpoints'),
  }).condition(C.UseVpcEndpoints);

  const search = new EC2.SecurityGroup({
    GroupDescription: 'Search domain: HTTPS from the app instances only',
    VpcId: ref(ID.Vpc),
    SecurityGroupIngress: [
      { ...tcp(443), SourceSecurityGroupId: ref(ID.AppSecurityGroup), Description: 'HTTPS from the app instances' },
    ],
    SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '127.0.0.1/32', Description: 'No outbound traffic' }],
    Tags: named('search'),
  }).condition(C.HasSearchDomain);

  return {
    Resources: {
      [ID.LoadBalancerSecurityGroup]: loadBalancer,
      [ID.AppSecurityGroup]: app,
      [ID.DatabaseSecurityGroup]: database,
      [ID.EndpointSecurityGroup]: endpoints,
      [ID.SearchSecurityGroup]: search,
      // A separate rule: the database group names the app group, so the app group cannot name it inline.
      [ID.AppToDatabaseEgress]: new EC2.SecurityGroupEgress({
        GroupId: getAtt(ID.AppSecurityGroup, 'GroupId'),
        ...tcp(3306),
        DestinationSecurityGroupId: getAtt(ID.DatabaseSecurityGroup, 'GroupId'),
        Description: 'MySQL to the database',
      }),
    },
  };
}
