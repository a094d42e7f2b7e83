/**
 * Where each card of an org chart goes: d3-hierarchy's tidy tree (Reingold–Tilford) over the already guarded tree
 * (app/utils/org-tree.ts), so no geometry is hand-written here. Coordinates are rounded: d3 gives values such as
 * -119.00000000000001, which would make the server's and the browser's markup differ.
 */
import { hierarchy, tree } from 'd3-hierarchy';
import type { OrgCard, OrgNode } from '~/utils/org-tree';

export const CARD_WIDTH = 208;
export const CARD_HEIGHT = 88;
const GAP_X = 16;
const GAP_Y = 44;
const MARGIN = 12;

export interface PlacedCard {
  card: OrgCard;
  x: number;
  y: number;
  hiddenChildren: number;
}

export interface OrgLayout {
  width: number;
  height: number;
  cards: PlacedCard[];
  /** From the bottom middle of a manager's card to the top middle of a report's. */
  links: Array<{
    from: { x: number; y: number };
    to: { x: number; y: number };
    outside: boolean;
    /** How the line bends: down, across, down (a tidy tree); or down, then across (an indented one). */
    elbow?: 'down-across';
  }>;
}

/** A card's size: the chart's, or the profile's small chart's (name and title only). */
export interface CardSize {
  width: number;
  height: number;
}

export const FULL_CARD: CardSize = { width: CARD_WIDTH, height: CARD_HEIGHT };
export const SMALL_CARD: CardSize = { width: 200, height: 48 };
const INDENT = 24;
const ROW_GAP = 8;

/**
 * The profile's small chart: an indented tree (one card per row, each level indented), so that a manager, the
 * person and a dozen reports fit a narrow column at full size. d3-hierarchy gives the order and the depths.
 */
export function layoutIndentedChart(roots: readonly OrgNode[], size: CardSize = SMALL_CARD): OrgLayout {
  const top = hierarchy<OrgNode | { top: true; children: readonly OrgNode[] }>(
    { top: true, children: roots },
    (node) => node.children as OrgNode[],
  );
  const placed = new Map<unknown, { x: number; y: number }>();
  let row = 0;
  top.eachBefore((node) => {
    if (node.depth === 0) return;
    placed.set(node, { x: MARGIN + (node.depth - 1) * INDENT, y: MARGIN + row++ * (size.height + ROW_GAP) });
  });
  const drawn = top.descendants().filter((node) => node.depth > 0);
  if (drawn.length === 0) return { width: 0, height: 0, cards: [], links: [] };
  const cards = drawn.map((node) => {
    const data = node.data as OrgNode;
    return { card: data.card, hiddenChildren: data.hiddenChildren, ...placed.get(node)! };
  });
  // From under the manager's left edge down and across to the middle of the report's left side.
  const links = drawn
    .filter((node) => node.parent && node.parent.depth > 0)
    .map((node) => {
      const from = placed.get(node.parent)!;
      const to = placed.get(node)!;
      return {
        from: { x: from.x + INDENT / 2, y: from.y + size.height },
        to: { x: to.x, y: to.y + size.height / 2 },
        outside: false,
        elbow: 'down-across' as const,
      };
    });
  const width = Math.max(...cards.map((card) => card.x)) + size.width + MARGIN;
  const height = Math.max(...cards.map((card) => card.y)) + size.height + MARGIN;
  return { width, height, cards, links };
}

export function layoutOrgChart(roots: readonly OrgNode[], size: CardSize = FULL_CARD): OrgLayout {
  // One invisible root above the real ones, so a forest (a department, the people without a manager) is one tree.
  const top = hierarchy<OrgNode | { top: true; children: readonly OrgNode[] }>(
    { top: true, children: roots },
    (node) => node.children as OrgNode[],
  );
  tree<OrgNode | { top: true; children: readonly OrgNode[] }>()
    .nodeSize([size.width + GAP_X, size.height + GAP_Y])
    .separation((a, b) => (a.parent === b.parent ? 1 : 1.15))(top);
  const drawn = top.descendants().filter((node) => node.depth > 0);
  if (drawn.length === 0) return { width: 0, height: 0, cards: [], links: [] };
  const minX = Math.min(...drawn.map((node) => node.x!));
  const place = (node: (typeof drawn)[number]) => ({
    x: Math.round(node.x! - minX + MARGIN),
    y: Math.round((node.depth - 1) * (size.height + GAP_Y) + MARGIN),
  });
  const cards = drawn.map((node) => {
    const data = node.data as OrgNode;
    return { card: data.card, hiddenChildren: data.hiddenChildren, ...place(node) };
  });
  const links = drawn
    .filter((node) => node.parent && node.parent.depth > 0)
    .map((node) => {
      const from = place(node.parent!);
      const to = place(node);
      return {
        from: { x: from.x + size.width / 2, y: from.y + size.height },
        to: { x: to.x + size.width / 2, y: to.y },
        outside: (node.parent!.data as OrgNode).card.place === 'outside',
      };
    });
  const width = Math.max(...cards.map((card) => card.x)) + size.width + MARGIN;
  const height = Math.max(...cards.map((card) => card.y)) + size.height + MARGIN;
  return { width, height, cards, links };
}
