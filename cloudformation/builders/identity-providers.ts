/**
 * Sign-in with the company's identity providers (decision 310): the providers' public settings as a parameter
 * (JSON, passed to the instances as OIDC_PROVIDERS), the Secrets Manager secret that holds their client secrets
 * (created and filled by the operator, never in the template or its parameters), and the app role's right to
 * read exactly that secret, present only when the parameter names one. The providers are on the internet:
 * their discovery, key and token endpoints need PrivateEgress=NatGateway (README, "Sign-in with your
 * identity provider").
 */
import { IAM } from 'cloudform-types';
import { Fn } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { ref } from '../lib/intrinsics.js';
import { policyDocument } from '../lib/iam.js';
import { C, ID, P } from '../ids.js';

/** The secret's ARN as Secrets Manager prints it (with its random six-character suffix). */
const SECRET_ARN = '^$|^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+$';

export function identityProviders(): Fragment {
  return {
    Parameters: {
      [P.OidcProviders]: {
        Type: 'String',
        Default: '',
        // A JSON array; no single quote, because the boot script writes it single-quoted into the env file.
        AllowedPattern: "^$|^\\[[^']*\\]$",
        ConstraintDescription: "empty, or a JSON array of providers without single quotes (')",
        Description:
          'Identity providers for "Sign in with …" (JSON array of {id, name, issuer, clientId, allowedDomains?, emailClaim?, emailVerification?}; README). Empty: passwords only',
      },
      [P.OidcClientSecretsArn]: {
        Type: 'String',
        Default: '',
        AllowedPattern: SECRET_ARN,
        ConstraintDescription: 'empty, or the full ARN of a Secrets Manager secret',
        Description:
          'Secrets Manager secret holding the providers\' client secrets as JSON {"<provider id>": "<client secret>"}; the app role may read only this secret',
      },
      [P.PasswordSignIn]: {
        Type: 'String',
        Default: 'true',
        AllowedValues: ['true', 'false'],
        Description: 'false: only the identity providers sign people in (needs OidcProviders)',
      },
    },
    Conditions: {
      [C.HasOidcClientSecrets]: Fn.Not(Fn.Equals(Fn.Ref(P.OidcClientSecretsArn), '')),
    },
    Resources: {
      [ID.OidcClientSecretsPolicy]: new IAM.Policy({
        PolicyName: 'oidc-client-secrets',
        Roles: [ref(ID.AppRole)],
        PolicyDocument: policyDocument([
          {
            // Read once per process at start (app/auth/oidc-client-secrets.server.ts). A secret encrypted with a
            // customer managed key also needs that key's policy to allow this role kms:Decrypt (README).
            Sid: 'ReadOidcClientSecrets',
            Effect: 'Allow',
            Action: 'secretsmanager:GetSecretValue',
            Resource: ref(P.OidcClientSecretsArn),
          },
        ]),
      }).condition(C.HasOidcClientSecrets),
    },
  };
}
