/**
 * Driving the verification workflow in tests: a test platform whose local engine runs executions, new
 * employees created through the service, their photos finished as the photo function finishes them (its
 * own record functions, with the face check's verdict given: the face model itself runs in the e2e suite),
 * and the event dispatch run until something is true.
 */
import { randomUUID } from 'node:crypto';
import { claimPhotoForProcessing, markPhotoFailed, markPhotoReady } from '@shared/photo-records';
import type { FaceCheckOutcome } from '@shared/contracts/photo-record';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { getEmployee } from '~/models/employee.server';
import { createEmployee } from '~/services/employees.server';
import { dispatchEvents } from '~/services/event-dispatcher.server';
import { settlePhoto } from '~/services/photo-watcher.server';
import { createSubscribers } from '~/subscribers/index.server';
import { serveWorkflowTasks } from '~/workflow/serve-workflow-tasks.server';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';
import { startTestPlatform, type TestPlatform } from './platform';
import { stageTestPhoto } from './photos';
import type { TestDialect } from './databases';

export async function startWorkflowPlatform(
  options: { dialect?: TestDialect; env?: Record<string, string> } = {},
): Promise<TestPlatform> {
  const platform = await startTestPlatform({
    dialect: options.dialect,
    photoTrigger: false,
    env: { WORKFLOW_LOCAL_POLL_MS: '50', PUBLIC_URL: 'http://people.test', ...options.env },
  });
  serveWorkflowTasks(platform);
  return platform;
}

/** A self-registered employee (pending), with a photo still processing unless `photo: false`. */
export async function joinEmployee(
  platform: Platform,
  options: { photo?: boolean; managerId?: string; email?: string; source?: 'join' | 'admin' | 'import' } = {},
) {
  const email = options.email ?? `new-${randomUUID().slice(0, 8)}@xyz.example`;
  return createEmployee(platform, {
    fields: employeeFieldsSchema.parse({
      firstName: 'Wren',
      lastName: 'Newcomer',
      workEmail: email,
      jobTitle: 'Analyst',
      department: 'Finance',
      ...(options.managerId ? { managerId: options.managerId } : {}),
    }),
    photo: options.photo === false ? null : await stageTestPhoto(),
    source: options.source ?? 'join',
  });
}

/** Finishes the employee's pending photo as the photo function would, with this face-check verdict, and settles it. */
export async function finishPendingPhoto(
  platform: Platform,
  employeeId: string,
  outcome: FaceCheckOutcome | 'unreadable',
): Promise<string> {
  const employee = await getEmployee(platform.db, employeeId, 'private');
  const photoId = employee!.pendingPhotoId!;
  const table = metadataTable(platform);
  const claim = await claimPhotoForProcessing(table, { employeeId, photoId }, { leaseSeconds: 60 });
  if (!claim.claimed) throw new Error('the photo could not be claimed');
  const ids = { employeeId, photoId, attempt: claim.record.attempt };
  const faceCheck = { checkedBy: 'face-api' as const, checkedAt: new Date().toISOString() };
  if (outcome === 'unreadable') {
    await markPhotoFailed(table, { ...ids, reason: 'This file is not an image we can read.' });
  } else if (outcome === 'rejected') {
    await markPhotoFailed(table, {
      ...ids,
      reason: 'We could not find a face in this photo.',
      faceCheck: { ...faceCheck, outcome, reason: 'We could not find a face in this photo.' },
    });
  } else {
    await markPhotoReady(table, {
      ...ids,
      original: {},
      renditions: [],
      faceCheck: { ...faceCheck, outcome },
    } as never);
  }
  await settlePhoto(platform, { employeeId, photoId });
  return photoId;
}

/** Delivers outbox events (as the primary's dispatch loop does) until `check` holds, or fails after `timeoutMs`. */
export async function dispatchUntil<T>(
  platform: Platform,
  check: () => Promise<T | null | undefined | false>,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const subscribers = createSubscribers(platform);
  for (;;) {
    await dispatchEvents(platform.db, subscribers);
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) {
      // The warnings say which step failed and why (the test platform keeps its log lines).
      const lines = ((platform as Partial<TestPlatform>).logLines ?? []).filter((line) => line.level !== 'info');
      throw new Error(
        `timed out waiting for ${options.what ?? 'the workflow'}\n${lines
          .slice(-5)
          .map((line) => JSON.stringify(line))
          .join('\n')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
