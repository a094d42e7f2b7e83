/**
 * The primary process of one machine: prepares what the HTTP workers share, then supervises background work.
 * Locally it starts the emulators (the workers get their endpoints), migrates and seeds. Everywhere it runs
 * the event dispatch (one loop per subscriber), the local verification workflow's executions, the photo watcher, the redrive of photos whose processing never
 * happened, the orphan sweep, the erasure jobs, the retention sweep and the webhook deliveries, once per machine
 * rather than once per worker.
 */
import { getEnv, type Env } from '~/config/env.server';
import { closePlatform, createPlatform, type Platform } from '~/platform.server';
import { migrateDatabase } from '~/db/migrate.server';
import { startEventDispatch } from '~/services/event-dispatcher.server';
import { onNewEvents, relayWorkerWakeUps } from '~/services/outbox-signal.server';
import { startWakeableLoop } from '~/utils/wakeable-loop';
import { sweepOrphanedPhotos } from '~/services/orphan-sweep.server';
import { deleteExpiredJoinRequests } from '~/models/join-requests.server';
import { settleFinishedPhotos } from '~/services/photo-watcher.server';
import { redriveStuckPhotos, type RedriveMemory } from '~/services/photo-redrive.server';
import { createSubscribers } from '~/subscribers/index.server';
import { startLocalServices } from '~/local/local-services.server';
import { forgetRunningEmulators, recordRunningEmulators } from '~/local/running-emulators.server';
import { seedDemoData } from '~/local/seed.server';
import { createPrimarySearchIndex, serveSearchIndexToWorkers } from '~/search/create-search-index.server';
import { EmbeddedSearchIndex } from '~/search/embedded-search-index.server';
import { catchUpSearchIndex } from '~/services/search-catch-up.server';
import { rebuildSearchIndex, watchReindexRequests } from '~/services/search-reindex.server';
import { startLocalIdpForApp } from '~/local/local-idp-for-app.server';
import { serveWorkflowTasks } from '~/workflow/serve-workflow-tasks.server';
import { startErasureRunner } from '~/services/erasure.server';
import { startRetentionSweep } from '~/services/retention-sweep.server';
import { retentionActions } from './retention-actions.server';
import { startWebhookDelivery } from '~/services/webhooks/delivery-runner.server';
import { onceAWorkerListens } from './once-a-worker-listens.server';

export interface Primary {
  /** Variables the workers need on top of this process's environment. */
  workerEnv: Record<string, string>;
  platform: Platform;
  stop(): Promise<void>;
}

const DISPATCH_INTERVAL_MS = 1_000;
const PROMOTE_INTERVAL_MS = 1_000;
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
/** A photo still unprocessed this long after its upload lost its S3 event (processing takes about a second). */
const REDRIVE_INTERVAL_MS = 15_000;
const STUCK_AFTER_MS = 30_000;
const ERASURE_INTERVAL_MS = 5_000;
/** Should no worker ever listen (one failing at start, again and again), the index is built anyway after this. */
const SEARCH_BUILD_LATEST_MS = 30_000;

