/**
 * The verification workflow (decision 110) as the stack creates it, asserted on the generated template. cfn-lint
 * checks nothing inside the DefinitionString's Fn::Sub, so the definition is checked here: after
 * CloudFormation's substitution it must be exactly the definition the unit test validated with asl-validator.
 */
import { describe, expect, it } from 'vitest';
import { buildVerificationDefinition } from '@shared/workflow/verification-definition';
import { ID, P } from '../ids';
import {
  LOG_DELIVERY_ACTIONS,
  TASK_DEAD_LETTER_RETENTION_SECONDS,
  TASK_QUEUE_RETENTION_SECONDS,
  TRACE_ACTIONS,
} from '../builders/verification-workflow';
import { appEnvironment } from '../builders/user-data';
import { main, resource, roleStatements, type Json } from '@test-support/cloudformation/template-helpers';

const ref = (id: string) => ({ Ref: id });
const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
const executions = {
  'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${NamePrefix}-verification:*',
};

describe('the verification state machine', () => {
  const machine = resource(main, ID.VerificationStateMachine);

  it('is a Standard machine whose definition, once the queue URL is substituted, is the validated one', () => {
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    expect(machine.Properties.Definition).toBeUndefined(); // moto reads only DefinitionString
    const [text, variables] = machine.Properties.DefinitionString['Fn::Sub'];
    expect(variables).toEqual({ TaskQueueUrl: ref(ID.WorkflowTaskQueue) });
    // The only ${...} CloudFormation will substitute is the queue URL (a stray one would fail the deploy).
    expect(new Set([...text.matchAll(/\$\{([^}]*)\}/g)].map((match: RegExpMatchArray) => match[1]))).toEqual(
      new Set(['TaskQueueUrl']),
    );
    const url = 'https://sqs.eu-west-1.amazonaws.com/123456789012/tasks';
    const substituted = JSON.parse(text.replaceAll('${TaskQueueUrl}', url));
    expect(substituted).toEqual(buildVerificationDefinition({ taskQueueUrl: url }));
    const queueUrls = Object.values(substituted.States as Record<string, Json>)
      .filter((state) => state.Type === 'Task')
      .map((state) => state.Parameters.QueueUrl);
    expect(queueUrls.length).toBeGreaterThan(5);
    expect(new Set(queueUrls)).toEqual(new Set([url]));
  });

  it('logs errors without execution data to its own group, and traces with X-Ray', () => {
    expect(machine.Properties.LoggingConfiguration).toEqual({
      Level: 'ERROR',
      IncludeExecutionData: false,
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: getAtt(ID.WorkflowLogGroup, 'Arn') } }],
    });
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(resource(main, ID.WorkflowLogGroup).Properties).toMatchObject({
      LogGroupName: { 'Fn::Sub': '/aws/vendedlogs/states/${NamePrefix}-verification' },
      RetentionInDays: ref(P.LogRetentionDays),
    });
  });

  it('runs as a role that may send to the task queue with the stack key, deliver logs and traces, nothing else', () => {
    expect(machine.Properties.RoleArn).toEqual(getAtt(ID.WorkflowRole, 'Arn'));
    const role = resource(main, ID.WorkflowRole);
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'states.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
      },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(roleStatements(role)).toEqual([
      {
        Sid: 'SendTaskMessages',
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: getAtt(ID.WorkflowTaskQueue, 'Arn'),
      },
      {
        Sid: 'EncryptTaskMessages',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: getAtt(ID.DataKey, 'Arn'),
      },
      { Sid: 'DeliverExecutionLogs', Effect: 'Allow', Action: LOG_DELIVERY_ACTIONS, Resource: '*' },
      { Sid: 'WriteTraces', Effect: 'Allow', Action: TRACE_ACTIONS, Resource: '*' },
    ]);
  });
});

