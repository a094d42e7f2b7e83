/**
 * Version 1 events an instance of the previous release may still write during a rolling update are read as
 * version 2, without the personal values version 2 dropped (docs/decisions/021-events-carry-ids-only.md).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { employeeEventSchema } from './employee-events';

const envelope = () => ({
  eventId: randomUUID(),
  employeeId: randomUUID(),
  occurredAt: '2026-12-07T10:00:00.000Z',
  actorId: 'system',
});

describe('employee events', () => {
  it('read a version 1 employee.created as version 2, with the status and role only', () => {
    const event = employeeEventSchema.parse({
      ...envelope(),
      type: 'employee.created',
      version: 1,
      source: 'join',
      employee: {
        employeeNumber: 'E1042',
        displayName: 'Jane Roe',
        workEmail: 'jane.roe@xyz.example',
        jobTitle: 'Engineer',
        department: 'Engineering',
        status: 'pending',
        role: 'employee',
      },
      photoId: null,
    });
    expect(event).toMatchObject({
      type: 'employee.created',
      version: 2,
      employee: { status: 'pending', role: 'employee' },
    });
    expect(JSON.stringify(event)).not.toMatch(/E1042|Jane|jane\.roe|Engineer/);
  });

  it('read a version 1 employee.status-changed as version 2, without HR’s reason', () => {
    const event = employeeEventSchema.parse({
      ...envelope(),
      type: 'employee.status-changed',
      version: 1,
      change: 'rejected',
      from: 'pending',
      to: 'inactive',
      reason: 'Jane, please use your legal name.',
    });
    expect(event).toMatchObject({ version: 2, change: 'rejected' });
    expect(JSON.stringify(event)).not.toContain('Jane');
  });

  it('drop a field a writer adds to a version 2 event (a name where none belongs)', () => {
    const written = {
      ...envelope(),
      type: 'employee.created',
      version: 2,
      source: 'join',
      employee: { status: 'pending', role: 'employee', displayName: 'Jane Roe' },
      photoId: null,
    };
    // Unknown fields are dropped, never stored: a writer cannot smuggle a value through.
    expect(JSON.stringify(employeeEventSchema.parse(written))).not.toContain('Jane');
  });
});
