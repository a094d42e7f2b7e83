/**
 * Both ways HR rejects someone (a pending profile, and the verification workflow's HR step) ask for the same
 * reason with the same words: it is sent to the person, so it may be neither blank nor longer than 500 characters.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adminActionSchema } from './admin-actions.server';

describe.each(['reject', 'workflow-reject'])('the reason HR gives for "%s"', (intent) => {
  const employeeId = randomUUID();
  const reasonError = (fields: Record<string, unknown>) => {
    const parsed = adminActionSchema.safeParse({ intent, employeeId, ...fields });
    return parsed.success ? null : parsed.error.issues.find((issue) => issue.path[0] === 'reason')?.message;
  };

  it('is required, and blank counts as missing', () => {
    expect(reasonError({})).toBe('Give the employee a reason');
    expect(reasonError({ reason: '   \n ' })).toBe('Give the employee a reason');
  });

  it('is at most 500 characters', () => {
    expect(reasonError({ reason: 'x'.repeat(501) })).toBe('Keep the reason under 500 characters');
    expect(reasonError({ reason: 'x'.repeat(500) })).toBeNull();
  });

  it('is kept without the spaces around it', () => {
    expect(adminActionSchema.parse({ intent, employeeId, reason: '  Wrong department \n' })).toMatchObject({
      reason: 'Wrong department',
    });
  });
});
