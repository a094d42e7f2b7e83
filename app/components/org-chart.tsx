/**
 * The org chart drawn twice from one tree: a nested list of links (the chart itself for a screen reader, a
 * keyboard as an ARIA tree, a phone, and a browser without JavaScript) and an SVG picture of the same cards,
 * laid out by d3-hierarchy (./org-chart-layout.ts). The picture is hidden from assistive technology: every link
 * in it is also in the list. Rendered by the server (renderToString), and for an export as a standalone file.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useT } from '~/i18n/use-t';
import { escapeMarkup, markupElement } from '~/utils/markup';
import { photoUrl } from '~/utils/photo-url';
import type { OrgCard, OrgNode } from '~/utils/org-tree';
import {
  FULL_CARD,
  SMALL_CARD,
  layoutIndentedChart,
  layoutOrgChart,
  type CardSize,
  type OrgLayout,
} from './org-chart-layout';
import { Avatar } from './avatar';

/** The page's messages, handed to the markup written as a string (no hooks there). */
type Translate = ReturnType<typeof useT>;

export function orgChartHref(card: Pick<OrgCard, 'id'>): string {
  return `/org?person=${card.id}`;
}

/** Longer text is cut with an ellipsis: SVG text does not wrap, and a card has a fixed width. */
function fit(text: string, characters: number): string {
  return text.length > characters ? `${text.slice(0, characters - 1)}…` : text;
}

function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

/**
 * The card's last line, in the page's language: where a member's manager is (a department's chart), or how many
 * report to them. The picture is written as a string per render, never kept, so each language gets its own.
 */
function cardLine(card: OrgCard, t: Translate): string {
  if (card.elsewhere?.manager) {
    return t('org.card.reportsToElsewhere', {
      manager: card.elsewhere.manager,
      department: card.elsewhere.department,
    });
  }
  if (card.elsewhere) return t('org.card.inDepartment', { department: card.elsewhere.department });
  return t('org.card.reports', { count: card.reportCount });
}

const PLACE_FILL: Record<OrgCard['place'], string> = {
  focus: '#e8f0fc',
  chain: '#ffffff',
  peer: '#ffffff',
  report: '#ffffff',
  member: '#ffffff',
  outside: '#f6f7f9',
};

/**
 * One card of the picture as markup (app/utils/markup.ts says why a string): about a dozen elements per card.
 */
function svgCardMarkup(card: OrgCard, x: number, y: number, size: CardSize, standalone: boolean, t: Translate): string {
  const small = size === SMALL_CARD;
  const photoSize = small ? 28 : 40;
  const textX = 12 + photoSize + 10;
  const characters = 20;
  const photoY = small ? 10 : 12;
  // An exported file stands alone: the photo route needs a session, so the export shows initials.
  const photo =
    card.photoId && !standalone
      ? markupElement('image', {
          href: photoUrl({ employeeId: card.id, photoId: card.photoId }, 96, 'jpeg'),
          x: 12,
          y: photoY,
          width: photoSize,
          height: photoSize,
          'clip-path': 'url(#org-photo-clip)',
          preserveAspectRatio: 'xMidYMid slice',
        })
      : markupElement('circle', {
          cx: 12 + photoSize / 2,
          cy: photoY + photoSize / 2,
          r: photoSize / 2,
          fill: '#e8f0fc',
        }) +
        markupElement(
          'text',
          {
            x: 12 + photoSize / 2,
            y: photoY + photoSize / 2 + 4,
            'text-anchor': 'middle',
            'font-size': small ? 11 : 13,
            fill: '#184c99',
          },
          escapeMarkup(initialsOf(card.displayName)),
        );
  // The whole of what the card cuts short, as a tooltip (and in an exported file).
  const full = [
    card.displayName,
    card.jobTitle,
    card.department,
    card.officeLocation,
    card.elsewhere && cardLine(card, t),
  ]
    .filter(Boolean)
    .join(' · ');
  const line = (y: number, fontSize: number, text: string, fill = '#5a6374', fontWeight?: number) =>
    markupElement('text', { x: textX, y, 'font-size': fontSize, 'font-weight': fontWeight, fill }, escapeMarkup(text));
  const body = markupElement(
    'g',
    { transform: `translate(${x},${y})` },
    markupElement('title', {}, escapeMarkup(full)) +
      markupElement('rect', {
        width: size.width,
        height: size.height,
        rx: 8,
        fill: PLACE_FILL[card.place],
        stroke: card.place === 'focus' ? '#1f5fbf' : '#d9dde4',
        'stroke-width': card.place === 'focus' ? 2 : 1,
        'stroke-dasharray': card.place === 'outside' ? '4 3' : undefined,
      }) +
      photo +
      line(small ? 22 : 24, 13, fit(card.displayName, characters), '#1d2330', 600) +
      line(small ? 38 : 40, 12, fit(card.jobTitle, characters)) +
      (small
        ? ''
        : line(56, 11, fit([card.department, card.officeLocation].filter(Boolean).join(' · '), characters + 4)) +
          line(72, 11, fit(cardLine(card, t), characters + 4))),
  );
  if (standalone) return body;
  // Every link here is also in the list (the accessible chart): out of the tab order, hidden with the picture.
  return markupElement('a', { href: small ? `/employees/${card.id}` : orgChartHref(card), tabindex: -1 }, body);
}

