/**
 * The residue scan (docs/decisions/020-erasure-as-a-durable-job.md): looks for one person in every store the
 * product writes to, and reports each place their id, an address, a whole name, the employee number, a phone
 * number or a face reference still appears. Generic where it can be, so a new table or attribute is covered with no
 * code here: every text column of every table, every DynamoDB item, every S3 object version's key and metadata,
 * the search index, the face collection and the local mail folder. After an erasure it finds nothing but the
 * tombstone (the `erasures` row, reported apart and not counted as a hit).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { SUPPRESSION_LIST_FILE } from '@shared/mail/file-mailer';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { QueryTypes } from 'sequelize';
import type { Platform } from '~/platform.server';
import { likeContaining } from '~/models/person-rows.server';
import { erasurePortsFor, type ErasurePorts } from './erasure/erasure-ports.server';
import { listStoredVersions } from './erasure/object-versions.server';
import { readMailFolder } from './erasure/mail-folder.server';
import type { PersonIdentifiers } from './erasure/person-identifiers.server';

export interface ResidueHit {
  store: 'database' | 'outbox' | 'dynamodb' | 's3' | 'search' | 'faces' | 'mail';
  /** Where: a table and column, an item key, an object key and version, a file. */
  where: string;
  /** Which identifier was found (its kind, never its value: the output may be pasted into a ticket). */
  found: string;
}

export interface ResidueReport {
  hits: ResidueHit[];
  /** The tombstone rows (erasures) that name the id: expected, not hits. */
  tombstones: number;
  /** What was searched, per store (tables, items, objects, files), for the printed summary. */
  searched: Record<string, number>;
}

/** The tables that are not about people: the migration log. */
const NOT_PERSONAL_TABLES = new Set(['SequelizeMeta']);
const TOMBSTONE_TABLE = 'erasures';
const TEXT_TYPES = /char|text|uuid|clob|json|binary|blob/i;

interface Needle {
  kind: string;
  value: string;
}

function needlesOf(person: PersonIdentifiers): Needle[] {
  const needles: Needle[] = [
    { kind: 'employee id', value: person.employeeId },
    ...person.emails.map((value) => ({ kind: 'email address', value })),
    ...person.names.map((value) => ({ kind: 'name', value })),
    ...(person.employeeNumber ? [{ kind: 'employee number', value: person.employeeNumber }] : []),
    ...(person.externalId ? [{ kind: 'identity provider id', value: person.externalId }] : []),
    ...person.phones.map((value) => ({ kind: 'phone number', value })),
    ...person.faceReferences.map((value) => ({ kind: 'face reference', value })),
  ];
  return needles.filter((needle) => needle.value.length >= 3).map((n) => ({ ...n, value: n.value.toLowerCase() }));
}

function found(text: string, needles: readonly Needle[]): Needle[] {
  const lower = text.toLowerCase();
  return needles.filter((needle) => lower.includes(needle.value));
}

export async function scanForResidue(
  platform: Platform,
  person: PersonIdentifiers,
  ports: ErasurePorts = erasurePortsFor(platform),
): Promise<ResidueReport> {
  const needles = needlesOf(person);
  const report: ResidueReport = { hits: [], tombstones: 0, searched: {} };
  await scanDatabase(platform, needles, report);
  await scanDynamo(platform, needles, report);
  await scanObjects(platform, needles, report);
  await scanSearch(platform, person, needles, report);
  await scanFaces(person, ports, report);
  await scanMail(ports, needles, report);
  return report;
}

async function scanDatabase(platform: Platform, needles: readonly Needle[], report: ResidueReport): Promise<void> {
  const { sequelize } = platform.db;
  const q = sequelize.getQueryInterface();
  const tables = ((await q.showAllTables()) as Array<string | { tableName: string }>)
    .map((table) => (typeof table === 'string' ? table : table.tableName))
    .filter((table) => !NOT_PERSONAL_TABLES.has(table) && !table.startsWith('sqlite_'));
  const mysql = platform.db.dialect !== 'sqlite';
  report.searched.tables = tables.length;
  for (const table of tables) {
    const columns = Object.entries(await q.describeTable(table))
      .filter(([, description]) => TEXT_TYPES.test(String(description.type)))
      .map(([name]) => name);
    for (const column of columns) {
      const quoted = q.quoteIdentifier(column);
      // LOWER() of a BINARY column is a no-op in MySQL: read it as text first.
      const text = mysql ? `LOWER(CONVERT(${quoted} USING utf8mb4))` : `LOWER(${quoted})`;
      for (const needle of needles) {
        const [row] = await sequelize.query<{ n: number | string }>(
          `SELECT COUNT(*) AS n FROM ${q.quoteIdentifier(table)} WHERE ${text} LIKE :pattern ESCAPE '!'`,
          { replacements: { pattern: likeContaining(needle.value) }, type: QueryTypes.SELECT },
        );
        const count = Number(row?.n ?? 0);
        if (count === 0) continue;
        if (table === TOMBSTONE_TABLE) {
          report.tombstones += count;
          continue;
        }
        report.hits.push({
          store: table === 'events' || table === 'event_deliveries' ? 'outbox' : 'database',
          where: `${table}.${column} (${count} row${count === 1 ? '' : 's'})`,
          found: needle.kind,
        });
      }
    }
  }
}

