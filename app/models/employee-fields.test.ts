import { describe, expect, it } from 'vitest';
import { employeeFieldsSchema, skillsSchema } from './employee-fields';

describe('skills', () => {
  it('are normalised from one comma-separated field: trimmed, lower case, single spaces, no repeats', () => {
    expect(skillsSchema.parse(' Python ,  Machine   Learning,python,, C++, node.js , CI/CD ')).toEqual([
      'python',
      'machine learning',
      'c++',
      'node.js',
      'ci/cd',
    ]);
    expect(skillsSchema.parse(undefined)).toEqual([]);
    expect(skillsSchema.parse('')).toEqual([]);
  });

  it('refuse a long list, a long tag or markup, with a message a person can act on', () => {
    const problems = (value: string) => skillsSchema.safeParse(value).error?.issues.map((issue) => issue.message);
    expect(problems(Array.from({ length: 13 }, (_, i) => `skill${i}`).join(','))).toEqual(['List at most 12 skills.']);
    expect(problems('a'.repeat(33))).toEqual(['Keep each skill under 33 characters.']);
    expect(problems('<script>')?.[0]).toMatch(/letters, digits, spaces/);
  });

  it('are part of the profile fields, so forms, the import and the seed all go through them', () => {
    const fields = employeeFieldsSchema.parse({
      firstName: 'Ada',
      lastName: 'Byron',
      workEmail: 'ada@xyz.example',
      jobTitle: 'Analyst',
      department: 'Engineering',
      skills: 'Maths, Engines',
    });
    expect(fields.skills).toEqual(['maths', 'engines']);
  });
});
