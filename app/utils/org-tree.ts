/**
 * The org chart's data as pages receive it (cards in a nested tree), and the one way a tree is built from
 * "who reports to whom" pairs. The pairs come from stored data that may be wrong (a manager loop written by an
 * import, say): the builder never follows an id twice and never goes deeper than a cap, so a drawing of bad data
 * ends. d3-hierarchy's stratify would throw on such data instead (docs/decisions/326-org-chart.md).
 * Plain TypeScript: the chart's component draws these trees.
 */

/** What a card in the chart shows: fields everyone may see only (the service gates them). */
export interface OrgCard {
  id: string;
  displayName: string;
  jobTitle: string;
  department: string;
  /** Null when empty, or when the field gate keeps the office from every employee. */
  officeLocation: string | null;
  photoId: string | null;
  /** Active direct reports. */
  reportCount: number;
  /** Where the card sits: the chain above, the person the chart is centred on, their peers and reports. */
  place: 'chain' | 'focus' | 'peer' | 'report' | 'member' | 'outside';
  /**
   * On a department's chart, a card from another department: its own department (a manager drawn outside), or
   * a member's manager elsewhere and that manager's department. The card says it in the page's language
   * (docs/decisions/341-profile-and-org-chart-in-the-readers-language.md).
   */
  elsewhere?: { department: string; manager?: string };
}

export interface OrgNode {
  card: OrgCard;
  children: OrgNode[];
  /** Children not drawn (a level's cap, or the depth cap): the card says so and links down instead. */
  hiddenChildren: number;
}

/** How deep a built tree may go; deeper people are reached by opening a card. */
export const ORG_TREE_MAX_DEPTH = 12;

/**
 * A forest from cards and their managers' ids: a card whose manager is not among them is a root. Ids seen twice
 * are kept once; people in a manager loop (reachable from no root) are drawn from one of them, named in `cut`.
 */
export function buildOrgForest(
  items: ReadonlyArray<{ card: OrgCard; managerId: string | null }>,
  maxDepth = ORG_TREE_MAX_DEPTH,
): { roots: OrgNode[]; cut: string[] } {
  const byId = new Map<string, { card: OrgCard; managerId: string | null }>();
  for (const item of items) if (!byId.has(item.card.id)) byId.set(item.card.id, item);
  const childrenOf = new Map<string, string[]>();
  for (const [id, item] of byId) {
    if (item.managerId === null || item.managerId === id || !byId.has(item.managerId)) continue;
    childrenOf.set(item.managerId, [...(childrenOf.get(item.managerId) ?? []), id]);
  }
  const placed = new Set<string>();
  const grow = (id: string, depth: number): OrgNode => {
    placed.add(id);
    const waiting = (childrenOf.get(id) ?? []).filter((child) => !placed.has(child));
    const node: OrgNode = { card: byId.get(id)!.card, children: [], hiddenChildren: 0 };
    if (depth >= maxDepth) {
      node.hiddenChildren = waiting.length;
      return node;
    }
    for (const child of waiting) {
      // A child placed meanwhile (through a loop back to it) is not drawn twice.
      if (!placed.has(child)) node.children.push(grow(child, depth + 1));
    }
    return node;
  };
  const isRoot = (item: { card: OrgCard; managerId: string | null }) =>
    item.managerId === null || item.managerId === item.card.id || !byId.has(item.managerId);
  const roots = [...byId.values()].filter(isRoot).map((item) => grow(item.card.id, 0));
  const cut: string[] = [];
  for (const id of byId.keys()) {
    if (placed.has(id)) continue;
    cut.push(id);
    roots.push(grow(id, 0));
  }
  return { roots, cut };
}

/** Every card of a forest, depth first (the order the nested list shows them). */
export function orgCards(roots: readonly OrgNode[]): OrgCard[] {
  const cards: OrgCard[] = [];
  const visit = (node: OrgNode) => {
    cards.push(node.card);
    node.children.forEach(visit);
  };
  roots.forEach(visit);
  return cards;
}
