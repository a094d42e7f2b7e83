import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env.server';

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
    });
    expect(env.DATABASE_IAM_AUTH).toBe(true);
    expect(env.ALLOWED_EMAIL_DOMAINS).toEqual(['xyz.example', 'xyz.co.uk']);
  });

  it('treats empty strings as unset, as systemd EnvironmentFiles often leave them', () => {
    expect(parseEnv({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });
});
