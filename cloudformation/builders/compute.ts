/**
 * The app servers: a launch template (Amazon Linux 2023 from AWS's public SSM parameter, IMDSv2 only, no
 * public address, encrypted gp3 volume, no key pair: Session Manager instead of SSH) and an Auto Scaling
 * group over both private subnets behind the load balancer, with ELB health checks, CPU target tracking,
 * a creation policy that waits for every instance's readiness signal, and rolling replacement when the
 * launch template changes (a new artifact key changes the user data, hence the template).
 */
import { AutoScaling, EC2 } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { tags } from '../lib/fragment.js';
import { Fn, getAtt, ref, sub, subWith } from '../lib/intrinsics.js';
import { ID, P } from '../ids.js';
import { privateSubnets } from './network.js';
import { userDataScript, userDataVariables } from './user-data.js';

export const SIGNAL_TIMEOUT = 'PT20M';

export function compute(): Fragment {
  const launchTemplate = new EC2.LaunchTemplate({
    LaunchTemplateData: {
      ImageId: ref(P.LatestAmiId),
      InstanceType: ref(P.InstanceType),
      IamInstanceProfile: { Arn: getAtt(ID.AppInstanceProfile, 'Arn') },
      MetadataOptions: {
        HttpTokens: 'required',
        HttpEndpoint: 'enabled',
        HttpPutResponseHopLimit: 1,
        InstanceMetadataTags: 'disabled',
      },
      NetworkInterfaces: [
        {
          DeviceIndex: 0,
          AssociatePublicIpAddress: false,
          Groups: [ref(ID.AppSecurityGroup)],
          DeleteOnTermination: true,
        },
      ],
      BlockDeviceMappings: [
        {
          DeviceName: '/dev/xvda',
          Ebs: { VolumeSize: 16, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true },
        },
      ],
      Monitoring: { Enabled: true },
      TagSpecifications: [
        { ResourceType: 'instance', Tags: tags({ Name: sub('${AWS::StackName}-app') }) },
        { ResourceType: 'volume', Tags: tags({ Name: sub('${AWS::StackName}-app') }) },
      ],
      UserData: Fn.Base64(subWith(userDataScript(), userDataVariables())),
    },
  });

  const group = new AutoScaling.AutoScalingGroup({
    VPCZoneIdentifier: privateSubnets(),
    LaunchTemplate: {
      LaunchTemplateId: ref(ID.AppLaunchTemplate),
      Version: getAtt(ID.AppLaunchTemplate, 'LatestVersionNumber'),
    },
    MinSize: ref(P.MinInstances),
    MaxSize: ref(P.MaxInstances),
    HealthCheckType: 'ELB',
    HealthCheckGracePeriod: 600,
    TargetGroupARNs: [ref(ID.AppTargetGroup)],
    Tags: [{ Key: 'Name', Value: sub('${AWS::StackName}-app'), PropagateAtLaunch: true }],
  })
    .creationPolicy({ ResourceSignal: { Count: ref(P.MinInstances), Timeout: SIGNAL_TIMEOUT } })
    .updatePolicy({
      AutoScalingRollingUpdate: {
        MinInstancesInService: ref(P.MinInstances),
        MaxBatchSize: 1,
        PauseTime: SIGNAL_TIMEOUT,
        WaitOnResourceSignals: true,
        SuspendProcesses: ['HealthCheck', 'ReplaceUnhealthy', 'AZRebalance', 'AlarmNotification', 'ScheduledActions'],
      },
    });

  return {
    Resources: {
      [ID.AppLaunchTemplate]: launchTemplate,
      [ID.AppAutoScalingGroup]: group,
      [ID.AppCpuScalingPolicy]: new AutoScaling.ScalingPolicy({
        AutoScalingGroupName: ref(ID.AppAutoScalingGroup),
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
          TargetValue: ref(P.TargetCpuPercent),
        },
      }),
    },
  };
}