async function scanDynamo(platform: Platform, needles: readonly Needle[], report: ResidueReport): Promise<void> {
  let items = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await platform.dynamo.send(new ScanCommand({ TableName: platform.tableName, ExclusiveStartKey }));
    for (const item of page.Items ?? []) {
      items += 1;
      for (const needle of found(JSON.stringify(item), needles)) {
        report.hits.push({ store: 'dynamodb', where: `${String(item.pk)} ${String(item.sk)}`, found: needle.kind });
      }
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  report.searched.dynamodbItems = items;
}

async function scanObjects(platform: Platform, needles: readonly Needle[], report: ResidueReport): Promise<void> {
  const versions = await listStoredVersions(platform.s3, platform.bucket, '');
  report.searched.s3Versions = versions.length;
  for (const version of versions) {
    const where = `${version.key}${version.versionId ? ` (version ${version.versionId})` : ''}${version.deleteMarker ? ' delete marker' : ''}`;
    let text = version.key;
    if (!version.deleteMarker) {
      const head = await platform.s3.send(
        new HeadObjectCommand({
          Bucket: platform.bucket,
          Key: version.key,
          ...(version.versionId && version.versionId !== 'null' ? { VersionId: version.versionId } : {}),
        }),
      );
      text += JSON.stringify(head.Metadata ?? {}) + (head.ContentDisposition ?? '');
    }
    for (const needle of found(text, needles)) report.hits.push({ store: 's3', where, found: needle.kind });
  }
}

async function scanSearch(
  platform: Platform,
  person: PersonIdentifiers,
  needles: readonly Needle[],
  report: ResidueReport,
): Promise<void> {
  if (await platform.search.holds(person.employeeId)) {
    report.hits.push({ store: 'search', where: `document or tombstone ${person.employeeId}`, found: 'employee id' });
  }
  for (const text of [...person.emails, ...person.names]) {
    const result = await platform.search.search({ text, facets: {}, page: 0, pageSize: 100 });
    for (const hit of result.hits) {
      if (hit.document.id === person.employeeId) {
        report.hits.push({ store: 'search', where: `document ${hit.document.id}`, found: 'employee id' });
        continue;
      }
      for (const needle of found(JSON.stringify(hit.document), needles)) {
        report.hits.push({ store: 'search', where: `document ${hit.document.id}`, found: needle.kind });
      }
    }
  }
  report.searched.searchQueries = person.emails.length + person.names.length + 1;
}

async function scanFaces(person: PersonIdentifiers, ports: ErasurePorts, report: ResidueReport): Promise<void> {
  if (!ports.faceCollection) return;
  const faces = await ports.faceCollection.listFaceIds(person.employeeId);
  report.searched.collectionFaces = faces.length;
  for (const faceId of faces)
    report.hits.push({ store: 'faces', where: `collection face ${faceId}`, found: 'employee id' });
}

async function scanMail(ports: ErasurePorts, needles: readonly Needle[], report: ResidueReport): Promise<void> {
  if (!ports.mailDirectory) return;
  const files = await readMailFolder(ports.mailDirectory);
  report.searched.mailFiles = files.length;
  for (const mail of files) {
    for (const needle of found(mail.text, needles))
      report.hits.push({ store: 'mail', where: mail.file, found: needle.kind });
  }
  // The local stand-in for SES's suppression list holds addresses too; the erasure's mail step takes theirs out.
  const suppressionList = path.join(ports.mailDirectory, SUPPRESSION_LIST_FILE);
  const listed = await readFile(suppressionList, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  for (const needle of found(listed, needles)) {
    report.hits.push({ store: 'mail', where: suppressionList, found: needle.kind });
  }
}

/** The report as the command prints it: one line per hit, then the totals. */
export function formatResidueReport(person: PersonIdentifiers, report: ResidueReport): string {
  const lines = report.hits.map((hit) => `HIT  ${hit.store.padEnd(8)} ${hit.where}: ${hit.found}`);
  const searched = Object.entries(report.searched)
    .map(([what, n]) => `${what} ${n}`)
    .join(', ');
  lines.push(
    `searched for employee ${person.employeeId} (${person.emails.length} addresses, ${person.names.length} names, ` +
      `${person.employeeNumber ? 'employee number, ' : ''}${person.phones.length} phones, ${person.faceReferences.length} face references)`,
    `searched: ${searched}`,
    `tombstone rows (expected): ${report.tombstones}`,
    `${report.hits.length} hit${report.hits.length === 1 ? '' : 's'}`,
  );
  return lines.join('\n');
}
