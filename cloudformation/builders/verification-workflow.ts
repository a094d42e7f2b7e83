/**
 * The employee verification workflow (decisions 010 and 110): the Step Functions state machine built from
 * functions/shared/workflow/verification-definition.ts, the SQS task queue its every Task sends a callback
 * message to (the app consumes it and answers with SendTaskSuccess/-Failure), the queue's dead-letter queue,
 * the machine's role (send to the queue with the stack key, deliver its logs, trace with X-Ray, no more),
 * its log group, and two alarms to the notifications topic: failed executions and messages in the
 * dead-letter queue. Log level, tracing and the queue's timings: docs/decisions/110.
 */
import { CloudWatch, IAM, Logs, SQS, StepFunctions } from 'cloudform-types';
import { buildVerificationDefinition } from '../../functions/shared/workflow/verification-definition.js';
import type { Fragment } from '../lib/fragment.js';
import { getAtt, ref, sub, subWith } from '../lib/intrinsics.js';
import { policyDocument } from '../lib/iam.js';
import { ID, NAMES, P } from '../ids.js';
import { dataKeyArn } from './encryption.js';

/** An unconsumed step message is kept this long; the definition resends an immediate step after an hour. */
export const TASK_QUEUE_RETENTION_SECONDS = 4 * 24 * 3600;
/** Long enough for the slowest step (a record check, an activation with its outbox write) to finish. */
export const TASK_QUEUE_VISIBILITY_SECONDS = 120;
/** Receives before a message that every consumer fails on goes to the dead-letter queue. */
export const TASK_QUEUE_MAX_RECEIVES = 5;
/** SQS measures a dead letter's age from its first send: longer than the queue's, so an operator sees it. */
export const TASK_DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;

/**
 * Step Functions delivers logs through CloudWatch Logs' vended-log API, whose actions IAM cannot scope to a
 * log group (the Step Functions developer guide's logging policy grants them on '*').
 */
export const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];
/** X-Ray's write actions have no resource type either. */
export const TRACE_ACTIONS = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
];

/**
 * The app completes steps with these. A task token names no resource: IAM documents no resource type for
 * them, so '*' is the only grant that works; the token itself is the capability, and only the task queue
 * (readable by the app alone) hands tokens out.
 */
export const TASK_TOKEN_ACTIONS = ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'];

/** The machine's ARN (Ref of AWS::StepFunctions::StateMachine). */
export const verificationStateMachineArn = () => ref(ID.VerificationStateMachine);

/** Every execution of the machine: the app may describe, stop and read the history of these, no others. */
export const verificationExecutionsArn = () =>
  sub(`arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:execution:${NAMES.verificationStateMachine}:*`);

export const workflowTaskQueueArn = () => getAtt(ID.WorkflowTaskQueue, 'Arn');

/** The definition with the queue URL left to Fn::Sub (the only `${...}` in it: the unit test checks). */
export function verificationDefinitionString() {
  return subWith(JSON.stringify(buildVerificationDefinition({ taskQueueUrl: '${TaskQueueUrl}' })), {
    TaskQueueUrl: ref(ID.WorkflowTaskQueue),
  });
}