export async function startPrimary(env: Env = getEnv()): Promise<Primary> {
  let platformEnv = env;
  const workerEnv: Record<string, string> = {};
  let stopEmulators = async () => {};
  // The local photo function, when it runs in this process, wakes the photo watcher as each photo is done (set
  // once the watcher runs; a photo finished before then is settled by the watcher's first pass).
  let photoProcessed = () => {};
  if (env.APP_ENV === 'local' && (!env.DYNAMODB_ENDPOINT || !env.S3_ENDPOINT)) {
    const local = await startLocalServices(env, { onPhotoProcessed: () => photoProcessed() });
    platformEnv = local.env;
    workerEnv.DYNAMODB_ENDPOINT = local.emulators.dynamodbEndpoint;
    workerEnv.S3_ENDPOINT = local.emulators.s3Endpoint;
    // For the commands run beside the server (the residue scan): they cannot open the emulators' files themselves.
    await recordRunningEmulators(env.dataDir, {
      dynamodbEndpoint: local.emulators.dynamodbEndpoint,
      s3Endpoint: local.emulators.s3Endpoint,
    });
    stopEmulators = async () => {
      await forgetRunningEmulators(env.dataDir);
      await local.emulators.stop();
    };
  }
  let platform = createPlatform(platformEnv, { search: createPrimarySearchIndex(platformEnv) });
  const log = platform.log;
  if (env.APP_ENV === 'local') {
    const { applied } = await migrateDatabase(platform.db.sequelize);
    if (applied.length > 0) log.info('migrations applied', { applied });
    if (env.SEED_DEMO_DATA) await seedDemoData(platform, { count: env.DEMO_EMPLOYEE_COUNT });
  }
  // Local mode with no identity provider configured: the stand-in one (decision 310), for the workers' sign-in page.
  let stopIdp = async () => {};
  if (env.APP_ENV === 'local' && env.LOCAL_IDP && !env.OIDC_PROVIDERS?.length) {
    const idp = await startLocalIdpForApp(platform);
    workerEnv.OIDC_PROVIDERS = JSON.stringify(idp.providers);
    platform = { ...platform, env: { ...platform.env, OIDC_PROVIDERS: idp.providers } };
    stopIdp = idp.stop;
    log.info('local identity provider started', { issuer: idp.issuer });
  }

  // The embedded index lives here, kept in DATA_DIR between starts. Once a worker serves, the one the last run left
  // is brought in step with the database (seconds at 100,000 people) and answers from then on; when there is none
  // to trust, it is built from the database. Until either has finished it answers "unavailable" and the directory
  // uses SQL. Not at once: loading or building competes with the workers' start, which then took that much longer
  // to answer /readyz (docs/decisions/027-search-index-built-after-the-workers-listen.md,
  // docs/decisions/029-embedded-index-on-disk.md). Shared with the workers, rebuilt on `npm run search:reindex`.
  const stopSearch: Array<() => void> = [];
  if (env.SEARCH_BACKEND === 'embedded') {
    const indexPlatform = platform;
    const index = platform.search;
    const resume = async (): Promise<boolean> => {
      if (!(index instanceof EmbeddedSearchIndex)) return false;
      try {
        const result = await catchUpSearchIndex({ ...indexPlatform, search: index });
        if (result.resumed) log.info('search index resumed from disk', { reread: result.reread, ms: result.ms });
        else log.info('search index to be rebuilt', { reason: result.reason });
        return result.resumed;
      } catch (error) {
        log.error('search index catch-up failed', { error });
        return false;
      }
    };
    stopSearch.push(
      serveSearchIndexToWorkers(platform.search),
      watchReindexRequests(platform),
      onceAWorkerListens(() => {
        void resume().then((current) => {
          if (current) return;
          rebuildSearchIndex(indexPlatform)
            .then((result) => log.info('search index built', result))
            .catch((error: unknown) => log.error('search index build failed', { error }));
        });
      }, SEARCH_BUILD_LATEST_MS),
    );
  }

  // The local verification engine runs its executions here (interrupted ones resume); on AWS the primary
  // consumes the workflow's task queue and answers each step.
  const stopWorkflowTasks = serveWorkflowTasks(platform);

  // Woken as events commit, here or in a worker (decision 208); the tick is the safety net.
  const stopRelay = relayWorkerWakeUps();
  const dispatch = startEventDispatch(platform.db, createSubscribers(platform), log, {
    intervalMs: DISPATCH_INTERVAL_MS,
    wakeOn: onNewEvents,
  });
  // Erasures (docs/decisions/020-erasure-as-a-durable-job.md): unfinished ones resume now, new ones within seconds.
  const erasures = startErasureRunner(platform, { intervalMs: ERASURE_INTERVAL_MS });
  // Webhooks (docs/decisions/329-signed-webhooks.md): the rows the webhooks subscriber wrote, sent with their own retries.
  const webhooks = startWebhookDelivery(platform);
  // Woken by the local photo function as it finishes a photo; the tick is the safety net, and all there is when
  // the function runs elsewhere (the S3 emulator's process, Lambda): docs/decisions/208-how-the-app-learns-a-photo-is-done.md.
  const photoWatcher = startWakeableLoop(() => settleFinishedPhotos(platform), {
    intervalMs: PROMOTE_INTERVAL_MS,
    onError: (error) => log.error('photo watcher failed', { error }),
  });
  photoProcessed = () => photoWatcher.wake();
  const sweepTimer = setInterval(() => {
    sweepOrphanedPhotos(platform)
      .then((result) => {
        if (result.removed > 0) log.info('orphaned photos removed', result);
      })
      .catch((error: unknown) => log.error('orphan sweep failed', { error }));
    // Unused join links past their 24 hours: the address they hold goes with them (decision 318).
    deleteExpiredJoinRequests(platform.db).catch((error: unknown) =>
      log.error('deleting expired join links failed', { error }),
    );
  }, SWEEP_INTERVAL_MS);
  let redriving = false;
  const redriveMemory: RedriveMemory = new Map();
  const redriveTimer = setInterval(() => {
    if (redriving) return;
    redriving = true;
    redriveStuckPhotos(platform, { stuckAfterMs: STUCK_AFTER_MS, memory: redriveMemory })
      .then((result) => {
        if (result.redriven > 0) log.warn('unprocessed photos sent to the photo function again', result);
      })
      .catch((error: unknown) => log.error('photo redrive failed', { error }))
      .finally(() => {
        redriving = false;
      });
  }, REDRIVE_INTERVAL_MS);
  for (const timer of [sweepTimer, redriveTimer]) timer.unref();
  // Once per retention day, one instance at a time (docs/decisions/321-retention-periods-and-sweep.md).
  const retention = startRetentionSweep(platform, retentionActions(platform));

  return {
    workerEnv,
    platform,
    async stop() {
      for (const timer of [sweepTimer, redriveTimer]) clearInterval(timer);
      photoProcessed = () => {};
      await photoWatcher.stop();
      stopRelay();
      for (const stop of stopSearch) stop();
      await erasures.stop();
      await retention.stop();
      await dispatch.stop();
      await webhooks.stop();
      await stopWorkflowTasks();
      await stopIdp();
      await closePlatform(platform);
      await stopEmulators();
    },
  };
}

/** `node server.js migrate`: the ops command (and the instance's first-boot step) on AWS. */
export async function runMigrations(env: Env = getEnv()): Promise<string[]> {
  const platform = createPlatform(env);
  try {
    const { applied } = await migrateDatabase(platform.db.sequelize);
    return applied;
  } finally {
    await closePlatform(platform);
  }
}
