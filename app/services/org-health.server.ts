/**
 * What is wrong with the reporting lines as stored, for HR (/admin/org-health): loops (people who end up
 * managing themselves, possible only from data written before the guard in app/services/manager-graph.server.ts
 * or by hand), active people without a manager (the top of the organisation, or not assigned yet), and active
 * people whose manager is no longer active. One read of every manager link and one pass over it, so 20,000
 * people take milliseconds and a loop cannot make it hang. Names come through the field gate.
 */
import { HR_ADMIN, gateFields } from '~/services/field-gate.server';
import { listManagerLinks, listNamedPeople, type ManagerLink } from '~/models/manager-lines.server';
import { displayNameOf } from '~/models/employee-projection.server';
import type { Platform } from '~/platform.server';

export interface ManagerLineFaults {
  /** Each loop in reporting order: every person's manager is the next one, and the last one's is the first. */
  loops: string[][];
  /** Active people with no manager. */
  withoutManager: string[];
  /**
   * The one person without a manager whose reports, all the way down, are most of the active organisation: the
   * top of it, rather than someone not yet assigned. Null when no such person stands out.
   */
  topId: string | null;
  /** Active people whose manager is not active (deactivated, or not yet approved). */
  managerNotActive: string[];
}

/** The faults among `links`, in one pass that visits every person once (loops included). */
export function findManagerLineFaults(links: readonly ManagerLink[]): ManagerLineFaults {
  const byId = new Map(links.map((link) => [link.id, link]));
  const walked = new Set<string>();
  const loops: string[][] = [];
  for (const start of links) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let current: ManagerLink | undefined = start;
    while (current && !walked.has(current.id)) {
      walked.add(current.id);
      onPath.set(current.id, path.length);
      path.push(current.id);
      current = current.managerId ? byId.get(current.managerId) : undefined;
    }
    if (current && onPath.has(current.id)) loops.push(path.slice(onPath.get(current.id)));
  }

  const active = links.filter((link) => link.status === 'active');
  const withoutManager = active.filter((link) => !link.managerId).map((link) => link.id);
  const managerNotActive = active
    .filter((link) => link.managerId && byId.get(link.managerId)?.status !== 'active')
    .map((link) => link.id);
  return { loops, withoutManager, topId: findTop(active, withoutManager), managerNotActive };
}

/** The person without a manager above more than half of the active people, counted down their active lines. */
function findTop(active: readonly ManagerLink[], withoutManager: readonly string[]): string | null {
  const reports = new Map<string, string[]>();
  for (const link of active) {
    if (!link.managerId) continue;
    const list = reports.get(link.managerId);
    if (list) list.push(link.id);
    else reports.set(link.managerId, [link.id]);
  }
  for (const rootId of withoutManager) {
    let below = 0;
    const stack = [...(reports.get(rootId) ?? [])];
    while (stack.length > 0) {
      below += 1;
      stack.push(...(reports.get(stack.pop()!) ?? []));
    }
    if (below * 2 > active.length) return rootId;
  }
  return null;
}

/** At most this many people per list on the page; the count says how many there are in all. */
export const LISTED_PER_FAULT = 200;

export interface ListedPerson {
  id: string;
  name: string;
  jobTitle: string;
  department: string;
  active: boolean;
}

export interface OrgHealth {
  top: ListedPerson | null;
  withoutManager: { count: number; people: ListedPerson[] };
  managerNotActive: { count: number; people: ListedPerson[] };
  loops: ListedPerson[][];
  activeCount: number;
}

export async function loadOrgHealth(platform: Pick<Platform, 'db' | 'fieldDefinitions'>): Promise<OrgHealth> {
  const links = await listManagerLinks(platform.db);
  const faults = findManagerLineFaults(links);
  const unassigned = faults.withoutManager.filter((id) => id !== faults.topId);
  const wanted = [
    ...(faults.topId ? [faults.topId] : []),
    ...unassigned.slice(0, LISTED_PER_FAULT),
    ...faults.managerNotActive.slice(0, LISTED_PER_FAULT),
    ...faults.loops.flat(),
  ];
  const people = new Map<string, ListedPerson>();
  for (const row of await listNamedPeople(platform.db, [...new Set(wanted)])) {
    // HR reads this page, but it shows only what names a person: the gate keeps it to those fields.
    const shown = gateFields(platform.fieldDefinitions, HR_ADMIN, {
      firstName: row.firstName,
      lastName: row.lastName,
      preferredName: row.preferredName,
      jobTitle: row.jobTitle,
      department: row.department,
    });
    people.set(row.id, {
      id: row.id,
      name: displayNameOf({
        firstName: shown.firstName ?? '',
        lastName: shown.lastName ?? '',
        preferredName: shown.preferredName ?? null,
      }),
      jobTitle: shown.jobTitle ?? '',
      department: shown.department ?? '',
      active: row.status === 'active',
    });
  }
  const listed = (ids: readonly string[]) =>
    ids.map((id) => people.get(id)).filter((person): person is ListedPerson => person !== undefined);
  return {
    top: faults.topId ? (people.get(faults.topId) ?? null) : null,
    withoutManager: { count: unassigned.length, people: listed(unassigned.slice(0, LISTED_PER_FAULT)) },
    managerNotActive: {
      count: faults.managerNotActive.length,
      people: listed(faults.managerNotActive.slice(0, LISTED_PER_FAULT)),
    },
    loops: faults.loops.map(listed),
    activeCount: links.filter((link) => link.status === 'active').length,
  };
}
