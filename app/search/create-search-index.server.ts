/**
 * This process's search index, by SEARCH_BACKEND:
 *  - `embedded`: in a server's primary process, or a lone process (a script, a test), the index itself;
 *    in an HTTP worker, a read-only client of the primary's index over the cluster channel (decision 007).
 *  - `opensearch`: the OpenSearch adapter, in every process (its cluster is the shared index).
 */
import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import type { Env } from '~/config/env.server';
import { EmbeddedSearchIndex } from './embedded-search-index.server';
import { createOpenSearchIndex } from './opensearch-index.server';
import { answerSearchCalls, RemoteSearchIndex, type Channel } from './search-index-ipc.server';
import type { SearchIndex } from './search-index.server';

export function createSearchIndex(env: Env): SearchIndex {
  if (env.SEARCH_BACKEND === 'opensearch' && env.OPENSEARCH_ENDPOINT) {
    return createOpenSearchIndex({
      endpoint: env.OPENSEARCH_ENDPOINT,
      indexPrefix: env.OPENSEARCH_INDEX_PREFIX,
      // On AWS every request is SigV4-signed with the instance role; a local node takes plain HTTP.
      aws: env.APP_ENV === 'aws' ? { region: env.AWS_REGION } : undefined,
    });
  }
  if (cluster.isWorker) return new RemoteSearchIndex(primaryChannel());
  return new EmbeddedSearchIndex({ awaitFirstBuild: true });
}

/** Where a server keeps its embedded index between starts (docs/decisions/029-embedded-index-on-disk.md). */
export const searchIndexFile = (dataDir: string) => path.join(dataDir, 'search-index.sqlite');

/**
 * A server primary's index: with the embedded backend, the one kept in DATA_DIR between starts, answering once its
 * first build or its catch-up with the database has finished; otherwise as createSearchIndex.
 */
export function createPrimarySearchIndex(env: Env): SearchIndex {
  if (env.SEARCH_BACKEND === 'opensearch' && env.OPENSEARCH_ENDPOINT) return createSearchIndex(env);
  return new EmbeddedSearchIndex({ awaitFirstBuild: true, file: searchIndexFile(env.dataDir) });
}

/** In the primary: answer every worker forked from now on from `index`. */
export function serveSearchIndexToWorkers(index: SearchIndex): () => void {
  const stops = new Set<() => void>();
  const onFork = (worker: Worker) => {
    const stop = answerSearchCalls(index, workerChannel(worker));
    stops.add(stop);
    worker.once('exit', () => {
      stop();
      stops.delete(stop);
    });
  };
  cluster.on('fork', onFork);
  return () => {
    cluster.off('fork', onFork);
    for (const stop of stops) stop();
    stops.clear();
  };
}

function primaryChannel(): Channel {
  return {
    send: (message) => {
      if (!process.send || !process.connected) throw new Error('no channel to the primary process');
      process.send(message);
    },
    onMessage: (listener) => {
      process.on('message', listener);
      return () => process.off('message', listener);
    },
  };
}

function workerChannel(worker: Worker): Channel {
  return {
    send: (message) => {
      if (worker.isConnected()) worker.send(message as never);
    },
    onMessage: (listener) => {
      worker.on('message', listener);
      return () => worker.off('message', listener);
    },
  };
}
