import { describe, expect, it } from 'vitest';
import { EnvError, mailTransportOf, parseEnv } from './env.server';

describe('environment', () => {
  it('runs on embedded defaults with nothing set', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ APP_ENV: 'local', PORT: 3000, PHOTO_MAX_BYTES: 15 * 1024 * 1024 });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.ALLOWED_EMAIL_DOMAINS).toEqual(['xyz.example']);
  });

  it('names every malformed variable in one message', () => {
    let error: unknown;
    try {
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'postgres://x@y/z', NOTIFICATIONS_TOPIC_ARN: 'topic' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL must be a mysql:// URL');
    expect(message).toContain('NOTIFICATIONS_TOPIC_ARN must be an SNS topic ARN');
  });

  it('requires the AWS wiring when APP_ENV=aws', () => {
    expect(() => parseEnv({ APP_ENV: 'aws' })).toThrow(/DATABASE_URL is required when APP_ENV=aws/);
    const env = parseEnv({
      APP_ENV: 'aws',
      DATABASE_URL: 'mysql://app@db.internal:3306/employees',
      DATABASE_IAM_AUTH: 'true',
      DATABASE_TLS: 'true',
      NOTIFICATIONS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:employee-profiles',
      PUBLIC_URL: 'https://people.xyz.example',
      ALLOWED_EMAIL_DOMAINS: 'XYZ.example, xyz.co.uk',
      MAIL_FROM_ADDRESS: 'no-reply@people.xyz.example',
    });
    expect(env.DATABASE_IAM_AUTH).toBe(true);
    expect(env.ALLOWED_EMAIL_DOMAINS).toEqual(['xyz.example', 'xyz.co.uk']);
  });

  it('takes the workflow’s state machine and task queue together, or neither', () => {
    const machine = 'arn:aws:states:eu-west-1:123456789012:stateMachine:employee-profiles-verification';
    const queue = 'https://sqs.eu-west-1.amazonaws.com/123456789012/employee-profiles-WorkflowTaskQueue-abc';
    const env = parseEnv({ WORKFLOW_STATE_MACHINE_ARN: machine, WORKFLOW_TASK_QUEUE_URL: queue });
    expect(env).toMatchObject({ WORKFLOW_STATE_MACHINE_ARN: machine, WORKFLOW_TASK_QUEUE_URL: queue });
    expect(parseEnv({}).WORKFLOW_STATE_MACHINE_ARN).toBeUndefined();
    expect(() => parseEnv({ WORKFLOW_STATE_MACHINE_ARN: machine })).toThrow(
      /WORKFLOW_TASK_QUEUE_URL is required with the other WORKFLOW_ variable/,
    );
    expect(() => parseEnv({ WORKFLOW_TASK_QUEUE_URL: queue })).toThrow(/WORKFLOW_STATE_MACHINE_ARN is required/);
    expect(() =>
      parseEnv({
        WORKFLOW_STATE_MACHINE_ARN: 'arn:aws:sns:eu-west-1:123456789012:topic',
        WORKFLOW_TASK_QUEUE_URL: queue,
      }),
    ).toThrow(/WORKFLOW_STATE_MACHINE_ARN must be a Step Functions state machine ARN/);
  });

  it('sends personal notices with SES on AWS (which needs a sender) and as files locally', () => {
    const aws = {
      APP_ENV: 'aws',
      DATABASE_URL: 'mysql://app@db.internal:3306/employees',
      NOTIFICATIONS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:employee-profiles',
      PUBLIC_URL: 'https://people.xyz.example',
    };
    expect(() => parseEnv(aws)).toThrow(/MAIL_FROM_ADDRESS is required to send email with SES/);
    const env = parseEnv({
      ...aws,
      MAIL_FROM_ADDRESS: 'no-reply@people.xyz.example',
      SES_CONFIGURATION_SET: 'notices',
    });
    expect(mailTransportOf(env)).toBe('ses');
    expect(mailTransportOf(parseEnv({}))).toBe('file');
    // A sender that would add a second address or a header is refused by name.
    expect(() => parseEnv({ MAIL_FROM_ADDRESS: 'a@x.example>, b@y.example' })).toThrow(/MAIL_FROM_ADDRESS/);
    expect(() => parseEnv({ MAIL_FROM_NAME: 'XYZ\r\nBcc: eve@evil.example' })).toThrow(
      /MAIL_FROM_NAME must be one line/,
    );
  });

  it('treats empty strings as unset, as systemd EnvironmentFiles often leave them', () => {
    expect(parseEnv({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });
});
