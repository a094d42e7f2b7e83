/**
 * The org chart's downloads: the drawn chart as PNG (sharp renders the standalone SVG the page's component
 * makes), and a team as CSV or as vCards (RFC 6350). A team file carries fields everyone may see only: name,
 * title, department, office (when everyone may see it) and the work email (app/services/org-chart.server.ts
 * gates them).
 */
import { loadSharp } from '@shared/load-sharp';
import type { TeamMember } from './org-chart.server';

/** The PNG of a standalone chart SVG (its own white background, no external images). */
export async function chartPng(svg: string): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A cell as RFC 4180 writes it; text a spreadsheet would run as a formula is kept as text (a leading '). */
function csvCell(value: string | null): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function teamCsv(team: readonly TeamMember[]): string {
  const header = ['name', 'jobTitle', 'department', 'office', 'workEmail', 'role'];
  const rows = team.map((member) => [
    member.displayName,
    member.jobTitle,
    member.department,
    member.officeLocation,
    member.workEmail,
    member.manager ? 'manager' : 'report',
  ]);
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

/** A property value as RFC 6350 §3.4 escapes it (backslash, comma, semicolon, newline). */
function vcardText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\r?\n/g, '\\n');
}

/** A content line folded at 75 octets (RFC 6350 §3.2): each continuation starts with one space. */
function folded(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const character of line) {
    const length = Buffer.byteLength(character, 'utf8');
    const limit = parts.length === 0 ? 75 : 74;
    if (size + length > limit) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += character;
    size += length;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function teamVcards(team: readonly TeamMember[], organisation: string): string {
  return team
    .map((member) =>
      [
        'BEGIN:VCARD',
        'VERSION:4.0',
        `FN:${vcardText(member.displayName)}`,
        `N:${vcardText(member.lastName)};${vcardText(member.firstName)};;;`,
        `TITLE:${vcardText(member.jobTitle)}`,
        `ORG:${vcardText(organisation)};${vcardText(member.department)}`,
        `EMAIL;TYPE=work:${vcardText(member.workEmail)}`,
        'END:VCARD',
      ]
        .map(folded)
        .join('\r\n'),
    )
    .join('\r\n')
    .concat('\r\n');
}
