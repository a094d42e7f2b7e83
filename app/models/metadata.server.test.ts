import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { loseFirstAnswer } from '@test-support/fault-injection';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { appendActivity, getProfileExtras, listActivity, putProfileExtras } from './metadata.server';
import { metadataTable } from '@shared/metadata-table';

describe('employee metadata in DynamoDB (dynalite)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ photoTrigger: false });
  });
  afterAll(async () => platform?.close());

  it('reads the activity log newest first, a page at a time, with nothing repeated or lost', async () => {
    const store = metadataTable(platform);
    const employeeId = randomUUID();
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 23; i += 1) {
      await appendActivity(store, {
        employeeId,
        actorId: 'admin',
        action: `step.${i}`,
        at: new Date(start + i * 1000),
      });
    }
    // Another employee's entries never show up in this log.
    await appendActivity(store, { employeeId: randomUUID(), actorId: 'x', action: 'other' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listActivity(store, employeeId, { cursor, limit: 10 });
      expect(page.entries.length).toBeLessThanOrEqual(10);
      seen.push(...page.entries.map((entry) => entry.action));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => `step.${22 - i}`));
  });

  it('never overwrites an entry, even one with the same time and id', async () => {
    const store = metadataTable(platform);
    const entry = { employeeId: randomUUID(), actorId: 'a', action: 'x', eventId: randomUUID(), at: new Date() };
    await appendActivity(store, entry);
    await expect(appendActivity(store, { ...entry, action: 'tampered' })).rejects.toThrow();
    expect((await listActivity(store, entry.employeeId)).entries.map((e) => e.action)).toEqual(['x']);
  });

  it('writes an entry whose first answer was lost once, and says it is written (the SDK tried again)', async () => {
    const store = metadataTable(platform);
    const employeeId = randomUUID();
    const fault = loseFirstAnswer(store.client, 'PutItemCommand');
    try {
      await appendActivity(store, { employeeId, actorId: 'a', action: 'employee.created' });
      expect(fault.hits).toBe(1);
    } finally {
      fault.remove();
    }
    expect((await listActivity(store, employeeId)).entries.map((e) => e.action)).toEqual(['employee.created']);
  });

  it('starts from the first page when given a cursor for someone else’s log', async () => {
    const store = metadataTable(platform);
    const a = randomUUID();
    const b = randomUUID();
    for (let i = 0; i < 3; i += 1) {
      await appendActivity(store, { employeeId: a, actorId: 'x', action: `a${i}`, at: new Date(Date.now() + i) });
      await appendActivity(store, { employeeId: b, actorId: 'x', action: `b${i}`, at: new Date(Date.now() + i) });
    }
    const pageOfB = await listActivity(store, b, { limit: 1 });
    const forged = await listActivity(store, a, { cursor: pageOfB.nextCursor, limit: 5 });
    expect(forged.entries.map((entry) => entry.action)).toEqual(['a2', 'a1', 'a0']);
  });

  it('keeps profile extras, with defaults when there are none and validation on the way in', async () => {
    const store = metadataTable(platform);
    const employeeId = randomUUID();
    expect(await getProfileExtras(store, employeeId)).toEqual({ skills: [], links: [] });
    await putProfileExtras(store, employeeId, {
      pronouns: 'she/her',
      timeZone: 'Europe/Lisbon',
      skills: ['TypeScript', 'Hiring'],
      links: [{ label: 'Blog', url: 'https://example.com/blog' }],
    });
    expect(await getProfileExtras(store, employeeId)).toEqual({
      pronouns: 'she/her',
      timeZone: 'Europe/Lisbon',
      skills: ['TypeScript', 'Hiring'],
      links: [{ label: 'Blog', url: 'https://example.com/blog' }],
    });
    await expect(
      putProfileExtras(store, employeeId, { skills: [], links: [{ label: 'x', url: 'javascript:alert(1)' }] }),
    ).rejects.toThrow();
  });
});