describe('the task queue', () => {
  it('is encrypted with the stack key and sends a message every consumer fails on to its dead-letter queue', () => {
    const queue = resource(main, ID.WorkflowTaskQueue).Properties;
    const deadLetters = resource(main, ID.WorkflowTaskDeadLetterQueue).Properties;
    expect(queue).toMatchObject({
      KmsMasterKeyId: ref(ID.DataKey),
      VisibilityTimeout: 120,
      RedrivePolicy: { deadLetterTargetArn: getAtt(ID.WorkflowTaskDeadLetterQueue, 'Arn'), maxReceiveCount: 5 },
    });
    expect(deadLetters.KmsMasterKeyId).toEqual(ref(ID.DataKey));
    // SQS ages a dead letter from its first send: the dead-letter queue must keep it longer than the queue.
    expect(deadLetters.MessageRetentionPeriod).toBe(TASK_DEAD_LETTER_RETENTION_SECONDS);
    expect(TASK_DEAD_LETTER_RETENTION_SECONDS).toBeGreaterThan(TASK_QUEUE_RETENTION_SECONDS);
  });

  it('refuses every request to either queue that does not use TLS', () => {
    const policy = resource(main, ID.WorkflowTaskQueuePolicy).Properties;
    expect(policy.Queues).toEqual([ref(ID.WorkflowTaskQueue), ref(ID.WorkflowTaskDeadLetterQueue)]);
    expect(policy.PolicyDocument.Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Resource: [getAtt(ID.WorkflowTaskQueue, 'Arn'), getAtt(ID.WorkflowTaskDeadLetterQueue, 'Arn')],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });
});

describe('the app and the workflow', () => {
  const bySid = Object.fromEntries(
    roleStatements(resource(main, ID.AppRole)).map((statement: Json) => [statement.Sid, statement]),
  );

  it('lets the app start executions of this machine only, and manage only its executions', () => {
    expect(bySid.StartVerifications).toMatchObject({
      Action: 'states:StartExecution',
      Resource: ref(ID.VerificationStateMachine),
    });
    expect(bySid.ManageVerificationExecutions).toMatchObject({
      Action: ['states:DescribeExecution', 'states:StopExecution', 'states:GetExecutionHistory'],
      Resource: executions,
    });
    expect(bySid.CompleteVerificationTasks).toMatchObject({
      Action: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
      Resource: '*',
    });
    expect(bySid.ConsumeVerificationTasks).toMatchObject({
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
      Resource: getAtt(ID.WorkflowTaskQueue, 'Arn'),
    });
    // The app never sends to the task queue (only the machine hands out tokens) and never reads dead letters.
    const appActions = Object.values(bySid).flatMap((statement: Json) => [statement.Action].flat());
    expect(appActions).not.toContain('sqs:SendMessage');
    expect(appActions).not.toContain('states:CreateStateMachine');
  });

  it('gives the app the machine and the queue in its environment', () => {
    expect(appEnvironment()).toMatchObject({
      WORKFLOW_STATE_MACHINE_ARN: '${VerificationStateMachine}',
      WORKFLOW_TASK_QUEUE_URL: '${WorkflowTaskQueue}',
    });
    expect(Object.keys(main.Outputs)).toEqual(
      expect.arrayContaining(['VerificationStateMachineArn', 'WorkflowTaskQueueUrl', 'WorkflowTaskDeadLetterQueueUrl']),
    );
  });
});

describe('the workflow alarms', () => {
  const alarms: Array<[string, string, string, Json]> = [
    [ID.WorkflowExecutionsFailedAlarm, 'AWS/States', 'ExecutionsFailed', ref(ID.VerificationStateMachine)],
    [
      ID.WorkflowTaskDeadLettersAlarm,
      'AWS/SQS',
      'ApproximateNumberOfMessagesVisible',
      getAtt(ID.WorkflowTaskDeadLetterQueue, 'QueueName'),
    ],
  ];

  it('tell the notifications topic about a failed execution and about any dead letter', () => {
    for (const [id, namespace, metric, dimension] of alarms) {
      const alarm = resource(main, id).Properties;
      expect(alarm, id).toMatchObject({
        Namespace: namespace,
        MetricName: metric,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [ref(ID.NotificationsTopic)],
      });
      expect(alarm.Dimensions[0].Value, id).toEqual(dimension);
    }
  });

  it('may publish to the encrypted topic: the topic policy and the key let this account’s CloudWatch in', () => {
    const statements = resource(main, ID.NotificationsTopicPolicy).Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: {
          StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') },
          ArnLike: {
            'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*' },
          },
        },
      }),
    );
    expect(resource(main, ID.DataKey).Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
      }),
    );
  });
});
