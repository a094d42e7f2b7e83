/**
 * Signposts that lead nowhere: a repository path named in a comment or in Markdown text (code spans, prose) that does
 * not exist, a Markdown heading anchor (`docs/architecture.md#the-event-seam`) that is not there, a "decision NNN"
 * with no record in docs/decisions/, and a comment that sends the reader to "issue N", which no one reading the
 * repository can open. Markdown links are remark-validate-links' job (scripts/signposts/markdown-links.ts).
 *
 * Kept out on purpose: globs and placeholders (`app/routes/*.test.ts`, `functions/<name>/`, `docs/decisions/NNN-x.md`),
 * paths inside URLs, and "issue N" in Markdown (a decision record may say which issue asked for it).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { commentSyntaxOf, extractComments, lineAt } from './comments';

export interface Signpost {
  /** Repository-relative path of the file that holds the signpost. */
  file: string;
  line: number;
  problem: string;
}

/** Directories that are installed, generated or local-only, never the repository's own text. */
export const SKIPPED_DIRECTORIES = new Set([
  '.git',
  'node_modules',
  '.venv',
  '.tmp',
  '.data',
  '.cache',
  'build',
  'dist',
  'test-results',
  'playwright-report',
]);

/** Where a path in the text starts: a top-level folder of the repository or an import alias (tsconfig.json). */
const ALIASES: Record<string, string> = { '~': 'app', '@shared': 'functions/shared', '@test-support': 'test-support' };
const TOP_LEVEL = ['docs', 'app', 'functions', 'cloudformation', 'scripts', 'test-support', 'e2e', 'patches', '.ci'];
const PATH_PATTERN = new RegExp(
  String.raw`(?<![\w.\/@~$-])(~|@shared|@test-support|` +
    TOP_LEVEL.map((name) => name.replace('.', '\\.')).join('|') +
    String.raw`)\/([\w.$\[\]\/-]*)(#[\w-]+)?`,
  'g',
);
const RELATIVE_PATH_PATTERN = /(?<![\w.\/@~$-])(\.\.?\/[\w.$\[\]\/-]+)(#[\w-]+)?/g;
/** A path followed by one of these is a glob or a placeholder, not a file (`*.test.ts`, `<name>`, `{a,b}`). */
const PLACEHOLDER_NEXT = new Set(['*', '<', '{', '?', '%']);
const PLACEHOLDER_SEGMENT = /^(N{2,}|X{3,})/;
/** How an import resolves a module name (`app/services/photo-view` is app/services/photo-view.server.ts). */
const RESOLVED_EXTENSIONS = [
  '',
  '.ts',
  '.tsx',
  '.server.ts',
  '.server.tsx',
  '.js',
  '.mjs',
  '.cjs',
  '.d.ts',
  '/index.ts',
];

const ISSUE_PATTERN = /\bissues?\s+#?\d+(?:\s+#\d+)?/gi;
const DECISION_PATTERN = /\bdecisions?\s+(\d{3}(?:(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*\/\s*)\d{3})*)\b/gi;

/** Every broken signpost in the repository at `root`, in file and line order. */
export function findBrokenSignposts(root: string): Signpost[] {
  const files = listFiles(root);
  const repo = new Repository(root, files);
  const found: Signpost[] = [];
  for (const file of files) {
    const extension = extensionOf(file);
    if (extension === 'md') {
      found.push(...checkMarkdown(repo, file, readFileSync(path.join(root, file), 'utf8')));
      continue;
    }
    const syntax = commentSyntaxOf(extension);
    if (!syntax) continue;
    const text = readFileSync(path.join(root, file), 'utf8');
    if (extension === '' && !text.startsWith('#!')) continue;
    for (const comment of extractComments(text, extension)) {
      found.push(...checkText(repo, file, comment.text, comment.line, { issues: true, relativePaths: true }));
    }
  }
  return found;
}

export function formatSignposts(signposts: Signpost[]): string {
  return signposts.map(({ file, line, problem }) => `${file}:${line}: ${problem}`).join('\n');
}

function checkMarkdown(repo: Repository, file: string, text: string): Signpost[] {
  // Link targets are remark-validate-links' to check; blank them (same length, so lines stay put).
  const blanked = text
    .replace(/\]\([^)\s]*(?:\s+"[^"]*")?\)/g, (target) => ' '.repeat(target.length))
    .replace(/^\s*\[[^\]]+\]:\s*\S+.*$/gm, (definition) => ' '.repeat(definition.length));
  return checkText(repo, file, blanked, 1, { issues: false, relativePaths: false });
}

function checkText(
  repo: Repository,
  file: string,
  text: string,
  firstLine: number,
  { issues, relativePaths }: { issues: boolean; relativePaths: boolean },
): Signpost[] {
  const found: Signpost[] = [];
  const at = (offset: number) => firstLine + lineAt(text, offset) - 1;

  for (const match of text.matchAll(PATH_PATTERN)) {
    const next = text[match.index + match[0].length] ?? '';
    if (PLACEHOLDER_NEXT.has(next)) continue;
    const named = trimPunctuation(`${match[1]}/${match[2]}`);
    if (!looksLikeAPath(named)) continue;
    const decision = /^docs\/decisions\/(\d{3})$/.exec(named)?.[1];
    const problem = decision
      ? repo.decisionExists(decision)
        ? undefined
        : `${named}: no docs/decisions/${decision}-*.md`
      : repo.problemWith(named, resolveAlias(named), match[3]);
    if (problem) found.push({ file, line: at(match.index), problem });
  }

  if (relativePaths) {
    // A path relative to the folder of the file that names it (`./<file>`, `../<folder>/<file>`).
    for (const match of text.matchAll(RELATIVE_PATH_PATTERN)) {
      const next = text[match.index + match[0].length] ?? '';
      if (PLACEHOLDER_NEXT.has(next)) continue;
      const named = trimPunctuation(match[1]);
      const relative = path.posix.normalize(path.posix.join(path.posix.dirname(file), named));
      const problem = repo.problemWith(named, relative, match[2]);
      if (problem)
        found.push({ file, line: at(match.index), problem: problem.replace(named, `${named} (${relative})`) });
    }
  }

  for (const match of text.matchAll(DECISION_PATTERN)) {
    for (const number of match[1].match(/\d{3}/g) ?? []) {
      if (!repo.decisionExists(number)) {
        found.push({ file, line: at(match.index), problem: `"${match[0]}": no docs/decisions/${number}-*.md` });
      }
    }
  }

  if (issues) {
    for (const match of text.matchAll(ISSUE_PATTERN)) {
      found.push({
        file,
        line: at(match.index),
        problem:
          `"${match[0]}": readers of the repository cannot open issues; name the decision record ` +
          `(docs/decisions/NNN-*.md) or say in a few words what it was about`,
      });
    }
  }
  return found;
}

