/**
 * The org chart's views, one level at a time (docs/decisions/326-org-chart.md): centred on a person (their
 * managers up to the top, their peers, their direct reports), a department (its people and who they report to,
 * managers elsewhere included), and a team for export. Active employees only, and on every card only what the
 * field gate lets any employee see (a chart is a list of many people: app/services/field-gate.server.ts).
 */
import {
  byName,
  countOrgReports,
  getOrgPerson,
  listDepartmentLinks,
  listOrgManagerChain,
  listOrgPeopleByIds,
  listOrgReports,
  listOrgUnmanaged,
  type OrgPersonRow,
} from '~/models/org-chart.server';
import type { Platform } from '~/platform.server';
import { ANY_EMPLOYEE, visibleFieldKeys } from '~/services/field-gate.server';
import { buildOrgForest, type OrgCard, type OrgNode } from '~/utils/org-tree';

type OrgPlatform = Pick<Platform, 'db' | 'fieldDefinitions'>;

export interface OrgView {
  focus: OrgCard;
  roots: OrgNode[];
  /** The managers above, top first (the chain's links up). */
  chain: OrgCard[];
  /** The line up ended early: a manager loop in the data, or deeper than the chart follows. */
  chainCut: boolean;
  /** Peers (the person included) when more than a level shows. */
  peersTotal: number;
}

export interface DepartmentView {
  department: string;
  roots: OrgNode[];
  /** Active members in the department, and how many of them are drawn. */
  total: number;
  drawn: number;
  /** Members in a manager loop inside the department (drawn from one of them). */
  cut: number;
}

/** The most members a department's view draws; the rest are reached by opening a card. */
export const DEPARTMENT_DRAWN_LIMIT = 120;
/** How many members a department's view reads the reporting lines of (light rows) to choose whom to draw. */
const DEPARTMENT_LINKS_LIMIT = 50_000;

/** The card fields a list of many people may show (the office only when every employee may see it). */
function cardGate(platform: OrgPlatform) {
  const shown = new Set<string>(visibleFieldKeys(platform.fieldDefinitions, ANY_EMPLOYEE));
  return (
    row: OrgPersonRow,
    place: OrgCard['place'],
    reportCount: number,
    elsewhere?: OrgCard['elsewhere'],
  ): OrgCard => ({
    id: row.id,
    // The naming fields (name, title, department) are always `everyone` (checkFieldDefinitions).
    displayName: row.displayName,
    jobTitle: row.jobTitle,
    department: row.department,
    officeLocation: shown.has('officeLocation') ? row.officeLocation : null,
    photoId: row.photoId,
    reportCount,
    place,
    ...(elsewhere ? { elsewhere } : {}),
  });
}

/** The chart centred on `personId`, or null when they are not an active employee. */
export async function loadOrgView(platform: OrgPlatform, personId: string): Promise<OrgView | null> {
  const { db } = platform;
  // Two round trips: the person with the line above, then the two levels; every row comes with its report count.
  const { person: focus, managers, cut } = await listOrgManagerChain(db, personId);
  if (!focus) return null;
  const [levels, unmanaged] = await Promise.all([
    listOrgReports(db, focus.managerId ? [focus.managerId, focus.id] : [focus.id]),
    focus.managerId ? null : listOrgUnmanaged(db),
  ]);
  const chainRows = [...managers].reverse();
  const inChain = new Set([...chainRows.map((row) => row.id), focus.id]);
  const peerLevel = unmanaged ?? levels.get(focus.managerId!)!;
  // A manager loop can bring a manager back as a peer or a report: each person is drawn once.
  const peers = peerLevel.people.filter((row) => !inChain.has(row.id));
  const reportLevel = levels.get(focus.id)!;
  const reports = reportLevel.people.filter((row) => !inChain.has(row.id));
  const card = cardGate(platform);
  const focusCard = card(focus, 'focus', reportLevel.total);
  const focusNode: OrgNode = {
    card: focusCard,
    children: reports.map((row) => ({
      card: card(row, 'report', row.reportCount),
      children: [],
      hiddenChildren: row.reportCount,
    })),
    hiddenChildren: reportLevel.total - reports.length,
  };
  const peerNodes: OrgNode[] = [
    ...peers.map((row) => ({ row, node: null as OrgNode | null })),
    { row: focus, node: focusNode },
  ]
    .sort((a, b) => byName(a.row, b.row))
    .map(
      ({ row, node }) =>
        node ?? {
          card: card(row, 'peer', row.reportCount),
          children: [],
          hiddenChildren: row.reportCount,
        },
    );
  const chain = chainRows.map((row) => card(row, 'chain', row.reportCount));
  // The chain, top first, each drawn with the one report on the way down; the nearest manager with the peers.
  let level: OrgNode[] = peerNodes;
  for (let index = chain.length - 1; index >= 0; index--) {
    const drawnBelow = index === chain.length - 1 ? level.length : 1;
    level = [
      { card: chain[index], children: level, hiddenChildren: Math.max(0, chain[index].reportCount - drawnBelow) },
    ];
  }
  return { focus: focusCard, roots: level, chain, chainCut: cut, peersTotal: peerLevel.total };
}

