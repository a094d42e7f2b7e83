/**
 * The catalogue ids of the words HR's insights print (docs/decisions/334-messages-in-icu-catalogues.md): titles,
 * notes, table columns, and the fixed values some tables hold (the funnel's steps, the refusal reasons), which
 * the numbers keep in their machine form for the CSVs. Written out whole so that the catalogue check finds them.
 * Names of departments and offices are typed by people and never go through here. Browser-safe.
 */
import type { IntlShape } from 'react-intl';
import type { FUNNEL_STEPS, InsightId, REFUSAL_CATEGORIES } from './insights.server';

export const INSIGHT_TITLES: Record<InsightId, string> = {
  'head-count-by-department': 'adminInsights.title.headCountByDepartment',
  'head-count-by-office': 'adminInsights.title.headCountByOffice',
  'joiners-and-leavers': 'adminInsights.title.joinersAndLeavers',
  'verification-funnel': 'adminInsights.title.verificationFunnel',
  'photo-refusals': 'adminInsights.title.photoRefusals',
  'spans-of-control': 'adminInsights.title.spansOfControl',
  'organisation-depth': 'adminInsights.title.organisationDepth',
};

/** What each chart counts, said once under its title. */
export const INSIGHT_NOTES: Record<InsightId, string> = {
  'head-count-by-department': 'adminInsights.note.headCountByDepartment',
  'head-count-by-office': 'adminInsights.note.headCountByOffice',
  'joiners-and-leavers': 'adminInsights.note.joinersAndLeavers',
  'verification-funnel': 'adminInsights.note.verificationFunnel',
  'photo-refusals': 'adminInsights.note.photoRefusals',
  'spans-of-control': 'adminInsights.note.spansOfControl',
  'organisation-depth': 'adminInsights.note.organisationDepth',
};

/** Each table's columns, in the order app/services/insights.server.ts lists them. */
export const INSIGHT_COLUMNS: Record<InsightId, readonly string[]> = {
  'head-count-by-department': [
    'adminInsights.column.month',
    'adminInsights.column.department',
    'adminInsights.column.activeAtMonthEnd',
  ],
  'head-count-by-office': [
    'adminInsights.column.month',
    'adminInsights.column.office',
    'adminInsights.column.activeAtMonthEnd',
  ],
  'joiners-and-leavers': ['adminInsights.column.month', 'adminInsights.column.joiners', 'adminInsights.column.leavers'],
  'verification-funnel': [
    'adminInsights.column.step',
    'adminInsights.column.people',
    'adminInsights.column.stopped',
    'adminInsights.column.stillPending',
    'adminInsights.column.medianHours',
    'adminInsights.column.p90Hours',
  ],
  'photo-refusals': ['adminInsights.column.month', 'adminInsights.column.reason', 'adminInsights.column.refusedPhotos'],
  'spans-of-control': ['adminInsights.column.directReports', 'adminInsights.column.managers'],
  'organisation-depth': ['adminInsights.column.level', 'adminInsights.column.activePeople'],
};

export const FUNNEL_STEP_WORDS: Record<(typeof FUNNEL_STEPS)[number], string> = {
  Joined: 'adminInsights.step.joined',
  'Photo accepted': 'adminInsights.step.photoAccepted',
  'Record checks passed': 'adminInsights.step.recordChecksPassed',
  Approved: 'adminInsights.step.approved',
};

export const REFUSAL_WORDS: Record<(typeof REFUSAL_CATEGORIES)[number], string> = {
  'No face': 'adminInsights.refusal.noFace',
  'Several people': 'adminInsights.refusal.severalPeople',
  'Too dark or blurred': 'adminInsights.refusal.tooDarkOrBlurred',
  'Not facing the camera': 'adminInsights.refusal.notFacingCamera',
  'Face too small': 'adminInsights.refusal.faceTooSmall',
  'Refused by HR': 'adminInsights.refusal.refusedByHr',
  'Not a usable image': 'adminInsights.refusal.notUsable',
};

/**
 * The catalogue id of a fixed word in a table's cell (app/services/insights.server.ts puts them in known columns
 * only), or null for data: a month, a number, a department's name (which may well be "Approved").
 */
export function cellWordId(id: InsightId, column: number, cell: string | number): string | null {
  if (typeof cell !== 'string') return null;
  const words: Record<string, string> | null =
    id === 'verification-funnel' && column === 0
      ? FUNNEL_STEP_WORDS
      : id === 'photo-refusals' && column === 1
        ? REFUSAL_WORDS
        : id.startsWith('head-count') && column === 1
          ? { '(no office)': 'adminInsights.cell.noOffice' }
          : id === 'organisation-depth' && column === 0
            ? { 'in a reporting loop': 'adminInsights.cell.inLoop' }
            : null;
  return words && Object.hasOwn(words, cell) ? words[cell] : null;
}

const FILTER_FIELDS: Record<string, string> = { Department: 'department', Office: 'office', From: 'from', To: 'to' };

/**
 * The filter's complaints (parseInsightFilter in app/services/insights.server.ts words them in English, joined by
 * ". ") in the viewer's language; one not recognised stays as worded.
 */
export function wordFilterError(intl: IntlShape, message: string): string {
  return message
    .split('. ')
    .map((part) => {
      const tooLong = /^(Department|Office) is at most (\d+) characters$/.exec(part);
      if (tooLong) {
        return intl.formatMessage(
          { id: 'adminInsights.error.tooLong' },
          { field: FILTER_FIELDS[tooLong[1]], max: Number(tooLong[2]) },
        );
      }
      const month = /^(From|To) must be a month written as YYYY-MM$/.exec(part);
      if (month) return intl.formatMessage({ id: 'adminInsights.error.month' }, { field: FILTER_FIELDS[month[1]] });
      if (part === 'From must not be after To') return intl.formatMessage({ id: 'adminInsights.error.order' });
      const range = /^The range is at most (\d+) months$/.exec(part);
      if (range) return intl.formatMessage({ id: 'adminInsights.error.range' }, { max: Number(range[1]) });
      return part;
    })
    .join('. ');
}
