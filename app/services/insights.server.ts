/**
 * HR's insights (docs/decisions/327-insights-from-history.md): the filter HR sets, parsed, and each insight's
 * numbers as a table (columns and rows), which the page draws as a chart, lists under it, and offers as CSV.
 * The numbers come from SQL aggregates (app/models/insights.server.ts).
 */
import { z } from 'zod';
import type { Database } from '~/db/database.server';
import {
  filterChoices,
  headCountByMonth,
  joinersAndLeaversByMonth,
  monthsBetween,
  organisationDepth,
  photoRefusalsByMonth,
  spansOfControl,
  verificationSteps,
  type FunnelRow,
  type InsightFilter,
} from '~/models/insights.server';
import { FACE_REJECTION_REASONS } from '@shared/faces/face-quality';
import { HR_REFUSED_REASON } from '@shared/photo-records';

export type { InsightFilter } from '~/models/insights.server';

/** Longer ranges are refused: 10 years of months is already more bars than a chart can show. */
const MAX_MONTHS = 120;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Twelve months up to this one, when HR has not chosen. */
export function defaultRange(now: Date): { from: string; to: string } {
  const to = now.toISOString().slice(0, 7);
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
  return { from, to };
}

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} is at most ${max} characters`)
    .optional()
    .transform((value) => (value ? value : undefined));

const month = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || MONTH.test(value), `${label} must be a month written as YYYY-MM`);

/** The query string of the page and of each CSV: department, office, from and to (months, `YYYY-MM`). */
export function insightFilterSchema(now: Date) {
  return z
    .object({
      department: optionalText('Department', 80),
      office: optionalText('Office', 120),
      from: month('From'),
      to: month('To'),
    })
    .transform((query): InsightFilter => {
      const range = defaultRange(now);
      return { ...query, from: query.from ?? range.from, to: query.to ?? range.to };
    })
    .refine((filter) => filter.from <= filter.to, { message: 'From must not be after To', path: ['from'] })
    .refine((filter) => monthsBetween(filter.from, filter.to).length <= MAX_MONTHS, {
      message: `The range is at most ${MAX_MONTHS} months`,
      path: ['to'],
    });
}

export type ParsedFilter = { ok: true; filter: InsightFilter } | { ok: false; message: string };

export function parseInsightFilter(searchParams: URLSearchParams, now = new Date()): ParsedFilter {
  const raw: Record<string, string> = {};
  for (const key of ['department', 'office', 'from', 'to']) {
    const value = searchParams.get(key);
    if (value !== null) raw[key] = value;
  }
  const parsed = insightFilterSchema(now).safeParse(raw);
  if (parsed.success) return { ok: true, filter: parsed.data };
  return { ok: false, message: parsed.error.issues.map((issue) => issue.message).join('. ') };
}

export interface InsightTable {
  columns: string[];
  rows: Array<Array<string | number>>;
}

export const INSIGHTS = [
  'head-count-by-department',
  'head-count-by-office',
  'joiners-and-leavers',
  'verification-funnel',
  'photo-refusals',
  'spans-of-control',
  'organisation-depth',
] as const;
export type InsightId = (typeof INSIGHTS)[number];

/** Photo refusals by the reason people were given, in the words HR reads. */
export const REFUSAL_CATEGORIES = [
  'No face',
  'Several people',
  'Too dark or blurred',
  'Not facing the camera',
  'Face too small',
  'Refused by HR',
  'Not a usable image',
] as const;

const REFUSAL_CATEGORY_OF: Record<string, (typeof REFUSAL_CATEGORIES)[number]> = {
  [FACE_REJECTION_REASONS.noFace]: 'No face',
  [FACE_REJECTION_REASONS.notAPerson]: 'No face',
  [FACE_REJECTION_REASONS.severalFaces]: 'Several people',
  [FACE_REJECTION_REASONS.darkOrBlurred]: 'Too dark or blurred',
  [FACE_REJECTION_REASONS.notFrontal]: 'Not facing the camera',
  [FACE_REJECTION_REASONS.faceTooSmall]: 'Face too small',
  [HR_REFUSED_REASON]: 'Refused by HR',
};

/** Any other reason is the photo function's: a file it could not read, too large, and so on. */
export const refusalCategory = (reason: string) => REFUSAL_CATEGORY_OF[reason] ?? 'Not a usable image';

export const FUNNEL_STEPS = ['Joined', 'Photo accepted', 'Record checks passed', 'Approved'] as const;

/** The value at quantile q (0..1) of sorted numbers, by the nearest rank; null when there are none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const HOUR = 3_600_000;
const hours = (ms: number | null) => (ms === null ? '' : Math.round((ms / HOUR) * 10) / 10);

/**
 * The funnel: how many people reached each step in order, how many stopped before the next (and of those, how
 * many are still pending), and the median and 90th percentile of the hours from the step before.
 */
export function funnelTable(people: readonly FunnelRow[]): InsightTable {
  const times = (person: FunnelRow) => [
    person.joinedAt,
    person.photoAcceptedAt,
    person.checksPassedAt,
    person.approvedAt,
  ];
  const reachedCount = FUNNEL_STEPS.map(() => 0);
  const waitingCount = FUNNEL_STEPS.map(() => 0);
  const durations: number[][] = FUNNEL_STEPS.map(() => []);
  for (const person of people) {
    const at = times(person);
    let step = 0;
    while (step < at.length && at[step] !== null) {
      reachedCount[step] += 1;
      if (step > 0) durations[step].push(Math.max(0, at[step]!.getTime() - at[step - 1]!.getTime()));
      step += 1;
    }
    if (step < at.length && person.status === 'pending') waitingCount[step - 1] += 1;
  }
  return {
    columns: [
      'step',
      'people',
      'stopped before next step',
      'of whom still pending',
      'median hours from previous step',
      '90th percentile hours from previous step',
    ],
    rows: FUNNEL_STEPS.map((step, index) => {
      const sorted = durations[index].sort((a, b) => a - b);
      const next = reachedCount[index + 1];
      return [
        step,
        reachedCount[index],
        next === undefined ? '' : reachedCount[index] - next,
        next === undefined ? '' : waitingCount[index],
        index === 0 ? '' : hours(quantile(sorted, 0.5)),
        index === 0 ? '' : hours(quantile(sorted, 0.9)),
      ];
    }),
  };
}

async function headCountTable(db: Database, filter: InsightFilter, by: 'department' | 'office'): Promise<InsightTable> {
  const counts = await headCountByMonth(db, filter, by);
  return {
    columns: ['month', by, 'active people at month end'],
    rows: counts.map((count) => [count.month, count.group || '(no office)', count.count]),
  };
}

async function joinersLeaversTable(db: Database, filter: InsightFilter): Promise<InsightTable> {
  const byMonth = new Map((await joinersAndLeaversByMonth(db, filter)).map((row) => [row.month, row]));
  return {
    columns: ['month', 'joiners', 'leavers'],
    rows: monthsBetween(filter.from, filter.to).map((month) => [
      month,
      byMonth.get(month)?.joiners ?? 0,
      byMonth.get(month)?.leavers ?? 0,
    ]),
  };
}

async function refusalsTable(db: Database, filter: InsightFilter): Promise<InsightTable> {
  const totals = new Map<string, number>();
  for (const row of await photoRefusalsByMonth(db, filter)) {
    const key = `${row.month}\u0000${refusalCategory(row.reason)}`;
    totals.set(key, (totals.get(key) ?? 0) + row.count);
  }
  const rows: InsightTable['rows'] = [];
  for (const month of monthsBetween(filter.from, filter.to)) {
    for (const category of REFUSAL_CATEGORIES) {
      const count = totals.get(`${month}\u0000${category}`);
      if (count) rows.push([month, category, count]);
    }
  }
  return { columns: ['month', 'reason', 'refused photos'], rows };
}

async function depthTable(db: Database, filter: InsightFilter): Promise<InsightTable> {
  const { levels, unplaced } = await organisationDepth(db, filter);
  const rows: InsightTable['rows'] = levels.map((level) => [level.level, level.people]);
  if (unplaced > 0) rows.push(['in a reporting loop', unplaced]);
  return { columns: ['level (1 = no manager)', 'active people'], rows };
}

/** One insight's numbers. */
export async function insightTable(db: Database, id: InsightId, filter: InsightFilter): Promise<InsightTable> {
  switch (id) {
    case 'head-count-by-department':
      return headCountTable(db, filter, 'department');
    case 'head-count-by-office':
      return headCountTable(db, filter, 'office');
    case 'joiners-and-leavers':
      return joinersLeaversTable(db, filter);
    case 'verification-funnel':
      return funnelTable(await verificationSteps(db, filter));
    case 'photo-refusals':
      return refusalsTable(db, filter);
    case 'spans-of-control': {
      const spans = await spansOfControl(db, filter);
      return {
        columns: ['direct reports', 'managers'],
        rows: spans.map((span) => [span.reports, span.managers]),
      };
    }
    case 'organisation-depth':
      return depthTable(db, filter);
  }
}

/** Every insight's numbers, one after the other (a single SQLite connection serves them in turn anyway). */
export async function allInsightTables(db: Database, filter: InsightFilter): Promise<Record<InsightId, InsightTable>> {
  const tables = {} as Record<InsightId, InsightTable>;
  for (const id of INSIGHTS) tables[id] = await insightTable(db, id, filter);
  return tables;
}

export { filterChoices };
