/** Every name and ARN the app or an operator needs, exported as `${AWS::StackName}-<Name>`. */
import type { Fragment, Output } from '../lib/fragment.js';
import { exportName, getAtt, ref, sub } from '../lib/intrinsics.js';
import { ID, NAMES } from '../ids.js';
import { databaseMasterSecretArn } from './database.js';
import { MAIL_FROM } from './email.js';

function output(Description: string, Value: unknown, name: string): Output {
  return { Description, Value, Export: exportName(name) };
}

export function outputs(): Fragment {
  const list: Array<[string, string, unknown]> = [
    ['SiteUrl', 'The site', sub('https://${DomainName}')],
    ['LoadBalancerDnsName', 'DNS name of the load balancer (the alias target)', getAtt(ID.LoadBalancer, 'DNSName')],
    ['VpcId', 'The VPC', ref(ID.Vpc)],
    ['PublicSubnetIds', 'Public subnets (load balancer)', sub(`\${${ID.PublicSubnetA}},\${${ID.PublicSubnetB}}`)],
    ['PrivateSubnetIds', 'Private subnets (app, database)', sub(`\${${ID.PrivateSubnetA}},\${${ID.PrivateSubnetB}}`)],
    ['AppSecurityGroupId', 'Security group of the app instances', getAtt(ID.AppSecurityGroup, 'GroupId')],
    ['AutoScalingGroupName', 'Auto Scaling group of the app instances', ref(ID.AppAutoScalingGroup)],
    ['AppRoleArn', 'Role of the app instances', getAtt(ID.AppRole, 'Arn')],
    ['AppLogGroupName', 'Log group of the app and its boot script', ref(ID.AppLogGroup)],
    ['DatabaseEndpoint', 'MySQL endpoint address', getAtt(ID.Database, 'Endpoint.Address')],
    ['DatabasePort', 'MySQL port', getAtt(ID.Database, 'Endpoint.Port')],
    ['DatabaseMasterSecretArn', 'Secret holding the master user password (managed by RDS)', databaseMasterSecretArn()],
    ['MetadataTableName', 'DynamoDB metadata table', ref(ID.MetadataTable)],
    ['MetadataTableArn', 'DynamoDB metadata table ARN', getAtt(ID.MetadataTable, 'Arn')],
    ['PhotoBucketName', 'Photo bucket', sub(NAMES.photoBucket)],
    ['NotificationsTopicArn', 'Topic of employee.created notifications', ref(ID.NotificationsTopic)],
    ['PhotoFunctionName', 'Photo processing function', ref(ID.PhotoFunction)],
    ['PhotoFunctionDeadLetterQueueUrl', 'Events the photo function failed on', ref(ID.PhotoFunctionDeadLetterQueue)],
    ['DataKeyArn', 'KMS key of the data at rest', getAtt(ID.DataKey, 'Arn')],
    ['MailFromAddress', 'Sender of the emails to employees (SES domain identity)', sub(MAIL_FROM)],
    ['MailConfigurationSetName', 'SES configuration set of the emails to employees', sub(NAMES.mailConfigurationSet)],
    [
      'VerificationStateMachineArn',
      'State machine of the employee verification workflow',
      ref(ID.VerificationStateMachine),
    ],
    ['WorkflowTaskQueueUrl', 'Queue of the verification steps the app answers', ref(ID.WorkflowTaskQueue)],
    [
      'WorkflowTaskDeadLetterQueueUrl',
      'Verification step messages the app failed on',
      ref(ID.WorkflowTaskDeadLetterQueue),
    ],
    [
      'WebhookSecretsKeyArn',
      'Secret holding the key of the webhook signing secrets (retained; never change its value)',
      ref(ID.WebhookSecretsKey),
    ],
    ['WorkflowLogGroupName', 'Log group of the verification executions (errors only)', ref(ID.WorkflowLogGroup)],
  ];
  return {
    Outputs: Object.fromEntries(list.map(([name, description, value]) => [name, output(description, value, name)])),
  };
}
