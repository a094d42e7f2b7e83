/**
 * The VPC: a public tier (two subnets, one per zone) for the load balancer only, and a private tier
 * (two subnets) for the app instances and the database. S3 and DynamoDB are reached through gateway
 * endpoints; the other AWS APIs through interface endpoints (PrivateEgress=VpcEndpoints, the default: no
 * internet route at all) or through one NAT gateway (PrivateEgress=NatGateway, cheaper, internet egress)
 * (docs/decisions/102-private-egress-endpoints-or-nat.md).
 */
import { EC2, IAM, Logs } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { tags } from '../lib/fragment.js';
import { Fn, getAtt, ref, sub } from '../lib/intrinsics.js';
import { assumeRolePolicy, policyDocument } from '../lib/iam.js';
import { C, ID, INTERFACE_ENDPOINT_SERVICES, P } from '../ids.js';
import { dataKeyArn } from './encryption.js';

export const NETWORK = {
  vpcCidr: '10.0.0.0/16',
  publicCidrs: ['10.0.0.0/24', '10.0.1.0/24'],
  privateCidrs: ['10.0.10.0/24', '10.0.11.0/24'],
} as const;

const zone = (index: number) => Fn.Select(index, Fn.GetAZs(''));
const named = (suffix: string) => tags({ Name: sub(`\${AWS::StackName}-${suffix}`) });

export function network(): Fragment {
  const vpc = new EC2.VPC({
    CidrBlock: NETWORK.vpcCidr,
    EnableDnsHostnames: true,
    EnableDnsSupport: true,
    Tags: named('vpc'),
  });

  const subnet = (cidr: string, index: number, name: string) =>
    new EC2.Subnet({
      VpcId: ref(ID.Vpc),
      CidrBlock: cidr,
      AvailabilityZone: zone(index),
      MapPublicIpOnLaunch: false,
      Tags: named(name),
    });

  const resources: Fragment['Resources'] = {
    [ID.Vpc]: vpc,
    [ID.InternetGateway]: new EC2.InternetGateway({ Tags: named('igw') }),
    [ID.InternetGatewayAttachment]: new EC2.VPCGatewayAttachment({
      VpcId: ref(ID.Vpc),
      InternetGatewayId: ref(ID.InternetGateway),
    }),
    [ID.PublicSubnetA]: subnet(NETWORK.publicCidrs[0], 0, 'public-a'),
    [ID.PublicSubnetB]: subnet(NETWORK.publicCidrs[1], 1, 'public-b'),
    [ID.PrivateSubnetA]: subnet(NETWORK.privateCidrs[0], 0, 'private-a'),
    [ID.PrivateSubnetB]: subnet(NETWORK.privateCidrs[1], 1, 'private-b'),
    [ID.PublicRouteTable]: new EC2.RouteTable({ VpcId: ref(ID.Vpc), Tags: named('public') }),
    [ID.PublicDefaultRoute]: new EC2.Route({
      RouteTableId: ref(ID.PublicRouteTable),
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: ref(ID.InternetGateway),
    }).dependsOn(ID.InternetGatewayAttachment),
    [ID.PublicSubnetARouteTableAssociation]: new EC2.SubnetRouteTableAssociation({
      SubnetId: ref(ID.PublicSubnetA),
      RouteTableId: ref(ID.PublicRouteTable),
    }),
    [ID.PublicSubnetBRouteTableAssociation]: new EC2.SubnetRouteTableAssociation({
      SubnetId: ref(ID.PublicSubnetB),
      RouteTableId: ref(ID.PublicRouteTable),
    }),
    // One private route table for both zones: the gateway-endpoint routes, and the NAT route when there is one.
    [ID.PrivateRouteTable]: new EC2.RouteTable({ VpcId: ref(ID.Vpc), Tags: named('private') }),
    [ID.PrivateSubnetARouteTableAssociation]: new EC2.SubnetRouteTableAssociation({
      SubnetId: ref(ID.PrivateSubnetA),
      RouteTableId: ref(ID.PrivateRouteTable),
    }),
    [ID.PrivateSubnetBRouteTableAssociation]: new EC2.SubnetRouteTableAssociation({
      SubnetId: ref(ID.PrivateSubnetB),
      RouteTableId: ref(ID.PrivateRouteTable),
    }),
    [ID.S3GatewayEndpoint]: new EC2.VPCEndpoint({
      VpcId: ref(ID.Vpc),
      ServiceName: sub('com.amazonaws.${AWS::Region}.s3'),
      VpcEndpointType: 'Gateway',
      RouteTableIds: [ref(ID.PrivateRouteTable)],
    }),
    [ID.DynamoDbGatewayEndpoint]: new EC2.VPCEndpoint({
      VpcId: ref(ID.Vpc),
      ServiceName: sub('com.amazonaws.${AWS::Region}.dynamodb'),
      VpcEndpointType: 'Gateway',
      RouteTableIds: [ref(ID.PrivateRouteTable)],
    }),
    [ID.NatGatewayAddress]: new EC2.EIP({ Domain: 'vpc', Tags: named('nat') })
      .condition(C.UseNatGateway)
      .dependsOn(ID.InternetGatewayAttachment),
    [ID.NatGateway]: new EC2.NatGateway({
      AllocationId: getAtt(ID.NatGatewayAddress, 'AllocationId'),
      SubnetId: ref(ID.PublicSubnetA),
      Tags: named('nat'),
    }).condition(C.UseNatGateway),
    [ID.PrivateDefaultRoute]: new EC2.Route({
      RouteTableId: ref(ID.PrivateRouteTable),
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: ref(ID.NatGateway),
    }).condition(C.UseNatGateway),
    [ID.FlowLogGroup]: new Logs.LogGroup({
      LogGroupName: sub('/${AWS::StackName}/vpc-flow-logs'),
      RetentionInDays: ref(P.LogRetentionDays),
      KmsKeyId: dataKeyArn(),
    }),
    [ID.FlowLogRole]: new IAM.Role({
      AssumeRolePolicyDocument: assumeRolePolicy('vpc-flow-logs.amazonaws.com'),
      Policies: [
        {
          PolicyName: 'write-flow-logs',
          PolicyDocument: policyDocument([
            {
              Effect: 'Allow',
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
              Resource: [getAtt(ID.FlowLogGroup, 'Arn'), sub(`\${${ID.FlowLogGroup}.Arn}:log-stream:*`)],
            },
          ]),
        },
      ],
    }),
    [ID.FlowLog]: new EC2.FlowLog({
      ResourceId: ref(ID.Vpc),
      ResourceType: 'VPC',
      TrafficType: 'REJECT',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: ref(ID.FlowLogGroup),
      DeliverLogsPermissionArn: getAtt(ID.FlowLogRole, 'Arn'),
    }),
  };

  for (const [id, service] of Object.entries(INTERFACE_ENDPOINT_SERVICES)) {
    resources[id] = new EC2.VPCEndpoint({
      VpcId: ref(ID.Vpc),
      ServiceName: sub(`com.amazonaws.\${AWS::Region}.${service}`),
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: true,
      SubnetIds: privateSubnets(),
      SecurityGroupIds: [ref(ID.EndpointSecurityGroup)],
    }).condition(C.UseVpcEndpoints);
  }

  return { Resources: resources };
}

export const privateSubnets = () => [ref(ID.PrivateSubnetA), ref(ID.PrivateSubnetB)];
export const publicSubnets = () => [ref(ID.PublicSubnetA), ref(ID.PublicSubnetB)];
