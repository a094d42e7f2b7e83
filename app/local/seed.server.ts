/**
 * Demo data for the local runtime: employees across departments with portrait photos that go through the
 * real pipeline, and one admin account. Deterministic (the same people every reset) and run only on an empty
 * database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Platform } from '~/platform.server';
import { countEmployees } from '~/models/employee.server';
import { setPasswordHash } from '~/auth/credentials.server';
import { hashPassword } from '~/auth/password.server';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { createEmployee, SYSTEM_ACTOR } from '~/services/employees.server';
import { inspectPhoto } from '~/services/photo-upload.server';
import { renderPortraitJpeg } from './demo-portrait.server';

export const DEMO_ADMIN = { email: 'admin@xyz.example', password: 'demo-admin-password-2026' } as const;
export const DEMO_EMPLOYEE_PASSWORD = 'demo-employee-password-2026';

const FIRST = [
  'Amara',
  'Ben',
  'Chen',
  'Dana',
  'Elif',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Luca',
  'Maya',
  'Nikhil',
  'Olga',
  'Pablo',
  'Quinn',
  'Rosa',
  'Sami',
  'Tara',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
];
const LAST = [
  'Okafor',
  'Schmidt',
  'Nakamura',
  'García',
  'Novak',
  'Haddad',
  'Lindqvist',
  'Mensah',
  'Rossi',
  'Kowalski',
  "O'Brien",
  'Fernandes',
  'Yilmaz',
  'Dubois',
  'Patel',
  'Ivanova',
  'Tanaka',
  'Moreau',
  'Silva',
  'Andersen',
  'Kim',
];
/** Per department: who heads it, who leads a team under the head, and the titles the rest take in turn. */
const DEPARTMENTS: Array<{ name: string; head: string; lead: string; titles: string[]; office: string }> = [
  {
    name: 'Engineering',
    head: 'Director of Engineering',
    lead: 'Engineering Manager',
    titles: ['Software Engineer', 'Senior Software Engineer', 'Site Reliability Engineer'],
    office: 'Berlin',
  },
  {
    name: 'People',
    head: 'Head of People',
    lead: 'People Operations Lead',
    titles: ['HR Business Partner', 'Recruiter', 'People Operations Specialist'],
    office: 'London',
  },
  {
    name: 'Finance',
    head: 'Finance Director',
    lead: 'Controller',
    titles: ['Accountant', 'Financial Analyst'],
    office: 'London',
  },
  {
    name: 'Sales',
    head: 'VP of Sales',
    lead: 'Sales Manager',
    titles: ['Account Executive', 'Sales Engineer'],
    office: 'New York',
  },
  {
    name: 'Marketing',
    head: 'Head of Marketing',
    lead: 'Marketing Manager',
    titles: ['Content Strategist', 'Product Marketing Manager', 'Designer'],
    office: 'New York',
  },
  {
    name: 'Operations',
    head: 'Head of Operations',
    lead: 'Office Manager',
    titles: ['IT Support Specialist', 'Operations Analyst'],
    office: 'Lisbon',
  },
];

/** Skills by department, plus a few anyone may have: each demo employee gets three, chosen by their index. */
const SKILLS: Record<string, string[]> = {
  Engineering: ['typescript', 'kubernetes', 'postgresql', 'react', 'aws', 'go', 'observability'],
  People: ['recruiting', 'onboarding', 'employment law', 'coaching', 'workday'],
  Finance: ['excel', 'forecasting', 'ifrs', 'sql', 'payroll'],
  Sales: ['negotiation', 'salesforce', 'enterprise sales', 'german', 'presales'],
  Marketing: ['copywriting', 'seo', 'figma', 'analytics', 'brand strategy'],
  Operations: ['itil', 'procurement', 'networking', 'sql', 'facilities'],
};
const COMMON_SKILLS = ['public speaking', 'spanish', 'mentoring', 'python'];

export function demoSkills(department: string, index: number): string[] {
  const own = SKILLS[department] ?? [];
  return [...new Set([own[index % own.length], own[(index * 3 + 1) % own.length], COMMON_SKILLS[index % 4]])];
}