export function verificationWorkflow(): Fragment {
  const role = new IAM.Role({
    AssumeRolePolicyDocument: policyDocument([
      {
        Effect: 'Allow',
        Principal: { Service: 'states.amazonaws.com' },
        Action: 'sts:AssumeRole',
        // Only this account's Step Functions may act as this role (confused-deputy guard).
        Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
      },
    ]),
    Policies: [
      {
        PolicyName: 'verification-workflow',
        PolicyDocument: policyDocument([
          {
            Sid: 'SendTaskMessages',
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Resource: workflowTaskQueueArn(),
          },
          {
            // The queue is encrypted with the stack key: a sender needs a data key and to decrypt it.
            Sid: 'EncryptTaskMessages',
            Effect: 'Allow',
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Resource: dataKeyArn(),
          },
          { Sid: 'DeliverExecutionLogs', Effect: 'Allow', Action: LOG_DELIVERY_ACTIONS, Resource: '*' },
          { Sid: 'WriteTraces', Effect: 'Allow', Action: TRACE_ACTIONS, Resource: '*' },
        ]),
      },
    ],
  });

  const stateMachine = new StepFunctions.StateMachine({
    StateMachineName: sub(NAMES.verificationStateMachine),
    StateMachineType: 'STANDARD',
    RoleArn: getAtt(ID.WorkflowRole, 'Arn'),
    // DefinitionString, not Definition: moto's CloudFormation reads only this one (STACK.md).
    DefinitionString: verificationDefinitionString(),
    LoggingConfiguration: {
      // ERROR: failed and timed-out steps and executions; the app's activity log records every step anyway.
      Level: 'ERROR',
      // Inputs and outputs carry the employee's id, HR's reasons and decisions: kept out of the logs.
      IncludeExecutionData: false,
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: getAtt(ID.WorkflowLogGroup, 'Arn') } }],
    },
    TracingConfiguration: { Enabled: true },
  });

  return {
    Resources: {
      [ID.WorkflowTaskDeadLetterQueue]: new SQS.Queue({
        KmsMasterKeyId: ref(ID.DataKey),
        MessageRetentionPeriod: TASK_DEAD_LETTER_RETENTION_SECONDS,
      }),
      [ID.WorkflowTaskQueue]: new SQS.Queue({
        KmsMasterKeyId: ref(ID.DataKey),
        // A data key is reused for 5 minutes instead of a KMS call per message.
        KmsDataKeyReusePeriodSeconds: 300,
        MessageRetentionPeriod: TASK_QUEUE_RETENTION_SECONDS,
        VisibilityTimeout: TASK_QUEUE_VISIBILITY_SECONDS,
        // Consumers long-poll for 20 s; the queue's default makes any other receive long as well.
        ReceiveMessageWaitTimeSeconds: 20,
        RedrivePolicy: {
          deadLetterTargetArn: getAtt(ID.WorkflowTaskDeadLetterQueue, 'Arn'),
          maxReceiveCount: TASK_QUEUE_MAX_RECEIVES,
        },
      }),
      [ID.WorkflowTaskQueuePolicy]: new SQS.QueuePolicy({
        Queues: [ref(ID.WorkflowTaskQueue), ref(ID.WorkflowTaskDeadLetterQueue)],
        PolicyDocument: policyDocument([
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sqs:*',
            Resource: [workflowTaskQueueArn(), getAtt(ID.WorkflowTaskDeadLetterQueue, 'Arn')],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ]),
      }),
      [ID.WorkflowLogGroup]: new Logs.LogGroup({
        // The /aws/vendedlogs/ prefix keeps CloudWatch Logs' resource policy short (Step Functions guide).
        LogGroupName: sub(`/aws/vendedlogs/states/${NAMES.verificationStateMachine}`),
        RetentionInDays: ref(P.LogRetentionDays),
        KmsKeyId: dataKeyArn(),
      }),
      [ID.WorkflowRole]: role,
      [ID.VerificationStateMachine]: stateMachine,
      [ID.WorkflowExecutionsFailedAlarm]: new CloudWatch.Alarm({
        AlarmDescription:
          'A verification execution failed (HR made no decision in time, or a step kept failing): the profile waits for a decision by hand. See the execution in the Step Functions console.',
        Namespace: 'AWS/States',
        MetricName: 'ExecutionsFailed',
        Dimensions: [{ Name: 'StateMachineArn', Value: verificationStateMachineArn() }],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [ref(ID.NotificationsTopic)],
      }),
      [ID.WorkflowTaskDeadLettersAlarm]: new CloudWatch.Alarm({
        AlarmDescription:
          'A workflow step message failed every receive and sits in the dead-letter queue: the app could not parse or handle it (see the app log).',
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(ID.WorkflowTaskDeadLetterQueue, 'QueueName') }],
        Statistic: 'Maximum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [ref(ID.NotificationsTopic)],
      }),
    },
  };
}
