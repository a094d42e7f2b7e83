/**
 * The comments of a source file, each with the line it starts on, for scripts/signposts/check-signposts.ts.
 * TypeScript and JavaScript go through TypeScript's scanner, so that `//` in a string, a template or a regular
 * expression is not mistaken for a comment (files with JSX through its parser: JSX text is not a string); shell,
 * Python and YAML comments start at a `#` at the start of a line or after a space; CSS and Java have C-style ones.
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
  if (syntax === 'script') {
    const kind = SCRIPT_KINDS[extension];
    return kind === ts.ScriptKind.TSX || kind === ts.ScriptKind.JSX
      ? parsedComments(text, kind)
      : scannedComments(text);
  }
  if (syntax === 'hash') return hashComments(text);
  if (syntax === 'c') return cStyleComments(text);
  return [];
}

/**
 * Tokens after which a `/` divides; after anything else it starts a regular expression (the rule every JavaScript
 * highlighter uses). A `}` counts as the end of an expression: a regular expression right after a block is rare.
 */
const ENDS_AN_EXPRESSION = new Set([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.PlusPlusToken,
  ts.SyntaxKind.MinusMinusToken,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.SuperKeyword,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
  ts.SyntaxKind.ExclamationToken,
]);

/** Comments by scanning alone: several times faster than parsing, which matters over every file of the repository. */
function scannedComments(text: string): Comment[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const comments: Comment[] = [];
  // Open braces inside each `${` of the templates being scanned: the `}` that brings one to 0 resumes the template.
  const templateBraces: number[] = [];
  let previous = ts.SyntaxKind.Unknown;
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.SingleLineCommentTrivia || token === ts.SyntaxKind.MultiLineCommentTrivia) {
      comments.push({ line: lineAt(text, scanner.getTokenStart()), text: scanner.getTokenText() });
      continue;
    }
    if (token === ts.SyntaxKind.WhitespaceTrivia || token === ts.SyntaxKind.NewLineTrivia) continue;
    if (
      (token === ts.SyntaxKind.SlashToken || token === ts.SyntaxKind.SlashEqualsToken) &&
      !ENDS_AN_EXPRESSION.has(previous)
    ) {
      token = scanner.reScanSlashToken();
    } else if (token === ts.SyntaxKind.TemplateHead) {
      templateBraces.push(0);
    } else if (token === ts.SyntaxKind.OpenBraceToken && templateBraces.length > 0) {
      templateBraces[templateBraces.length - 1]++;
    } else if (token === ts.SyntaxKind.CloseBraceToken && templateBraces.length > 0) {
      if (templateBraces[templateBraces.length - 1] === 0) {
        token = scanner.reScanTemplateToken(false);
        if (token === ts.SyntaxKind.TemplateTail) templateBraces.pop();
      } else {
        templateBraces[templateBraces.length - 1]--;
      }
    }
    previous = token;
  }
  return comments;
}

function parsedComments(text: string, kind: ts.ScriptKind): Comment[] {
  const source = ts.createSourceFile('file', text, ts.ScriptTarget.Latest, true, kind);
  const seen = new Set<number>();
  const comments: Comment[] = [];
  const collect = (pos: number) => {
    // Comments on the line a token ends are "trailing"; every other comment is "leading" for the next token.
    for (const range of [
      ...(ts.getTrailingCommentRanges(text, pos) ?? []),
      ...(ts.getLeadingCommentRanges(text, pos) ?? []),
    ]) {
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