export interface SeedOptions {
  count: number;
}

type Team = { head: string; lead?: string; members: number };

function managerFor(team: Team | undefined): string | undefined {
  if (!team) return undefined;
  if (!team.lead) return team.head;
  return team.members % 2 === 0 ? team.lead : team.head;
}

function titleFor(department: (typeof DEPARTMENTS)[number], team: Team | undefined): string {
  if (!team) return department.head;
  if (!team.lead) return department.lead;
  return department.titles[team.members % department.titles.length];
}

function joinTeam(teams: Map<string, Team>, department: string, employeeId: string): void {
  const team = teams.get(department);
  if (!team) teams.set(department, { head: employeeId, members: 0 });
  else if (!team.lead) team.lead = employeeId;
  else team.members += 1;
}

export async function seedDemoData(platform: Platform, options: SeedOptions): Promise<{ created: number }> {
  if ((await countEmployees(platform.db)) > 0) return { created: 0 };
  // Hashed once: scrypt is deliberately slow, and every demo employee shares one password.
  const adminHash = await hashPassword(DEMO_ADMIN.password);
  const employeeHash = await hashPassword(DEMO_EMPLOYEE_PASSWORD);
  const started = Date.now();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-'));
  // Each department: its first employee heads it, the second reports to the head and leads a team, and the
  // rest alternate between the two, so profiles show managers and direct reports at three levels.
  const teams = new Map<string, Team>();
  let created = 0;
  try {
    for (let index = 0; index < Math.max(options.count, 1); index += 1) {
      const isAdmin = index === 0;
      const department = isAdmin ? DEPARTMENTS[1] : DEPARTMENTS[index % DEPARTMENTS.length];
      const first = isAdmin ? 'Hana' : FIRST[(index * 7) % FIRST.length];
      const last = isAdmin ? 'Admin' : LAST[(index * 11) % LAST.length];
      const email = isAdmin
        ? DEMO_ADMIN.email
        : `${first}.${last}${index}`
            .toLowerCase()
            .normalize('NFKD')
            .replace(/[^a-z0-9.]/g, '') + '@xyz.example';
      const fields = employeeFieldsSchema.parse({
        firstName: first,
        lastName: last,
        workEmail: email,
        workPhone: `+44 20 7946 ${String(1000 + index).slice(-4)}`,
        jobTitle: isAdmin ? 'HR Administrator' : titleFor(department, teams.get(department.name)),
        department: department.name,
        managerId: managerFor(teams.get(department.name)) ?? '',
        officeLocation: department.office,
        startDate: `20${String(15 + (index % 10)).padStart(2, '0')}-${String(1 + (index % 12)).padStart(2, '0')}-01`,
        bio: `Works in ${department.name.toLowerCase()} at XYZ Company.`,
        skills: demoSkills(department.name, index),
        personalEmail: `${first.toLowerCase()}.home${index}@example.com`.normalize('NFKD').replace(/[^a-z0-9.@]/g, ''),
        personalPhone: `+44 7700 900${String(index).padStart(3, '0')}`,
        emergencyContactName: `${FIRST[(index * 5 + 3) % FIRST.length]} ${last}`,
        emergencyContactPhone: `+44 7700 901${String(index).padStart(3, '0')}`,
      });
      const file = path.join(directory, `${index}.jpg`);
      await renderPortraitJpeg(index, file);
      const photo = await inspectPhoto(file, fs.statSync(file).size);
      const employee = await createEmployee(platform, {
        fields,
        status: 'active',
        role: isAdmin ? 'admin' : 'employee',
        employeeNumber: `E${String(100000 + index)}`,
        photo,
        actorId: SYSTEM_ACTOR,
        source: 'seed',
        inTransaction: (transaction, created) =>
          setPasswordHash(platform.db, created.id, isAdmin ? adminHash : employeeHash, { transaction }),
      });
      if (!isAdmin) joinTeam(teams, department.name, employee.id);
      created += 1;
    }
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
  platform.log.info('demo data seeded', {
    employees: created,
    ms: Date.now() - started,
    adminEmail: DEMO_ADMIN.email,
  });
  return { created };
}
