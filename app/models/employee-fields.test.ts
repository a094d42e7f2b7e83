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

describe('control characters', () => {
  const base = {
    firstName: 'Ada',
    lastName: 'Byron',
    workEmail: 'ada@xyz.example',
    jobTitle: 'Analyst',
    department: 'Engineering',
  };
  const firstProblem = (fields: Record<string, string>) =>
    Object.fromEntries(
      (employeeFieldsSchema.safeParse({ ...base, ...fields }).error?.issues ?? []).map((issue) => [
        issue.path[0],
        issue.message,
      ]),
    );

  it('are refused in every text field (C0 and DEL), with the field named', () => {
    for (const control of ['\u0000', '\u0001', '\t', '\u001b', '\u007f']) {
      expect(firstProblem({ jobTitle: `Ana${control}lyst` })).toEqual({
        jobTitle: 'Job title may not contain control characters (such as a tab or an invisible character)',
      });
      expect(firstProblem({ officeLocation: `Os${control}lo` }).officeLocation).toMatch(/^Office may not contain/);
      expect(firstProblem({ emergencyContactName: `Bo${control}b` }).emergencyContactName).toMatch(
        /^Emergency contact name may not/,
      );
    }
    expect(firstProblem({ personalEmail: 'ada\u0000@home.example' }).personalEmail).toBeDefined();
  });

  it('in a textarea (the bio) leave tab and line breaks alone', () => {
    expect(firstProblem({ bio: 'Line one\r\n\tLine two\nthree' })).toEqual({});
    expect(firstProblem({ bio: 'Line\u0000one' }).bio).toMatch(/^Short bio may not contain control characters/);
  });
});
