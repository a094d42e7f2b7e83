/**
 * The public entry: an internet-facing Application Load Balancer in the two public subnets, HTTPS with an
 * ACM certificate (created and DNS-validated in the hosted zone, or an existing one), HTTP redirected to
 * HTTPS, invalid header fields dropped, health checks on /healthz, and the domain's alias record.
 */
import { CertificateManager, ElasticLoadBalancingV2, Route53 } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { skipCheckov } from '../lib/fragment.js';
import { Fn, getAtt, ref } from '../lib/intrinsics.js';
import { APP, C, ID, P } from '../ids.js';
import { publicSubnets } from './network.js';

/** TLS 1.2 and 1.3 only, forward-secret ciphers. */
export const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

export function loadBalancer(): Fragment {
  const attributes = [
    { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
    { Key: 'routing.http.desync_mitigation_mode', Value: 'strictest' },
    { Key: 'idle_timeout.timeout_seconds', Value: '60' },
    { Key: 'access_logs.s3.enabled', Value: Fn.If(C.HasAccessLogsBucket, 'true', 'false') },
    Fn.If(
      C.HasAccessLogsBucket,
      { Key: 'access_logs.s3.bucket', Value: ref(P.AccessLogsBucketName) },
      ref('AWS::NoValue'),
    ),
    Fn.If(
      C.HasAccessLogsBucket,
      { Key: 'access_logs.s3.prefix', Value: Fn.Ref('AWS::StackName') },
      ref('AWS::NoValue'),
    ),
  ];

  const alb = skipCheckov(
    new ElasticLoadBalancingV2.LoadBalancer({
      Type: 'application',
      Scheme: 'internet-facing',
      IpAddressType: 'ipv4',
      Subnets: publicSubnets(),
      SecurityGroups: [ref(ID.LoadBalancerSecurityGroup)],
      LoadBalancerAttributes: attributes as never,
    }),
    [
      {
        id: 'CKV_AWS_91',
        comment:
          'Access logs are optional by parameter AccessLogsBucketName (an existing bucket with the ELB delivery policy).',
      },
    ],
  );

  const targetGroup = skipCheckov(
    new ElasticLoadBalancingV2.TargetGroup({
      VpcId: ref(ID.Vpc),
      Protocol: 'HTTP',
      Port: APP.port,
      TargetType: 'instance',
      HealthCheckEnabled: true,
      HealthCheckProtocol: 'HTTP',
      HealthCheckPath: '/healthz',
      HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
      Matcher: { HttpCode: '200' },
      TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
    }),
    [],
  );

  return {
    Resources: {
      [ID.Certificate]: Object.assign(
        new CertificateManager.Certificate({
          DomainName: ref(P.DomainName),
          ValidationMethod: 'DNS',
          DomainValidationOptions: [{ DomainName: ref(P.DomainName), HostedZoneId: ref(P.HostedZoneId) }],
        }),
        { Condition: C.CreateCertificate },
      ),
      [ID.LoadBalancer]: alb,
      [ID.AppTargetGroup]: targetGroup,
      [ID.HttpsListener]: new ElasticLoadBalancingV2.Listener({
        LoadBalancerArn: ref(ID.LoadBalancer),
        Protocol: 'HTTPS',
        Port: 443,
        SslPolicy: TLS_POLICY,
        Certificates: [{ CertificateArn: Fn.If(C.CreateCertificate, ref(ID.Certificate), ref(P.CertificateArn)) }],
        DefaultActions: [{ Type: 'forward', TargetGroupArn: ref(ID.AppTargetGroup) }],
      }),
      [ID.HttpListener]: new ElasticLoadBalancingV2.Listener({
        LoadBalancerArn: ref(ID.LoadBalancer),
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [
          { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
        ],
      }),
      [ID.DomainRecord]: new Route53.RecordSet({
        HostedZoneId: ref(P.HostedZoneId),
        Name: ref(P.DomainName),
        Type: 'A',
        AliasTarget: {
          DNSName: getAtt(ID.LoadBalancer, 'DNSName'),
          HostedZoneId: getAtt(ID.LoadBalancer, 'CanonicalHostedZoneID'),
          EvaluateTargetHealth: true,
        },
      }),
    },
  };
}
