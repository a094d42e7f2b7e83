/**
 * Sign-in with the company's identity providers (OpenID Connect), as the environment describes them.
 *
 * OIDC_PROVIDERS is a JSON array, one object per provider (the sign-in page shows a button for each):
 *   [{ "id": "entra", "name": "Microsoft", "issuer": "https://login.microsoftonline.com/<tenant>/v2.0",
 *      "clientId": "…", "allowedDomains": ["xyz.example"], "emailClaim": "email" }]
 * A client secret never travels in that JSON on AWS: it is read once at start from the Secrets Manager secret
 * OIDC_CLIENT_SECRETS_ARN, whose value is a JSON object { "<provider id>": "<client secret>" }. Locally (and in
 * tests) `clientSecret` may sit in the JSON. See docs/decisions/310-sign-in-with-oidc.md.
 */
import { z } from 'zod';

const providerId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be 1-32 lower-case letters, digits or - (it is part of the callback URL)');

/** A claim name as providers spell them (email, upn, preferred_username, https://… namespaced claims). */
const claimName = z.string().regex(/^[A-Za-z0-9_:/.-]{1,100}$/, 'must be a claim name');

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a domain name such as xyz.example');

export const oidcProviderSchema = z
  .object({
    id: providerId,
    /** The button's label: "Sign in with <name>". */
    name: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .refine((value) => !/[\p{Cc}]/u.test(value), 'must be one line of text'),
    issuer: z
      .string()
      .url()
      .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL'),
    clientId: z.string().min(1).max(255),
    /** Locally only; on AWS from OIDC_CLIENT_SECRETS_ARN. */
    clientSecret: z.string().min(1).max(1024).optional(),
    /** Who may sign in or join through this provider; ALLOWED_EMAIL_DOMAINS when unset. */
    allowedDomains: z.array(domain).min(1).max(50).optional(),
    /** The claim that carries the work email (Entra ID without the optional `email` claim: `preferred_username`). */
    emailClaim: claimName.default('email'),
    /**
     * `claim`: the email counts only with `email_verified: true` (Google, Okta). `trusted`: the provider only
     * issues addresses of domains it has verified and sends no such claim (Entra ID: a tenant's own domains).
     */
    emailVerification: z.enum(['claim', 'trusted']).default('claim'),
    /** How far the issuer's clock may be from ours when checking iat/exp (openid-client's default: 30 s). */
    clockToleranceSeconds: z.number().int().min(0).max(300).default(30),
  })
  .strict();

export type OidcProviderSettings = z.infer<typeof oidcProviderSchema>;

/** The JSON text of OIDC_PROVIDERS, parsed and checked; ids must be unique. */
export const oidcProvidersSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of providers' });
      return z.NEVER;
    }
  })
  .pipe(z.array(oidcProviderSchema).max(10))
  .superRefine((providers, ctx) => {
    if (!Array.isArray(providers)) return;
    const seen = new Set<string>();
    for (const [index, provider] of providers.entries()) {
      if (seen.has(provider.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: 'is used twice' });
      seen.add(provider.id);
    }
  });

export const oidcEnvSchema = z.object({
  OIDC_PROVIDERS: oidcProvidersSchema.optional(),
  /** Secrets Manager secret with the providers' client secrets (AWS). */
  OIDC_CLIENT_SECRETS_ARN: z
    .string()
    .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/, 'must be a secret ARN')
    .optional(),
  /** `false`: only the identity providers sign people in (the password form, reset and join are refused). */
  PASSWORD_SIGN_IN: z
    .enum(['true', 'false', '1', '0'])
    .transform((value) => value === 'true' || value === '1')
    .default('true'),
  /**
   * Local mode with no OIDC_PROVIDERS: the primary starts a stand-in identity provider on this loopback port
   * (0: PORT + 1). `false` in LOCAL_IDP turns it off.
   */
  LOCAL_IDP: z
    .enum(['true', 'false', '1', '0'])
    .transform((value) => value === 'true' || value === '1')
    .default('true'),
  LOCAL_IDP_PORT: z.coerce.number().int().min(0).max(65535).default(0),
});

type OidcEnv = z.infer<typeof oidcEnvSchema>;

/** The rules that need more than one variable (called from the env's superRefine). */
export function checkOidcEnv(env: OidcEnv & { APP_ENV: 'local' | 'aws' }, ctx: z.RefinementCtx): void {
  // Not an array when OIDC_PROVIDERS itself failed to parse (already reported).
  const providers = Array.isArray(env.OIDC_PROVIDERS) ? env.OIDC_PROVIDERS : [];
  if (env.APP_ENV === 'aws') {
    for (const [index, provider] of providers.entries()) {
      if (provider.clientSecret) {
        ctx.addIssue({
          code: 'custom',
          path: ['OIDC_PROVIDERS', index, 'clientSecret'],
          message: 'must not be in the environment on AWS: put it in the OIDC_CLIENT_SECRETS_ARN secret',
        });
      }
      if (!provider.issuer.startsWith('https://')) {
        ctx.addIssue({
          code: 'custom',
          path: ['OIDC_PROVIDERS', index, 'issuer'],
          message: 'must be an https URL on AWS',
        });
      }
    }
    if (providers.length > 0 && !env.OIDC_CLIENT_SECRETS_ARN) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_CLIENT_SECRETS_ARN'],
        message: 'is required on AWS when OIDC_PROVIDERS is set',
      });
    }
  }
  if (!env.PASSWORD_SIGN_IN && providers.length === 0 && !(env.APP_ENV === 'local' && env.LOCAL_IDP)) {
    ctx.addIssue({
      code: 'custom',
      path: ['PASSWORD_SIGN_IN'],
      message: 'cannot be false without an identity provider (OIDC_PROVIDERS): nobody could sign in',
    });
  }
}
