/**
 * Sign-in with identity providers (decision 310), asserted on the generated template: the parameters, the app
 * role's right to read exactly the named secret (only when one is named), and the environment the instances get.
 */
import { describe, expect, it } from 'vitest';
import { C, ID, P } from '../ids';
import { userDataScript } from '../builders/user-data';
import {
  main,
  resource,
  resourcesOfType,
  roleStatements,
  type Json,
} from '@test-support/cloudformation/template-helpers';

const ref = (id: string) => ({ Ref: id });

describe('sign-in with identity providers', () => {
  it('takes the providers, the client secrets secret and the password switch as parameters, all optional', () => {
    expect(main.Parameters[P.OidcProviders]).toMatchObject({ Type: 'String', Default: '' });
    expect(main.Parameters[P.OidcClientSecretsArn]).toMatchObject({ Type: 'String', Default: '' });
    expect(main.Parameters[P.PasswordSignIn]).toMatchObject({ Default: 'true', AllowedValues: ['true', 'false'] });
    const secretPattern = new RegExp(main.Parameters[P.OidcClientSecretsArn].AllowedPattern);
    expect(secretPattern.test('')).toBe(true);
    expect(secretPattern.test('arn:aws:secretsmanager:eu-west-1:123456789012:secret:people/oidc-AbC123')).toBe(true);
    expect(secretPattern.test('arn:aws:secretsmanager:eu-west-1:123456789012:secret:*')).toBe(false);
    const providersPattern = new RegExp(main.Parameters[P.OidcProviders].AllowedPattern);
    expect(providersPattern.test('[{"id":"entra","name":"Microsoft"}]')).toBe(true);
    expect(providersPattern.test('[{"name":"Bob\'s"}]')).toBe(false);
  });

  it('lets the app role read exactly the named secret, and nothing when none is named', () => {
    const policy = resource(main, ID.OidcClientSecretsPolicy);
    expect(policy.Type).toBe('AWS::IAM::Policy');
    expect(policy.Condition).toBe(C.HasOidcClientSecrets);
    expect(main.Conditions[C.HasOidcClientSecrets]).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [ref(P.OidcClientSecretsArn), ''] }],
    });
    expect(policy.Properties.Roles).toEqual([ref(ID.AppRole)]);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Sid: 'ReadOidcClientSecrets',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: ref(P.OidcClientSecretsArn),
      },
    ]);
    // No other policy or role grants Secrets Manager reads beyond the database master secret and the webhook key.
    const grants = [
      ...resourcesOfType(main, 'AWS::IAM::Role').flatMap(([, role]) => roleStatements(role)),
      ...resourcesOfType(main, 'AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[]),
    ].filter((statement: Json) => [statement.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(grants.map((statement: Json) => statement.Sid).sort()).toEqual([
      'ReadDatabaseMasterSecret',
      'ReadOidcClientSecrets',
      'ReadWebhookSecretsKey',
    ]);
  });

  it('gives the instances the settings, the JSON single-quoted for systemd', () => {
    const script = userDataScript();
    expect(script).toContain(`OIDC_PROVIDERS='\${${P.OidcProviders}}'`);
    expect(script).toContain(`OIDC_CLIENT_SECRETS_ARN=\${${P.OidcClientSecretsArn}}`);
    expect(script).toContain(`PASSWORD_SIGN_IN=\${${P.PasswordSignIn}}`);
    expect(script).not.toMatch(/clientSecret/);
  });
});
