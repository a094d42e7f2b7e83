/**
 * The comments of a source file, each with the line it starts on, for scripts/signposts/check-signposts.ts.
 * TypeScript and JavaScript go through the TypeScript parser, so that `//` in a string, a URL or a regular expression
 * is not mistaken for a comment; shell, Python and YAML comments start at a `#` at the start of a line or after a
 * space; CSS and Java have C-style comments.
 */
import ts from 'typescript';

export interface Comment {
  /** 1-based line of the comment's first character. */
  line: number;
  text: string;
}

export type CommentSyntax = 'script' | 'hash' | 'c';

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  ts: ts.ScriptKind.TS,
  tsx: ts.ScriptKind.TSX,
  js: ts.ScriptKind.JS,
  jsx: ts.ScriptKind.JSX,
  cjs: ts.ScriptKind.JS,
  mjs: ts.ScriptKind.JS,
};

/** How comments are written in a file with this extension ('' for an extensionless script with a shebang). */
export function commentSyntaxOf(extension: string): CommentSyntax | undefined {
  if (extension in SCRIPT_KINDS) return 'script';
  if (['sh', 'py', 'yml', 'yaml', ''].includes(extension)) return 'hash';
  if (['css', 'java'].includes(extension)) return 'c';
  return undefined;
}

export function extractComments(text: string, extension: string): Comment[] {
  const syntax = commentSyntaxOf(extension);
  if (syntax === 'script') return scriptComments(text, SCRIPT_KINDS[extension]);
  if (syntax === 'hash') return hashComments(text);
  if (syntax === 'c') return cStyleComments(text);
  return [];
}

function scriptComments(text: string, kind: ts.ScriptKind): Comment[] {
  const source = ts.createSourceFile('file', text, ts.ScriptTarget.Latest, true, kind);
  const seen = new Set<number>();
  const comments: Comment[] = [];
  const collect = (pos: number) => {
    for (const range of ts.getLeadingCommentRanges(text, pos) ?? []) {
      if (seen.has(range.pos)) continue;
      seen.add(range.pos);
      comments.push({
        line: source.getLineAndCharacterOfPosition(range.pos).line + 1,
        text: text.slice(range.pos, range.end),
      });
    }
  };
  const visit = (node: ts.Node) => {
    // Inside JSX text and template literals the "trivia" before a token is the literal's own text, not a comment.
    if (
      node.kind !== ts.SyntaxKind.JsxText &&
      node.kind !== ts.SyntaxKind.TemplateMiddle &&
      node.kind !== ts.SyntaxKind.TemplateTail
    ) {
      collect(node.pos);
    }
    node.getChildren(source).forEach(visit);
  };
  visit(source);
  return comments.sort((a, b) => a.line - b.line);
}

function hashComments(text: string): Comment[] {
  const comments: Comment[] = [];
  text.split('\n').forEach((line, index) => {
    if (index === 0 && line.startsWith('#!')) return;
    const match = /(?:^|\s)(#.*)$/.exec(line);
    if (match) comments.push({ line: index + 1, text: match[1] });
  });
  return comments;
}

function cStyleComments(text: string): Comment[] {
  const comments: Comment[] = [];
  // Strings first, so that a quoted "/*" or "//" is skipped over rather than read as a comment.
  const pattern = /"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;
  for (const match of text.matchAll(pattern)) {
    if (!match[0].startsWith('/')) continue;
    comments.push({ line: lineAt(text, match.index), text: match[0] });
  }
  return comments;
}

export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
