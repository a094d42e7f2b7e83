/** The seeded organisation's shape, as benches and screenshots rely on it: 20,000 people, spans 3–12, 8–10 levels. */
import { describe, expect, it } from 'vitest';
import { planHierarchy } from './seed-hierarchy';

describe('the seeded hierarchy', () => {
  it('puts 20,000 people in one tree with spans of 3 to 12 and 8 to 10 levels, the same every time', () => {
    const { people, levels } = planHierarchy(20_000, 1);
    expect(people).toHaveLength(20_000);
    expect(levels).toBeGreaterThanOrEqual(8);
    expect(levels).toBeLessThanOrEqual(10);
    const spans = people.filter((person) => person.reports > 0).map((person) => person.reports);
    expect(Math.min(...spans)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...spans)).toBeLessThanOrEqual(12);
    expect(people.filter((person) => person.managerIndex === null)).toHaveLength(1);
    const shape = (plan: ReturnType<typeof planHierarchy>) => plan.people.map((person) => person.managerIndex);
    expect(shape(planHierarchy(20_000, 1))).toEqual(shape({ people, levels }));
  });
});
