/** Helpers for IAM policy documents: statements are plain objects, kept small and explicit. */
import { sub } from './intrinsics.js';

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, unknown>;
  NotAction?: string | string[];
}

export function policyDocument(statements: Statement[]) {
  return { Version: '2012-10-17', Statement: statements };
}

export function assumeRolePolicy(service: string) {
  return policyDocument([{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }]);
}

/** Deny every request to the bucket that does not arrive over TLS. */
export function denyInsecureTransport(bucketArn: unknown, objectsArn: unknown): Statement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, objectsArn],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

export const bucketArnFromName = (nameExpression: string) => sub(`arn:\${AWS::Partition}:s3:::${nameExpression}`);
