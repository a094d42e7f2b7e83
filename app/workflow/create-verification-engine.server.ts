/**
 * This process's verification engine. The seam between the two runtimes: AWS Step Functions when
 * WORKFLOW_STATE_MACHINE_ARN is set (app/workflow/step-functions-engine.server.ts), otherwise the
 * local engine, which runs executions in the primary process (or a lone process: a script, a test) and, in
 * an HTTP worker, only writes starts, stops and answers for the primary to pick up (decision 011).
 */
import cluster from 'node:cluster';
import type { Env } from '~/config/env.server';
import type { Database } from '~/db/database.server';
import type { Logger } from '@shared/logger';
import { LocalVerificationEngine } from './local-engine.server';
import type { AwsClientSettings } from '@shared/aws-client-settings';
import { createStepFunctionsEngine } from './step-functions-engine.server';
import type { VerificationEngine } from './verification-engine.server';

export function createVerificationEngine(
  env: Pick<Env, 'WORKFLOW_LOCAL_POLL_MS' | 'WORKFLOW_STATE_MACHINE_ARN' | 'WORKFLOW_SFN_ENDPOINT' | 'AWS_REGION'> &
    AwsClientSettings,
  deps: { db: Database; log: Logger },
): VerificationEngine {
  if (env.WORKFLOW_STATE_MACHINE_ARN) {
    return createStepFunctionsEngine({
      stateMachineArn: env.WORKFLOW_STATE_MACHINE_ARN,
      region: env.AWS_REGION,
      endpoint: env.WORKFLOW_SFN_ENDPOINT,
      settings: env,
    });
  }
  return new LocalVerificationEngine({
    db: deps.db,
    log: deps.log,
    runsExecutions: !cluster.isWorker,
    pollIntervalMs: env.WORKFLOW_LOCAL_POLL_MS,
  });
}
