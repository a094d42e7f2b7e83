/**
 * Migration 016 fills the org history from each employee's status events: every past status is a period with its
 * true dates; department and office are the ones the employee has when it runs (events never carried them).
 */
import { describe, expect, it } from 'vitest';
import { periodsOf } from './016-org-history.server';

const employee = {
  id: '00000000-0000-4000-8000-000000000001',
  department: 'Sales',
  office_location: 'Paris',
  status: 'inactive',
  created_at: '2025-01-01 09:00:00.000 +00:00',
};
const created = (status: string, at: string) => ({
  employee_id: employee.id,
  type: 'employee.created',
  body: JSON.stringify({ employee: { status, role: 'employee' } }),
  occurred_at: at,
});
const changed = (from: string, to: string, at: string) => ({
  employee_id: employee.id,
  type: 'employee.status-changed',
  body: JSON.stringify({ change: 'x', from, to }),
  occurred_at: at,
});

describe('migration 016: periods from status events', () => {
  it('gives each status its period, joined and left as the events say, in today’s department and office', () => {
    const periods = periodsOf(employee, [
      created('pending', '2025-01-01T09:00:00.000Z'),
      changed('pending', 'active', '2025-01-03T09:00:00.000Z'),
      changed('active', 'inactive', '2025-06-30T17:00:00.000Z'),
    ]);
    expect(periods).toEqual([
      expect.objectContaining({ status: 'pending', status_from: null, department: 'Sales', office_location: 'Paris' }),
      expect.objectContaining({ status: 'active', status_from: 'pending' }),
      expect.objectContaining({ status: 'inactive', status_from: 'active', valid_until: null }),
    ]);
    expect(periods.map((period) => period.valid_from.toISOString())).toEqual([
      '2025-01-01T09:00:00.000Z',
      '2025-01-03T09:00:00.000Z',
      '2025-06-30T17:00:00.000Z',
    ]);
    expect(periods[1].valid_until?.toISOString()).toBe('2025-06-30T17:00:00.000Z');
  });

  it('gives an employee without events one period from creation, in their current status', () => {
    expect(periodsOf(employee, [])).toEqual([
      expect.objectContaining({ status: 'inactive', status_from: null, valid_until: null }),
    ]);
  });
});
