/**
 * The erasure survives `kill -9`: a process runs the job and is killed after some of its steps; a restarted runner
 * (the primary's, as at start) finds the erasure unfinished once the dead runner's lease has run out, resumes after
 * the last recorded step, completes it, and the residue scan finds nothing but the tombstone.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { givePersonSomethingEverywhere, localPorts, type ErasureScenario } from '@test-support/erasure-suite';
import { getErasure } from '~/models/erasures.server';
import { dispatchEvents } from '~/services/event-dispatcher.server';
import { createSubscribers } from '~/subscribers/index.server';
import { formatResidueReport, scanForResidue } from '~/services/residue-scan.server';
import { requestErasure } from '../erasure.server';
import { runErasure, startErasureRunner } from './erasure-job.server';

const CHILD = path.resolve('test-support/erasure-process.ts');
const TSX = path.resolve('node_modules/.bin/tsx');
const LEASE_MS = 1_500;

describe('an erasure killed mid-way (kill -9) and resumed', () => {
  let platform: TestPlatform;
  let scenario: ErasureScenario;
  beforeAll(async () => {
    platform = await startTestPlatform({ photoTrigger: false });
    scenario = await givePersonSomethingEverywhere(platform, 'killed');
  }, 60_000);
  afterAll(async () => platform?.close());

  it('completes after a restart from the first unrecorded step, and leaves no residue', async () => {
    const { erasureId } = await requestErasure(platform, {
      employeeId: scenario.subject.id,
      requestedBy: { kind: 'hr', employeeId: scenario.hr.id },
      reason: 'Retention period over',
    });
    const sqliteFile = (platform.db.sequelize as unknown as { options: { storage: string } }).options.storage;
    const child = spawn(TSX, [CHILD, sqliteFile, erasureId, 'metadata', String(LEASE_MS)], {
      env: {
        ...process.env,
        DATA_DIR: platform.env.dataDir,
        DYNAMODB_ENDPOINT: platform.env.DYNAMODB_ENDPOINT,
        S3_ENDPOINT: platform.env.S3_ENDPOINT,
        DYNAMODB_TABLE: platform.tableName,
        PHOTO_BUCKET: platform.bucket,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr!.on('data', (chunk) => (output += chunk));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk) => {
        output += chunk;
        if (output.includes('after metadata')) resolve();
      });
      child.once('exit', (code) =>
        reject(new Error(`the erasure process ended (${code}) before being killed:\n${output}`)),
      );
    });
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    process.kill(child.pid!, 'SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const killed = (await getErasure(platform.db, erasureId))!;
    expect(killed.state).toBe('running');
    expect(killed.stepsDone).toEqual([
      'workflow',
      'managers',
      'photos',
      'object-versions',
      'face-collection',
      'metadata',
    ]);
    // The dead runner's lease still holds: nobody else runs this erasure until it runs out.
    expect(await runErasure(platform, erasureId, { ports: localPorts(platform), leaseMs: LEASE_MS })).toBe('busy');
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 100));

    // The restarted primary: its runner resumes at once and on its timer; the dispatcher delivers employee.deleted.
    const runner = startErasureRunner(platform, { intervalMs: 200, ports: localPorts(platform) });
    const deadline = Date.now() + 30_000;
    try {
      while ((await getErasure(platform.db, erasureId))!.state !== 'completed') {
        if (Date.now() > deadline) throw new Error('the resumed erasure did not complete in 30 s');
        await dispatchEvents(platform.db, createSubscribers(platform));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await runner.stop();
    }
    const report = await scanForResidue(platform, scenario.identifiers, localPorts(platform));
    console.log(
      `residue scan after the killed and resumed erasure:\n${formatResidueReport(scenario.identifiers, report)}`,
    );
    expect(report.hits).toEqual([]);
    expect(report.tombstones).toBe(1);
  }, 90_000);
});
