/**
 * Directory search that stays fast at 100,000 employees. The general query (four prefix conditions OR-ed,
 * ordered by name) leads SQLite to walk the whole name index in order, testing each row: a prefix that sorts
 * late ("sch") read ~70,000 rows per page (2.4 s under load in `npm run bench`). Here each condition gets its
 * own index range, limited to one page, and only those few rows are merged and sorted: every branch is an
 * index seek. Same results and cursor format as listDirectory (app/models/employee-admin-listing.server.ts) for one word,
 * which this could replace; raw SQL that SQLite and MySQL both accept. Without a search term it serves the
 * plain directory too: raw rows cost a fraction of Sequelize model instances (docs/decisions/306).
 *
 * A query of several words also matches a full name: "given last" (each split of the words into a given-name
 * prefix and a last-name prefix, both on the same person) and "last given" (the whole query as a prefix of
 * sort_name). Pages go both ways: `after` reads the indexes forwards, `before` reads them backwards and reverses.
 *
 * Names are in the page's language's order: by its collation's order-key column (migration 021), and the search
 * ignores accents: the last-name prefix is matched on the root order key's letters (which fold "Ö" into "O", "ñ"
 * into "n"), the given name and job title on their folded keys (docs/decisions/336-names-in-each-language-order.md).
 */
import { QueryTypes } from 'sequelize';
import type { Database } from '~/db/database.server';
import { NAME_ORDER_COLUMNS } from '~/db/name-order-columns.server';
import { foldTerm } from '~/i18n/fold-text';
import { nameOrderPrefix, type NameCollation } from '~/i18n/name-order';
import { decodeCursor, encodeCursor } from './directory-cursor.server';
import { displayNameOfColumns } from './employee-projection.server';

export interface DirectoryCard {
  id: string;
  displayName: string;
  jobTitle: string;
  department: string;
  officeLocation: string | null;
  photoId: string | null;
  workEmail: string;
  role: 'employee' | 'admin';
}

export interface DirectoryFilter {
  search?: string;
  department?: string;
  status?: 'active' | 'pending' | 'inactive';
  /** The order of names (app/i18n/name-order.ts); `root` when not given. */
  collation?: NameCollation;
}

export interface DirectorySearchPage {
  employees: DirectoryCard[];
  /** The cursor of the next page (`after`), or null on the last page. */
  nextCursor: string | null;
  /** The cursor of the previous page (`before`), or null on the first page. */
  previousCursor: string | null;
}

interface Row {
  id: string;
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  job_title: string;
  department: string;
  office_location: string | null;
  photo_id: string | null;
  work_email: string;
  role: 'employee' | 'admin';
  order_key: string;
}

type SearchKey = 'name_order' | 'given_name_key' | 'job_title_key' | 'work_email_normalized';

/** One prefix condition on one indexed key. */
interface Range {
  key: SearchKey;
  prefix: string;
}

/** One UNION branch: all its ranges hold for the same person; the first is the one its index seeks. */
type Branch = Range[];

/** The columns read, with the page's order key as `order_key` (its column a literal of NAME_ORDER_COLUMNS). */
function columnsFor(orderColumn: string): string {
  return `id, first_name, last_name, preferred_name, job_title, department, office_location, photo_id, work_email, role, ${orderColumn} AS order_key`;
}
const SINGLE_KEYS: SearchKey[] = ['name_order', 'given_name_key', 'job_title_key', 'work_email_normalized'];
/** "Mary Ann van der Berg" has four splits; a longer query is matched as a whole prefix only. */
const MAX_NAME_WORDS = 6;
/**
 * Beyond this many matches the count says "more than" instead of reading every match. Measured at 100,000
 * employees on SQLite: the plain list counts 10,001 index entries in ~1.6 ms (all 100,000: ~9.5 ms); a search
 * for "a" counts its four ranges 1,001 deep in ~9 ms (10,001 deep: ~70 ms). docs/decisions/306.
 */
export const COUNT_CAP = { list: 10_000, search: 1_000 } as const;