/**
 * Placeholders (`docs/decisions/NNN-title.md`), home directories (`~/.m2`), generated output that is not committed
 * (`cloudformation/dist/main.yaml`) and two-word phrases with a slash ("app/ceiling" in a table) are not signposts.
 * A name with neither an extension nor a trailing slash counts from three segments (`app/services/photo-view`).
 */
function looksLikeAPath(named: string): boolean {
  const segments = named.split('/');
  if (segments.some((segment) => PLACEHOLDER_SEGMENT.test(segment) || SKIPPED_DIRECTORIES.has(segment))) return false;
  if (segments[0] in ALIASES) return /^[\w$]/.test(segments[1] ?? '');
  const last = segments[segments.length - 1];
  return last === '' || last.includes('.') || segments.length >= 3;
}

function resolveAlias(named: string): string {
  const [head, ...rest] = named.split('/');
  return path.posix.normalize([ALIASES[head] ?? head, ...rest].join('/'));
}

/** A path at the end of a sentence or inside brackets: the full stop or the closing bracket is not part of it. */
function trimPunctuation(named: string): string {
  let result = named;
  for (;;) {
    if (/[.,-]$/.test(result) && !result.endsWith('/.')) result = result.slice(0, -1);
    else if (result.endsWith(']') && count(result, '[') < count(result, ']')) result = result.slice(0, -1);
    else return result;
  }
}

class Repository {
  private readonly byBasename = new Map<string, string[]>();
  private readonly decisions: string[];
  private readonly headings = new Map<string, Set<string>>();

  constructor(
    private readonly root: string,
    files: string[],
  ) {
    for (const file of files) {
      for (const key of new Set([path.basename(file), moduleName(file)])) {
        const list = this.byBasename.get(key) ?? [];
        list.push(file);
        this.byBasename.set(key, list);
      }
    }
    this.decisions = files.filter((file) => file.startsWith('docs/decisions/')).map((file) => path.basename(file));
  }

  decisionExists(number: string): boolean {
    return this.decisions.some((name) => name.startsWith(`${number}-`));
  }

  /** Why the named path (with an optional #anchor) leads nowhere, or undefined when it exists. */
  problemWith(named: string, relative: string, anchor: string | undefined): string | undefined {
    const escapes = relative.startsWith('..');
    const resolved = escapes
      ? undefined
      : RESOLVED_EXTENSIONS.map((extension) => relative.replace(/\/$/, '') + extension).find((candidate) =>
          existsSync(path.join(this.root, candidate)),
        );
    if (!resolved) return `${named} does not exist${this.suggestionFor(relative)}`;
    if (anchor && resolved.endsWith('.md') && !this.headingsOf(resolved).has(anchor.slice(1))) {
      return `${named}${anchor}: ${resolved} has no heading with the anchor ${anchor}`;
    }
    return undefined;
  }

  private suggestionFor(relative: string): string {
    const base = path.posix.basename(relative);
    let candidates = this.byBasename.get(base) ?? this.byBasename.get(moduleName(relative)) ?? [];
    if (candidates.length === 0) {
      // A renamed decision record keeps its number: 101-two-stacks.md → 101-two-stacks-artifacts-and-main.md.
      const number = /^(\d{3})-/.exec(base)?.[1];
      if (number && relative.startsWith('docs/decisions/')) {
        candidates = this.decisions.filter((name) => name.startsWith(`${number}-`)).map((n) => `docs/decisions/${n}`);
      }
    }
    return candidates.length > 0 ? ` (now ${candidates.slice(0, 3).join(' or ')}?)` : '';
  }

  private headingsOf(file: string): Set<string> {
    let slugs = this.headings.get(file);
    if (!slugs) {
      const text = readFileSync(path.join(this.root, file), 'utf8');
      slugs = new Set([...text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((match) => githubSlug(match[1])));
      this.headings.set(file, slugs);
    }
    return slugs;
  }
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens. */
export function githubSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Repository-relative paths of every file under `root`, skipping installed and generated trees. */
export function listFiles(root: string, directory = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, directory), { withFileTypes: true })) {
    const relative = directory ? `${directory}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(entry.name) || relative === 'public/build') continue;
      files.push(...listFiles(root, relative));
    } else if (entry.isFile()) {
      files.push(relative);
    }
  }
  return files.sort();
}

/** A module's name without folder, `.server` or extension: photo-view.server.ts → photo-view. */
function moduleName(file: string): string {
  return path.posix.basename(file).replace(/(\.server)?(\.d)?\.[a-z]+$/, '');
}

function extensionOf(file: string): string {
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1);
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
