/**
 * The environment, parsed once by one zod schema. A missing or malformed variable stops the process with a
 * message naming it. With nothing set, everything runs on the embedded defaults (SQLite, dynalite, s3rver,
 * a local notification recorder) under DATA_DIR.
 */
import path from 'node:path';
import { z } from 'zod';
import { FaceCheckSettingsSchema, requireCollectionForRekognition } from '@shared/faces/face-check-settings';
import { checkOidcEnv, oidcEnvSchema } from './oidc-env.server';
import { PrivacySettingsSchema } from './privacy-settings.server';
import { WebhookSettingsSchema } from './webhook-settings.server';
import { AwsClientSettingsSchema } from '@shared/aws-client-settings';

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean),
);

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL');

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** `local`: embedded emulators in-process. `aws`: real services, configured below. */
    APP_ENV: z.enum(['local', 'aws']).default('local'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: httpUrl.optional(),
    /** Worker processes serving HTTP; 0 means one per CPU. */
    WEB_CONCURRENCY: z.coerce.number().int().min(0).max(256).default(0),
    /**
     * Each worker's V8 old-space limit, in MiB (0: V8's own, which grows a worker's heap to 250-400 MiB under load
     * before collecting). 256 holds the bench at 187-203 MiB RSS, but is off by default until a CI run shows a worker
     * survives overload under it; a 5,000-row CSV import needs more than 192 (docs/decisions/316).
     */
    WORKER_HEAP_MB: z.coerce.number().int().min(0).max(16_384).default(0),
    /**
     * How many requests each worker lets into the app at once; the rest wait their turn (0: no limit). Sixteen keep
     * a worker's CPU busy and its memory about 50 MiB lower under load (docs/decisions/031).
     */
    WORKER_REQUESTS_AT_ONCE: z.coerce.number().int().min(0).max(10_000).default(16),
    DATA_DIR: z.string().min(1).default('.data'),
    /**
     * A client that has not sent its request headers within this time, or its whole request (an upload) within
     * HTTP_REQUEST_TIMEOUT_MS, is answered 408 and disconnected: a slow or stalled client cannot hold a socket.
     */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),

    /** mysql://user[:password]@host:port/database. Unset: a SQLite file under DATA_DIR. */
    DATABASE_URL: z
      .string()
      .url()
      .refine((value) => value.startsWith('mysql://'), 'must be a mysql:// URL')
      .optional(),
    /** Sign each new connection with an RDS IAM auth token from the instance profile instead of a password. */
    DATABASE_IAM_AUTH: booleanFlag.default('false'),
    /** Require TLS to the database (verified against the system CAs plus the RDS bundle if given). */
    DATABASE_TLS: booleanFlag.default('false'),
    DATABASE_CA_FILE: z.string().min(1).optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    /** How long a request waits on the database before failing kindly (app/db/connection.server.ts, decision 012). */
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
    DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    DATABASE_LOCK_WAIT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(5),

    AWS_REGION: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must look like eu-west-1')
      .default('us-east-1'),
    DYNAMODB_TABLE: z.string().min(3).max(255).default('employee-metadata'),
    PHOTO_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name')
      .default('employee-photos'),
    NOTIFICATIONS_TOPIC_ARN: z
      .string()
      .regex(/^arn:aws[a-z-]*:sns:/, 'must be an SNS topic ARN')
      .optional(),
    /** Endpoint overrides, for emulators (tests, the artifact boot check). Unset on AWS. */
    DYNAMODB_ENDPOINT: httpUrl.optional(),
    S3_ENDPOINT: httpUrl.optional(),
    SNS_ENDPOINT: httpUrl.optional(),

    /**
     * Personal notices by email (docs/decisions/308). `ses`: SES v2 (the default when APP_ENV=aws); `file`:
     * `.eml` files under DATA_DIR/mail and a console line (the default locally).
     */
    MAIL_TRANSPORT: z.enum(['ses', 'file']).optional(),
    /** The sender: an address of the SES domain identity on AWS. */
    MAIL_FROM_ADDRESS: z
      .string()
      .email()
      .max(254)
      .refine((value) => !/[\s<>,;"\\]/.test(value), 'must be one plain address')
      .optional(),
    MAIL_FROM_NAME: z
      .string()
      .max(100)
      .refine((value) => !/[\p{Cc}]/u.test(value), 'must be one line of text')
      .default('XYZ People'),
    /** The SES configuration set that records bounces and complaints (the stack creates it). */
    SES_CONFIGURATION_SET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a configuration set name')
      .optional(),
    SES_ENDPOINT: httpUrl.optional(),

    PHOTO_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(15 * 1024 * 1024),
    ALLOWED_EMAIL_DOMAINS: commaList.default('xyz.example'),

    /** Seed demo data on first start (local mode only). */
    SEED_DEMO_DATA: booleanFlag.default('true'),
    DEMO_EMPLOYEE_COUNT: z.coerce.number().int().min(0).max(200_000).default(60),
    /**
     * Local mode only: how long the in-process S3 -> photo function trigger waits before it runs. On AWS, S3
     * takes a moment to deliver the event to Lambda; locally it is instant, so a small photo can be ready before
     * the page that uploaded it has loaded. The e2e suite sets it so that "processing" is always seen.
     */
    /**
     * The directory's search index (decision 007). `embedded`: one index (SQLite FTS5, kept in DATA_DIR: decision 029) in the primary
     * process, which the workers query over the cluster channel (docs/decisions/007). `opensearch`: Amazon
     * OpenSearch at OPENSEARCH_ENDPOINT, indexes named with OPENSEARCH_INDEX_PREFIX behind an alias.
     */
    SEARCH_BACKEND: z.enum(['embedded', 'opensearch']).default('embedded'),
    OPENSEARCH_ENDPOINT: httpUrl.optional(),
    OPENSEARCH_INDEX_PREFIX: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,40}$/, 'must be lower-case letters, digits, - or _ (an index name prefix)')
      .default('employees'),
    LOCAL_PHOTO_TRIGGER_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),

    /**
     * The verification workflow on AWS Step Functions (decisions 010 and 110): the stack's state machine and
     * the task queue its steps arrive on. Both or neither; without them the workflow runs in-process.
     */
    WORKFLOW_STATE_MACHINE_ARN: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/,
        'must be a Step Functions state machine ARN',
      )
      .optional(),
    WORKFLOW_TASK_QUEUE_URL: httpUrl.optional(),
    /**
     * People an identity provider creates through SCIM (docs/decisions/328-scim-provisioned-people.md):
     * `hr-approval` (the default) creates them pending, for HR to activate by hand before they can sign in;
     * `active` lets them in at once, the identity provider's assignment standing for HR's check.
     */
    SCIM_NEW_PEOPLE: z.enum(['hr-approval', 'active']).default('hr-approval'),
    /** Endpoint overrides for moto (tests). Unset on AWS. */
    WORKFLOW_SFN_ENDPOINT: httpUrl.optional(),
    WORKFLOW_SQS_ENDPOINT: httpUrl.optional(),

    /**
     * The verification workflow (decision 010). How long one wait for a new employee's photo lasts before they are
     * reminded, how many reminders before HR gets the profile without one, and how many rejected photos
     * before HR gets it anyway.
     */
    WORKFLOW_PHOTO_WAIT_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(30 * 86_400)
      .default(2 * 86_400),
    WORKFLOW_MAX_PHOTO_REMINDERS: z.coerce.number().int().min(0).max(10).default(2),
    WORKFLOW_MAX_PHOTO_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    /** HR is reminded after this many working days (Monday to Friday) without a decision; the manager is told after the second. */
    WORKFLOW_HR_REMINDER_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(2),
    WORKFLOW_MANAGER_TOLD_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(7),
    /** After the manager is told, the workflow waits this many more working days, then leaves the profile to HR by hand. */
    WORKFLOW_FINAL_WAIT_WORKING_DAYS: z.coerce.number().int().min(1).max(120).default(10),
    /** Tests and demos only: a working day lasts this many seconds and weekends are not skipped. */
    WORKFLOW_WORKING_DAY_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
    /** Local engine: how often the primary picks up starts, stops and answers written by the HTTP workers. */
    WORKFLOW_LOCAL_POLL_MS: z.coerce.number().int().min(20).max(10_000).default(250),

    /**
     * Local mode only: photo function invocations at once. On AWS each has its own Lambda; here they share the
     * machine's cores with the web server (the face check costs about a second of a core per photo).
     */
    LOCAL_PHOTO_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(1),
    /**
     * Local mode with the emulators as processes: how much lower the photo runner's scheduling priority is than
     * the stores' and the web server's (0-19, as `nice`). 15 by default: photos are background work, and pages
     * should not wait for the face model (decision 013). On AWS the function runs on cores of its own.
     */
    LOCAL_PHOTO_RUNNER_NICENESS: z.coerce.number().int().min(0).max(19).default(15),
  })
  // The face check's settings: the local runtime runs the photo function in-process, and deleting a photo on
  // AWS deletes its face from the Rekognition collection (FACE_VERIFIER, REKOGNITION_COLLECTION_ID).
  .merge(FaceCheckSettingsSchema)
  // Consent notice version and retention periods (app/config/privacy-settings.server.ts).
  .merge(PrivacySettingsSchema)
  // Sign-in with OIDC (decision 310): OIDC_PROVIDERS, OIDC_CLIENT_SECRETS_ARN, PASSWORD_SIGN_IN, LOCAL_IDP*.
  .merge(oidcEnvSchema)
  // Timeouts and tries of every AWS client (docs/decisions/012).
  .merge(AwsClientSettingsSchema)
  // Webhooks to other systems (docs/decisions/329-signed-webhooks.md).
  .merge(WebhookSettingsSchema)
  .superRefine((env, ctx) => {
    requireCollectionForRekognition(env, ctx);
    checkOidcEnv(env, ctx);
    if (env.APP_ENV === 'aws') {
      for (const name of ['DATABASE_URL', 'NOTIFICATIONS_TOPIC_ARN', 'PUBLIC_URL'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when APP_ENV=aws' });
      }
    }
    if (mailTransportOf(env) === 'ses' && !env.MAIL_FROM_ADDRESS) {
      ctx.addIssue({ code: 'custom', path: ['MAIL_FROM_ADDRESS'], message: 'is required to send email with SES' });
    }
    if (env.SEARCH_BACKEND === 'opensearch' && !env.OPENSEARCH_ENDPOINT) {
      ctx.addIssue({
        code: 'custom',
        path: ['OPENSEARCH_ENDPOINT'],
        message: 'is required when SEARCH_BACKEND=opensearch',
      });
    }
    if (Boolean(env.WORKFLOW_STATE_MACHINE_ARN) !== Boolean(env.WORKFLOW_TASK_QUEUE_URL)) {
      const missing = env.WORKFLOW_STATE_MACHINE_ARN ? 'WORKFLOW_TASK_QUEUE_URL' : 'WORKFLOW_STATE_MACHINE_ARN';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'is required with the other WORKFLOW_ variable (the workflow needs its machine and its queue)',
      });
    }
    if (env.WORKFLOW_MANAGER_TOLD_WORKING_DAYS <= env.WORKFLOW_HR_REMINDER_WORKING_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['WORKFLOW_MANAGER_TOLD_WORKING_DAYS'],
        message: 'must be more than WORKFLOW_HR_REMINDER_WORKING_DAYS (the manager is told after HR is reminded)',
      });
    }
    if (env.DATABASE_IAM_AUTH && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_IAM_AUTH'], message: 'needs DATABASE_URL' });
    }
  });

export type Env = z.infer<typeof envSchema> & { dataDir: string };

/** How personal notices leave: SES on AWS unless told otherwise, `.eml` files locally. */
export function mailTransportOf(env: Pick<Env, 'MAIL_TRANSPORT' | 'APP_ENV'>): 'ses' | 'file' {
  return env.MAIL_TRANSPORT ?? (env.APP_ENV === 'aws' ? 'ses' : 'file');
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses an environment; throws EnvError naming every bad variable. Empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'} ${issue.message}`));
  }
  return { ...result.data, dataDir: path.resolve(result.data.DATA_DIR) };
}

let cached: Env | undefined;

/** The process environment, parsed on first use and then cached. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests and scripts that set process.env before starting the platform. */
export function resetEnvCache(): void {
  cached = undefined;
}