export interface DirectoryCount {
  /** The number of matches, at most the cap. */
  count: number;
  /** True when there are more matches than `count`. */
  more: boolean;
}

/**
 * Control characters never occur in what is searched, and a NUL cuts SQLite's copy of the statement short (the
 * replacements are inlined): a search or filter for one was a 500, found by the hostile-input suite.
 */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** The words of a search, lower-cased, however many spaces the person typed between them. */
export function searchWords(search: string | undefined): string[] {
  return (search ?? '').replace(CONTROL_CHARACTERS, ' ').toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * The branches for a search. One word: a prefix of the last name (name_order), the given name, the job title
 * or the work email. Several words: the same four with the whole phrase (a title "software eng", or "last
 * given" on name_order), plus "given last" for every split of the words, which seeks the given-name range and
 * filters the last-name range on the same rows (or the other way round, as the planner prefers: both are
 * bounded ranges of an index).
 */
function branchesFor(words: string[]): Branch[] {
  const phrase = words.join(' ');
  const branches: Branch[] = SINGLE_KEYS.map((key) => [{ key, prefix: phrase }]);
  if (words.length < 2 || words.length > MAX_NAME_WORDS) return branches;
  for (let split = 1; split < words.length; split++) {
    branches.push([
      { key: 'given_name_key', prefix: words.slice(0, split).join(' ') },
      { key: 'name_order', prefix: words.slice(split).join(' ') },
    ]);
  }
  return branches;
}

/**
 * The email branch has no status column in its index, so both planners prefer walking the name index in
 * order (which satisfies status and ORDER BY) and testing every email: pin the email index instead.
 */
function indexHint(db: Database, branch: Branch): string {
  if (branch[0].key !== 'work_email_normalized') return '';
  return db.dialect === 'mysql'
    ? ' FORCE INDEX (employees_work_email_unique)'
    : ' INDEXED BY employees_work_email_unique';
}

/** SQL and replacements for the ranges of every branch, named so that branches can share one statement. */
function rangeSql(branches: Branch[]): { conditions: string[]; replacements: Record<string, string> } {
  const replacements: Record<string, string> = {};
  const conditions = branches.map((branch, branchIndex) =>
    branch
      .map((range, rangeIndex) => {
        const name = `r${branchIndex}_${rangeIndex}`;
        // A range instead of LIKE, so that both MySQL and SQLite use the index whatever the collation. The name
        // order key's letters come first: a prefix of the name is a prefix of its key, which is ASCII ('~' follows
        // every character a key holds).
        if (range.key === 'name_order') {
          replacements[`${name}low`] = nameOrderPrefix(range.prefix, 'root');
          replacements[`${name}high`] = `${replacements[`${name}low`]}~`;
        } else {
          replacements[`${name}low`] = range.key === 'work_email_normalized' ? range.prefix : foldTerm(range.prefix);
          replacements[`${name}high`] = `${replacements[`${name}low`]}\uffff`;
        }
        return `${range.key} >= :${name}low AND ${range.key} < :${name}high`;
      })
      .join(' AND '),
  );
  return { conditions, replacements };
}

function filterConditions(filter: DirectoryFilter): string[] {
  return ['status = :status', filter.department ? 'department = :department' : null].filter(
    (condition): condition is string => Boolean(condition),
  );
}

function filterReplacements(filter: DirectoryFilter) {
  return { status: filter.status ?? 'active', department: filter.department?.replace(CONTROL_CHARACTERS, '') ?? null };
}

export async function searchDirectory(
  db: Database,
  query: DirectoryFilter & { after?: string; before?: string; limit: number },
): Promise<DirectorySearchPage> {
  const words = searchWords(query.search);
  const limit = Math.min(Math.max(query.limit, 1), 100);
  // A cursor that is not one of ours (tampered, truncated) is ignored: the list starts from the beginning.
  const after = query.after ? decodeCursor(query.after) : null;
  const before = !after && query.before ? decodeCursor(query.before) : null;
  const backwards = Boolean(before);
  const key = NAME_ORDER_COLUMNS[query.collation ?? 'root'].column;
  const columns = columnsFor(key);
  // The union's outer ORDER BY names the selected alias; each branch, the column (so its index can serve it).
  const order = backwards ? `ORDER BY ${key} DESC, id DESC` : `ORDER BY ${key}, id`;
  const outerOrder = backwards ? 'ORDER BY order_key DESC, id DESC' : 'ORDER BY order_key, id';
  const conditions = [
    ...filterConditions(query),
    after ? `(${key} > :cursorName OR (${key} = :cursorName AND id > :cursorId))` : null,
    before ? `(${key} < :cursorName OR (${key} = :cursorName AND id < :cursorId))` : null,
  ].filter(Boolean);
  const branches = words.length > 0 ? branchesFor(words) : [];
  const ranges = rangeSql(branches);
  const branchSql = branches.map(
    (branch, index) =>
      `SELECT * FROM (SELECT ${columns} FROM employees${indexHint(db, branch)} WHERE ${[...conditions, ranges.conditions[index]].join(' AND ')}` +
      ` ${order} LIMIT :take) AS b${index}`,
  );
  // Without a search term it is the plain directory: one ordered range of the name index.
  const sql =
    branches.length > 0
      ? `SELECT * FROM (${branchSql.join(' UNION ')}) AS matches ${outerOrder} LIMIT :take`
      : `SELECT ${columns} FROM employees WHERE ${conditions.join(' AND ')} ${order} LIMIT :take`;
  const rows = await db.sequelize.query<Row>(sql, {
    replacements: {
      ...ranges.replacements,
      ...filterReplacements(query),
      cursorName: (after ?? before)?.sortName ?? null,
      cursorId: (after ?? before)?.id ?? null,
      take: limit + 1,
    },
    type: QueryTypes.SELECT,
  });
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (backwards) {
    page.reverse();
    // Fewer than a page before the cursor (people left since the link was made): show the full first page.
    if (!more && page.length < limit) return searchDirectory(db, { ...query, before: undefined });
  }
  const first = page.at(0);
  const last = page.at(-1);
  return {
    employees: page.map(toCard),
    nextCursor: last && (backwards || more) ? encodeCursor(last.order_key, last.id) : null,
    previousCursor: first && (after || (backwards && more)) ? encodeCursor(first.order_key, first.id) : null,
  };
}

/**
 * How many people match, up to a cap (then `more` is set and the page says "more than"). The plain directory
 * counts a range of the (status, [department,] sort_name) index; a search counts the union of its branches'
 * ranges, each read at most cap + 1 entries deep, so the cost is bounded whatever the prefix.
 */
export async function countDirectory(db: Database, filter: DirectoryFilter): Promise<DirectoryCount> {
  const words = searchWords(filter.search);
  const conditions = filterConditions(filter);
  const branches = words.length > 0 ? branchesFor(words) : [];
  const ranges = rangeSql(branches);
  const cap = branches.length > 0 ? COUNT_CAP.search : COUNT_CAP.list;
  const idsSql =
    branches.length > 0
      ? branches
          .map(
            (branch, index) =>
              `SELECT * FROM (SELECT id FROM employees${indexHint(db, branch)} WHERE ${[...conditions, ranges.conditions[index]].join(' AND ')} LIMIT :cap) AS b${index}`,
          )
          .join(' UNION ')
      : `SELECT id FROM employees WHERE ${conditions.join(' AND ')} LIMIT :cap`;
  const [row] = await db.sequelize.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM (${idsSql}) AS matches`, {
    replacements: { ...ranges.replacements, ...filterReplacements(filter), cap: cap + 1 },
    type: QueryTypes.SELECT,
  });
  const count = Number(row?.n ?? 0);
  return { count: Math.min(count, cap), more: count > cap };
}

function toCard(row: Row): DirectoryCard {
  return {
    id: row.id,
    displayName: displayNameOfColumns(row),
    jobTitle: row.job_title,
    department: row.department,
    officeLocation: row.office_location,
    photoId: row.photo_id,
    workEmail: row.work_email,
    role: row.role,
  };
}
