/**
 * Joins at once get distinct employee numbers through the whole creation service (activity entry, row, outbox
 * event), on each dialect: the resilience harness once saw a join answer 500 when six random digits collided
 * (docs/decisions/019-employee-numbers-from-a-counter.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { TEST_DIALECTS } from '@test-support/databases';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { countEmployees } from '~/models/employee.server';
import { createEmployee } from './employees.server';

const JOINS = 2_000;
const AT_ONCE = 250;

describe.each(TEST_DIALECTS)('employee numbers for %s joins at once', (dialect) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ dialect, photoTrigger: false });
  });
  afterAll(async () => platform?.close());

  it(`gives ${JOINS} createEmployee calls distinct numbers, none failing`, async () => {
    const started = performance.now();
    const numbers: string[] = [];
    while (numbers.length < JOINS) {
      const batch = Math.min(AT_ONCE, JOINS - numbers.length);
      const created = await Promise.all(
        Array.from({ length: batch }, (_, index) =>
          createEmployee(platform, {
            fields: employeeFieldsSchema.parse({
              firstName: 'Jo',
              lastName: 'Joiner',
              workEmail: `joiner-${numbers.length + index}@xyz.example`,
              jobTitle: 'Engineer',
              department: 'Engineering',
            }),
          }),
        ),
      );
      numbers.push(...created.map((employee) => employee.employeeNumber));
    }
    const seconds = (performance.now() - started) / 1000;
    console.info(`${dialect}: ${JOINS} createEmployee calls, ${AT_ONCE} at a time, in ${seconds.toFixed(1)} s`);
    expect(new Set(numbers).size).toBe(JOINS);
    expect(numbers.every((number) => /^E\d{6}$/.test(number))).toBe(true);
    expect(await countEmployees(platform.db)).toBe(JOINS);
  }, 240_000);
});
