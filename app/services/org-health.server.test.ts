/**
 * Finding the faults in the stored reporting lines in one pass: a loop of three among a healthy tree, the top
 * told from people not assigned, and lines of 20,000 (a chain, and a chain closed into a loop) in milliseconds.
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { ManagerLink } from '~/models/manager-lines.server';
import { findManagerLineFaults } from './org-health.server';

const link = (id: string, managerId: string | null, status: ManagerLink['status'] = 'active'): ManagerLink => ({
  id,
  managerId,
  status,
});

describe('finding faults in the reporting lines', () => {
  it('finds a loop of three, the top, the unassigned and those whose manager left', () => {
    const faults = findManagerLineFaults([
      link('top', null),
      link('a', 'top'),
      link('b', 'a'),
      link('c', 'a'),
      ...['d', 'e', 'f', 'g', 'h'].map((id) => link(id, 'b')),
      link('new', null),
      link('left', 'top', 'inactive'),
      link('orphan', 'left'),
      link('x', 'z'),
      link('y', 'x'),
      link('z', 'y'),
      link('under-loop', 'x'),
    ]);
    expect(faults.loops).toEqual([['x', 'z', 'y']]);
    expect(faults.topId).toBe('top');
    expect(faults.withoutManager).toEqual(['top', 'new']);
    expect(faults.managerNotActive).toEqual(['orphan']);
  });

  it('walks 20,000 people in one chain, and the same chain closed into a loop, in well under a second', () => {
    const chain = Array.from({ length: 20_000 }, (_, index) => link(`p${index}`, index === 0 ? null : `p${index - 1}`));
    const started = performance.now();
    const open = findManagerLineFaults(chain);
    const closed = findManagerLineFaults([link('p0', 'p19999'), ...chain.slice(1)]);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(open).toMatchObject({ loops: [], topId: 'p0', withoutManager: ['p0'] });
    expect(closed.loops).toHaveLength(1);
    expect(closed.loops[0]).toHaveLength(20_000);
    expect(closed.topId).toBeNull();
  });
});
