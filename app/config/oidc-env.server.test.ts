import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.server';

const AWS_BASE = {
  APP_ENV: 'aws',
  DATABASE_URL: 'mysql://app@db.internal:3306/employees',
  NOTIFICATIONS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:employee-profiles',
  PUBLIC_URL: 'https://people.xyz.example',
  MAIL_FROM_ADDRESS: 'no-reply@people.xyz.example',
};
const ENTRA = {
  id: 'entra',
  name: 'Microsoft',
  issuer: 'https://login.microsoftonline.com/4f8e1c2a-0000-0000-0000-000000000000/v2.0',
  clientId: 'c0ffee00-0000-0000-0000-000000000000',
};
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:people/oidc-AbC123';

describe('identity provider settings', () => {
  it('are optional: passwords only, and locally the stand-in provider', () => {
    const env = parseEnv({});
    expect(env.OIDC_PROVIDERS).toBeUndefined();
    expect(env).toMatchObject({ PASSWORD_SIGN_IN: true, LOCAL_IDP: true, LOCAL_IDP_PORT: 0 });
  });

  it('parse OIDC_PROVIDERS with defaults for the email claim, its verification and the clock tolerance', () => {
    const env = parseEnv({
      ...AWS_BASE,
      OIDC_CLIENT_SECRETS_ARN: SECRET_ARN,
      OIDC_PROVIDERS: JSON.stringify([
        { ...ENTRA, emailClaim: 'preferred_username', emailVerification: 'trusted', allowedDomains: ['XYZ.example'] },
        {
          id: 'google',
          name: 'Google',
          issuer: 'https://accounts.google.com',
          clientId: 'abc.apps.googleusercontent.com',
        },
      ]),
    });
    expect(env.OIDC_PROVIDERS).toEqual([
      {
        ...ENTRA,
        emailClaim: 'preferred_username',
        emailVerification: 'trusted',
        allowedDomains: ['xyz.example'],
        clockToleranceSeconds: 30,
      },
      expect.objectContaining({ id: 'google', emailClaim: 'email', emailVerification: 'claim' }),
    ]);
  });

  it('name what is wrong: not JSON, a bad id, an id used twice, an unknown key', () => {
    expect(() => parseEnv({ OIDC_PROVIDERS: '{not json' })).toThrow(/OIDC_PROVIDERS must be a JSON array of providers/);
    expect(() => parseEnv({ OIDC_PROVIDERS: JSON.stringify([{ ...ENTRA, id: 'Entra ID' }]) })).toThrow(
      /OIDC_PROVIDERS\.0\.id must be 1-32 lower-case letters/,
    );
    expect(() => parseEnv({ OIDC_PROVIDERS: JSON.stringify([ENTRA, ENTRA]) })).toThrow(
      /OIDC_PROVIDERS\.1\.id is used twice/,
    );
    expect(() => parseEnv({ OIDC_PROVIDERS: JSON.stringify([{ ...ENTRA, secret: 'x' }]) })).toThrow(/OIDC_PROVIDERS/);
  });

  it('on AWS: the client secret comes from Secrets Manager, never from the environment, and issuers are https', () => {
    expect(() => parseEnv({ ...AWS_BASE, OIDC_PROVIDERS: JSON.stringify([ENTRA]) })).toThrow(
      /OIDC_CLIENT_SECRETS_ARN is required on AWS when OIDC_PROVIDERS is set/,
    );
    expect(() =>
      parseEnv({
        ...AWS_BASE,
        OIDC_CLIENT_SECRETS_ARN: SECRET_ARN,
        OIDC_PROVIDERS: JSON.stringify([{ ...ENTRA, clientSecret: 'in-the-env' }]),
      }),
    ).toThrow(/OIDC_PROVIDERS\.0\.clientSecret must not be in the environment on AWS/);
    expect(() =>
      parseEnv({
        ...AWS_BASE,
        OIDC_CLIENT_SECRETS_ARN: SECRET_ARN,
        OIDC_PROVIDERS: JSON.stringify([{ ...ENTRA, issuer: 'http://idp.internal' }]),
      }),
    ).toThrow(/OIDC_PROVIDERS\.0\.issuer must be an https URL on AWS/);
    expect(() => parseEnv({ ...AWS_BASE, OIDC_CLIENT_SECRETS_ARN: 'people/oidc' })).toThrow(
      /OIDC_CLIENT_SECRETS_ARN must be a secret ARN/,
    );
  });

  it('refuse turning passwords off with no provider to sign in with', () => {
    expect(() => parseEnv({ ...AWS_BASE, PASSWORD_SIGN_IN: 'false' })).toThrow(
      /PASSWORD_SIGN_IN cannot be false without an identity provider/,
    );
    // Locally the stand-in provider is there.
    expect(parseEnv({ PASSWORD_SIGN_IN: 'false' }).PASSWORD_SIGN_IN).toBe(false);
  });
});