/** What the picture holds: the photos' clip, the lines, then the cards. */
function pictureMarkup(layout: OrgLayout, size: CardSize, standalone: boolean, title: string, t: Translate): string {
  let markup = standalone
    ? markupElement('title', {}, escapeMarkup(title)) +
      markupElement('rect', { width: layout.width, height: layout.height, fill: '#ffffff' })
    : '';
  markup += markupElement(
    'defs',
    {},
    markupElement(
      'clipPath',
      { id: 'org-photo-clip', clipPathUnits: 'objectBoundingBox' },
      markupElement('circle', { cx: 0.5, cy: 0.5, r: 0.5 }),
    ),
  );
  for (const link of layout.links) {
    const middle = Math.round((link.from.y + link.to.y) / 2);
    const d =
      link.elbow === 'down-across'
        ? `M${link.from.x},${link.from.y}V${link.to.y}H${link.to.x}`
        : `M${link.from.x},${link.from.y}V${middle}H${link.to.x}V${link.to.y}`;
    markup += markupElement('path', {
      d,
      fill: 'none',
      stroke: '#9aa3b2',
      'stroke-dasharray': link.outside ? '4 3' : undefined,
    });
  }
  for (const placed of layout.cards) markup += svgCardMarkup(placed.card, placed.x, placed.y, size, standalone, t);
  return markup;
}

/**
 * The SVG picture. `standalone` makes a file of its own (an export): the SVG namespace, a white background, no
 * links and no photos.
 */
export function OrgChartPicture({
  roots,
  title,
  small = false,
  standalone = false,
}: {
  roots: readonly OrgNode[];
  title: string;
  small?: boolean;
  standalone?: boolean;
}) {
  const t = useT();
  const size = small ? SMALL_CARD : FULL_CARD;
  const layout = small ? layoutIndentedChart(roots, size) : layoutOrgChart(roots, size);
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      fontFamily="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
      {...(standalone ? { role: 'img', 'aria-label': title } : { 'aria-hidden': true, focusable: 'false' })}
      className="org-chart__svg"
      dangerouslySetInnerHTML={{ __html: pictureMarkup(layout, size, standalone, title, t) }}
    />
  );
}

function TreeItem({ node, level }: { node: OrgNode; level: number }) {
  const t = useT();
  const { card } = node;
  const hasChildren = node.children.length > 0;
  const details = [card.jobTitle, card.department, card.officeLocation].filter(Boolean).join(' · ');
  return (
    <li role="none">
      <a
        role="treeitem"
        href={orgChartHref(card)}
        aria-level={level}
        // Drawn reports: expanded; reports not drawn yet: collapsed, and opening the card loads them.
        aria-expanded={hasChildren ? true : node.hiddenChildren > 0 ? false : undefined}
        aria-current={card.place === 'focus' ? 'true' : undefined}
        className={`org-card org-card--${card.place}`}
        data-person={card.id}
      >
        <Avatar employeeId={card.id} photoId={card.photoId} name={card.displayName} alt="" />
        <span className="org-card__text">
          <span className="org-card__name">{card.displayName}</span>
          <span className="org-card__details">{details}</span>
          <span className="org-card__reports">{cardLine(card, t)}</span>
        </span>
      </a>
      {hasChildren ? (
        <ul role="group">
          {node.children.map((child) => (
            <TreeItem key={child.card.id} node={child} level={level + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** Arrow keys move between the tree's items (the ARIA tree pattern); Enter follows the link, as a link does. */
function moveFocus(event: KeyboardEvent<HTMLUListElement>) {
  const items = [...event.currentTarget.querySelectorAll<HTMLElement>('[role="treeitem"]')];
  const current = items.indexOf(document.activeElement as HTMLElement);
  if (current < 0) return;
  const item = items[current];
  const parentItem = item.parentElement?.parentElement?.closest('li')?.querySelector<HTMLElement>(':scope > a');
  let next: HTMLElement | undefined | null;
  switch (event.key) {
    case 'ArrowDown':
      next = items[current + 1];
      break;
    case 'ArrowUp':
      next = items[current - 1];
      break;
    case 'Home':
      next = items[0];
      break;
    case 'End':
      next = items[items.length - 1];
      break;
    case 'ArrowRight':
      if (item.getAttribute('aria-expanded') === 'true') next = items[current + 1];
      else if (item.getAttribute('aria-expanded') === 'false') item.click();
      break;
    case 'ArrowLeft':
      next = parentItem;
      break;
    default:
      return;
  }
  event.preventDefault();
  if (!next) return;
  item.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
}

/** The chart as a nested list: an ARIA tree once the page's script runs, plain links before (or without) it. */
export function OrgTree({ roots, label }: { roots: readonly OrgNode[]; label: string }) {
  const tree = useRef<HTMLUListElement>(null);
  useEffect(() => {
    // One item in the tab order (the person the chart is centred on), the rest reached by arrows.
    const items = [...(tree.current?.querySelectorAll<HTMLElement>('[role="treeitem"]') ?? [])];
    const current = items.find((item) => item.getAttribute('aria-current') === 'true') ?? items[0];
    for (const item of items) item.tabIndex = item === current ? 0 : -1;
  }, [roots]);
  return (
    <ul role="tree" aria-label={label} className="org-tree" ref={tree} onKeyDown={moveFocus}>
      {roots.map((node) => (
        <TreeItem key={node.card.id} node={node} level={1} />
      ))}
    </ul>
  );
}

/** The chart: the picture (wide screens) above the list (everywhere; the only view on a phone). */
export function OrgChart({ roots, label }: { roots: readonly OrgNode[]; label: string }) {
  const t = useT();
  return (
    <div className="org-chart">
      {/* Focusable so that a keyboard can scroll a chart wider than the screen (its links are in the list). */}
      <div className="org-chart__picture" role="region" aria-label={t('org.chart.pictureRegion')} tabIndex={0}>
        <OrgChartPicture roots={roots} title={label} />
      </div>
      <OrgTree roots={roots} label={label} />
    </div>
  );
}
