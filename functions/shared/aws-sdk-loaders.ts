/**
 * The AWS SDK packages of the services a process rarely or never calls, imported on first use: notifications (SNS),
 * the face collection (Rekognition), the verification workflow (Step Functions, SQS), mail (SES) and secrets
 * (Secrets Manager). Imported at the top of the server bundle, they were in every worker's memory although locally
 * none of them is ever called (docs/decisions/030-rare-aws-sdks-loaded-on-first-use.md). Everywhere else these
 * packages are imported with `import type` only (the dependency rule `rare-packages-on-first-use` checks it).
 */
import { loadOnce } from './load-once';

// Marked pure so that a bundle which never calls a loader leaves it and its package out (the photo function calls
// only Rekognition's).
export const loadSnsSdk = /* @__PURE__ */ loadOnce(() => import('@aws-sdk/client-sns'));
export const loadRekognitionSdk = /* @__PURE__ */ loadOnce(() => import('@aws-sdk/client-rekognition'));
export const loadSfnSdk = /* @__PURE__ */ loadOnce(() => import('@aws-sdk/client-sfn'));
export const loadSqsSdk = /* @__PURE__ */ loadOnce(() => import('@aws-sdk/client-sqs'));
export const loadSesSdk = /* @__PURE__ */ loadOnce(() => import('@aws-sdk/client-sesv2'));
export const loadSecretsManagerSdk = /* @__PURE__ */ loadOnce(() => import('@aws-sdk/client-secrets-manager'));
