/**
 * The erasure with the directory's index on a real single-node OpenSearch (test-support/opensearch): the person
 * indexed while active leaves a document, then a removal tombstone when deactivated; the residue scan finds it
 * before, and after the job neither the document nor the tombstone is there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenSearchNode, type OpenSearchTestNode } from '@test-support/opensearch/node';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { givePersonSomethingEverywhere, localPorts, type ErasureScenario } from '@test-support/erasure-suite';
import { dispatchEvents } from '~/services/event-dispatcher.server';
import { createSubscribers } from '~/subscribers/index.server';
import { formatResidueReport, scanForResidue } from '~/services/residue-scan.server';
import { requestErasure } from '../erasure.server';
import { runErasure } from './erasure-job.server';

describe('erasure with the search index on OpenSearch', () => {
  let node: OpenSearchTestNode;
  let platform: TestPlatform;
  let scenario: ErasureScenario;
  beforeAll(async () => {
    node = await startOpenSearchNode();
    platform = await startTestPlatform({
      photoTrigger: false,
      env: {
        SEARCH_BACKEND: 'opensearch',
        OPENSEARCH_ENDPOINT: node.url,
        OPENSEARCH_INDEX_PREFIX: `erasure${Date.now()}`,
      },
    });
    scenario = await givePersonSomethingEverywhere(platform, 'opensearch');
  }, 180_000);
  afterAll(async () => {
    await platform?.close();
    await node?.stop();
  });

  it('removes the document and its tombstone from OpenSearch', async () => {
    const ports = localPorts(platform);
    const before = await scanForResidue(platform, scenario.identifiers, ports);
    expect(before.hits.filter((hit) => hit.store === 'search')).toHaveLength(1);
    const { erasureId } = await requestErasure(platform, {
      employeeId: scenario.subject.id,
      requestedBy: { kind: 'hr', employeeId: scenario.hr.id },
      reason: 'Asked to be forgotten',
    });
    expect(await runErasure(platform, erasureId, { ports })).toBe('waiting');
    await dispatchEvents(platform.db, createSubscribers(platform));
    await platform.db.sequelize.query('UPDATE erasures SET claimed_until = NULL');
    expect(await runErasure(platform, erasureId, { ports })).toBe('completed');
    const after = await scanForResidue(platform, scenario.identifiers, ports);
    console.log(`residue scan after the erasure (OpenSearch):\n${formatResidueReport(scenario.identifiers, after)}`);
    expect(after.hits).toEqual([]);
  }, 60_000);
});
