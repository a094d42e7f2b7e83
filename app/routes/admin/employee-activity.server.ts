/**
 * One page of an employee's activity log for the admin employee page, each entry's actor named. The actors'
 * names are read in one query for the whole page (getDisplayNames), not one per entry.
 */
import { z } from 'zod';
import { getDisplayNames } from '~/models/employee.server';
import { FORMER_EMPLOYEE_ACTOR, listActivity } from '~/models/metadata.server';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';
import { SYSTEM_ACTOR } from '~/services/employees.server';
import { WORKFLOW_ACTOR } from '~/workflow/step-answers.server';

const employeeIdSchema = z.string().uuid();

export interface NamedActivityEntry {
  id: string;
  at: string;
  /** Who acted, as HR reads it: a name, "System", "Verification workflow", or "Former employee". */
  actor: string;
  action: string;
  changedFields: string[];
  note: string | null;
}

export interface NamedActivityPage {
  entries: NamedActivityEntry[];
  nextCursor: string | null;
}

export async function listNamedActivity(
  platform: Platform,
  employeeId: string,
  options: { cursor?: string; limit: number },
): Promise<NamedActivityPage> {
  const activity = await listActivity(metadataTable(platform), employeeId, options);
  const employeeActors = [...new Set(activity.entries.map((entry) => entry.actorId))].filter(
    (actor) => employeeIdSchema.safeParse(actor).success,
  );
  const names = await getDisplayNames(platform.db, employeeActors);
  const actorName = (actorId: string) => {
    if (actorId === SYSTEM_ACTOR) return 'System';
    if (actorId === WORKFLOW_ACTOR) return 'Verification workflow';
    if (actorId === FORMER_EMPLOYEE_ACTOR) return 'A former employee';
    if (employeeIdSchema.safeParse(actorId).success) return names.get(actorId) ?? 'Former employee';
    return actorId;
  };
  return {
    entries: activity.entries.map((entry) => ({
      id: entry.eventId,
      at: entry.at,
      actor: actorName(entry.actorId),
      action: entry.action,
      changedFields: entry.changedFields,
      note: entry.note ?? null,
    })),
    nextCursor: activity.nextCursor,
  };
}