/** A department's people and reporting lines, or null when it has no active member. */
export async function loadDepartmentView(platform: OrgPlatform, department: string): Promise<DepartmentView | null> {
  const { db } = platform;
  const links = await listDepartmentLinks(db, department, DEPARTMENT_LINKS_LIMIT);
  if (links.length === 0) return null;
  const drawnIds = chooseDrawn(links, DEPARTMENT_DRAWN_LIMIT);
  const managerOf = new Map(links.map((link) => [link.id, link.managerId]));
  const outsideIds = [
    ...new Set(
      drawnIds
        .map((id) => managerOf.get(id))
        .filter((managerId): managerId is string => !!managerId && !managerOf.has(managerId)),
    ),
  ];
  const [members, outside, counts] = await Promise.all([
    listOrgPeopleByIds(db, drawnIds),
    listOrgPeopleByIds(db, outsideIds),
    countOrgReports(db, drawnIds),
  ]);
  const outsideById = new Map(outside.map((row) => [row.id, row]));
  const card = cardGate(platform);
  const items = [
    ...outside
      .sort(byName)
      .map((row) => ({ card: card(row, 'outside', 0, { department: row.department }), managerId: null })),
    ...members.sort(byName).map((row) => {
      const elsewhere = row.managerId ? outsideById.get(row.managerId) : undefined;
      const managerElsewhere = elsewhere
        ? { manager: elsewhere.displayName, department: elsewhere.department }
        : undefined;
      return { card: card(row, 'member', counts.get(row.id) ?? 0, managerElsewhere), managerId: row.managerId };
    }),
  ];
  const { roots, cut } = buildOrgForest(items);
  markHidden(roots);
  return { department, roots, total: links.length, drawn: members.length, cut: cut.length };
}

/** The members drawn: from the department's top people down, level by level, at most `limit`. */
function chooseDrawn(links: ReadonlyArray<{ id: string; managerId: string | null }>, limit: number): string[] {
  const inDepartment = new Set(links.map((link) => link.id));
  const childrenOf = new Map<string, string[]>();
  for (const link of links) {
    if (link.managerId && inDepartment.has(link.managerId) && link.managerId !== link.id) {
      childrenOf.set(link.managerId, [...(childrenOf.get(link.managerId) ?? []), link.id]);
    }
  }
  const queue = links.filter((link) => !link.managerId || !inDepartment.has(link.managerId)).map((link) => link.id);
  const reached = new Set(queue);
  const chosen = new Set<string>();
  for (let head = 0; head < queue.length && chosen.size < limit; head++) {
    chosen.add(queue[head]);
    for (const child of childrenOf.get(queue[head]) ?? []) {
      // A manager loop would bring someone back: each member is queued once.
      if (!reached.has(child)) {
        reached.add(child);
        queue.push(child);
      }
    }
  }
  // Members in a manager loop are reachable from no top person: still drawn, while there is room.
  if (chosen.size < limit) {
    for (const link of links) if (chosen.size < limit && !reached.has(link.id)) chosen.add(link.id);
  }
  return [...chosen];
}

/** A card whose reports are not all drawn says how many are not. */
function markHidden(nodes: OrgNode[]) {
  for (const node of nodes) {
    if (node.card.place !== 'outside')
      node.hiddenChildren = Math.max(node.hiddenChildren, node.card.reportCount - node.children.length);
    markHidden(node.children);
  }
}

export interface TeamMember {
  id: string;
  displayName: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  department: string;
  officeLocation: string | null;
  workEmail: string;
  manager: boolean;
}

/** A manager and their active direct reports (the export of a team), or null when the manager is not active. */
export async function loadTeam(platform: OrgPlatform, managerId: string): Promise<TeamMember[] | null> {
  const manager = await getOrgPerson(platform.db, managerId);
  if (!manager) return null;
  const reports = (await listOrgReports(platform.db, [managerId])).get(managerId)!.people;
  const shown = new Set<string>(visibleFieldKeys(platform.fieldDefinitions, ANY_EMPLOYEE));
  return [manager, ...reports].map((row) => ({
    id: row.id,
    displayName: row.displayName,
    firstName: row.firstName,
    lastName: row.lastName,
    jobTitle: row.jobTitle,
    department: row.department,
    officeLocation: shown.has('officeLocation') ? row.officeLocation : null,
    workEmail: row.workEmail,
    manager: row.id === managerId,
  }));
}
