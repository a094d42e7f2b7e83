/**
 * RDS MySQL 8.0 in the private tier: encrypted with the stack key, TLS required by the parameter group,
 * IAM database authentication for the app, the master password generated and kept by Secrets Manager
 * (ManageMasterUserPassword), automated backups, deletion protection, and a final snapshot on deletion or
 * replacement. The app's IAM-authenticated user is created at instance boot (see user-data.ts).
 */
import { IAM, RDS } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { keepOnDelete, skipCheckov } from '../lib/fragment.js';
import { Fn, getAtt, ref, sub } from '../lib/intrinsics.js';
import { assumeRolePolicy } from '../lib/iam.js';
import { APP, C, ID, P } from '../ids.js';
import { dataKeyArn } from './encryption.js';
import { privateSubnets } from './network.js';

export const DATABASE_MONITORING_ROLE = 'DatabaseMonitoringRole';

export function database(): Fragment {
  const instance = new RDS.DBInstance({
    Engine: 'mysql',
    EngineVersion: ref(P.DatabaseEngineVersion),
    AllowMajorVersionUpgrade: true,
    DBInstanceClass: ref(P.DatabaseInstanceClass),
    AllocatedStorage: ref(P.DatabaseAllocatedStorage),
    StorageType: 'gp3',
    StorageEncrypted: true,
    KmsKeyId: dataKeyArn(),
    MultiAZ: ref(P.DatabaseMultiAz),
    DBName: APP.databaseName,
    MasterUsername: APP.masterUsername,
    ManageMasterUserPassword: true,
    MasterUserSecret: { KmsKeyId: dataKeyArn() },
    EnableIAMDatabaseAuthentication: true,
    PubliclyAccessible: false,
    DBSubnetGroupName: ref(ID.DatabaseSubnetGroup),
    DBParameterGroupName: ref(ID.DatabaseParameterGroup),
    VPCSecurityGroups: [getAtt(ID.DatabaseSecurityGroup, 'GroupId')],
    BackupRetentionPeriod: ref(P.DatabaseBackupRetentionDays),
    PreferredBackupWindow: '03:00-03:30',
    PreferredMaintenanceWindow: 'sun:04:00-sun:04:30',
    DeletionProtection: true,
    CopyTagsToSnapshot: true,
    AutoMinorVersionUpgrade: true,
    EnableCloudwatchLogsExports: ['error', 'slowquery'],
    MonitoringInterval: 60,
    MonitoringRoleArn: getAtt(DATABASE_MONITORING_ROLE, 'Arn'),
  });
  skipCheckov(instance, [
    {
      id: 'CKV_AWS_157',
      comment: 'Multi-AZ is a parameter (DatabaseMultiAz, default true); checkov cannot evaluate the Ref.',
    },
  ]);

  return {
    Resources: {
      [ID.DatabaseSubnetGroup]: new RDS.DBSubnetGroup({
        DBSubnetGroupDescription: 'Private subnets of both zones',
        SubnetIds: privateSubnets(),
      }),
      [ID.DatabaseParameterGroup]: new RDS.DBParameterGroup({
        Description: 'MySQL: TLS required for every connection',
        Family: Fn.If(C.IsMySql84, 'mysql8.4', 'mysql8.0'),
        Parameters: { require_secure_transport: '1' },
      }),
      [DATABASE_MONITORING_ROLE]: new IAM.Role({
        AssumeRolePolicyDocument: assumeRolePolicy('monitoring.rds.amazonaws.com'),
        ManagedPolicyArns: [sub('arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole')],
      }),
      [ID.Database]: keepOnDelete(instance, 'Snapshot'),
    },
  };
}

export const databaseMasterSecretArn = () => getAtt(ID.Database, 'MasterUserSecret.SecretArn');
