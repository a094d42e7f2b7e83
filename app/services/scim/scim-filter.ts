/**
 * SCIM filters and attribute paths (RFC 7644 §3.4.2.2, §3.5.2), parsed into a small AST.
 *
 * Use: `parseScimFilter(url.searchParams.get('filter'))` for a list's `filter`, then hand the AST to
 * `scimFilterToSql` (app/services/scim/scim-filter-sql.server.ts); `parseScimPath(op.path)` for a PATCH
 * operation's `path` (app/services/scim/scim-patch.ts). Both throw a `ScimError` 400 (`invalidFilter`, or
 * `invalidPath` for a PATCH path's own syntax) whose detail names the problem and its position.
 *
 * Our own recursive-descent parser rather than scim2-parse-filter: that library's errors carry no position
 * (`[(EOT)] is not json`), and it knows neither URN-qualified paths nor the depth limit; see
 * docs/decisions/331-scim-filters-and-patch.md. Attribute names and operators are case-insensitive (RFC 7644
 * §3.4.2.2): each path carries `key`, its lower-cased form (core User attributes without their URN), which is how
 * the SQL column map and the schemas are looked up.
 */
import { CORE_USER_SCHEMA } from './user-schema';
import { ScimError } from './scim-error';

/** Longest filter accepted, in characters: far above what Entra ID or Okta send, low enough to bound the SQL. */
export const MAX_SCIM_FILTER_LENGTH = 4096;
/** Deepest nesting accepted: parentheses, `not` and `[...]` each add a level. */
export const MAX_SCIM_FILTER_DEPTH = 16;

export type ScimCompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/**
 * One comparison on values already folded as the attribute asks (lower-cased unless caseExact, dates as
 * instants): the in-memory half of both the PATCH value filters and the SQL translation's constants.
 */
export function compareScimValues<T extends string | number | boolean>(
  op: Exclude<ScimCompareOperator, 'ne'>,
  left: T,
  right: T,
): boolean {
  switch (op) {
    case 'eq':
      return left === right;
    case 'co':
      return String(left).includes(String(right));
    case 'sw':
      return String(left).startsWith(String(right));
    case 'ew':
      return String(left).endsWith(String(right));
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
  }
}
export type ScimFilterValue = string | number | boolean | null;

/** An attribute path as written (`name.givenName`, `urn:…:enterprise:2.0:User:manager.value`). */
export interface ScimAttributePath {
  /** The schema URN when the path was URN-qualified, as written; null when it was not. */
  schema: string | null;
  /** The attribute's name as written. */
  attribute: string;
  /** The sub-attribute's name as written (`givenName` in `name.givenName`), or null. */
  subAttribute: string | null;
  /**
   * The lower-cased lookup key: `username`, `name.givenname`, or, for extension attributes, the lower-cased URN
   * and name (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:manager.value`). A path qualified with
   * the core User URN gets the bare key, as the RFC makes the core schema's URN optional.
   */
  key: string;
}

export type ScimFilter =
  | { op: ScimCompareOperator; path: ScimAttributePath; value: ScimFilterValue }
  | { op: 'pr'; path: ScimAttributePath }
  | { op: 'and' | 'or'; left: ScimFilter; right: ScimFilter }
  | { op: 'not'; filter: ScimFilter }
  /**
   * `emails[type eq "work" and value co "@x"]`: some element of the multi-valued `path` matches `filter`, whose
   * paths name sub-attributes of that element (their `key` is the sub-attribute's lower-cased name).
   */
  | { op: 'valuePath'; path: ScimAttributePath; filter: ScimFilter };

/** A PATCH operation's target: `name.givenName`, `emails[type eq "work"].value`, `urn:…:User:manager`. */
export interface ScimPatchPath {
  path: ScimAttributePath;
  /** The value filter in brackets, or null. */
  filter: ScimFilter | null;
  /**
   * The sub-attribute after the brackets (`value` in `emails[type eq "work"].value`), or null. A path without
   * brackets keeps its sub-attribute in `path` (`name.givenName`).
   */
  subAttribute: string | null;
}

const COMPARE_OPERATORS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const ATTRIBUTE_NAME = /^\$?[A-Za-z][A-Za-z0-9_-]*$/;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: '(' | ')' | '[' | ']'; at: number }
  | { kind: 'end'; at: number };

/** Parses a SCIM filter; throws ScimError 400 invalidFilter naming the problem and where it is. */
export function parseScimFilter(text: string): ScimFilter {
  checkLength(text, 'filter', 'invalidFilter');
  const parser = new FilterParser(text, 'invalidFilter');
  const filter = parser.parseFilter(0);
  parser.expectEnd();
  return filter;
}

/**
 * Parses a PATCH operation's `path`: an attribute path, optionally with a value filter and a sub-attribute after
 * it. A malformed path throws ScimError 400 invalidPath; a malformed filter inside the brackets, invalidFilter.
 */
export function parseScimPath(text: string): ScimPatchPath {
  checkLength(text, 'path', 'invalidPath');
  const parser = new FilterParser(text, 'invalidPath');
  return parser.parsePatchPath();
}

/**
 * Reads an attribute path (no filter); throws ScimError 400 with `scimType` when it is not one. Used for
 * `sortBy`, `attributes` and the keys of a PATCH value.
 */
export function parseScimAttributePath(
  text: string,
  scimType: 'invalidFilter' | 'invalidPath' | 'invalidValue' = 'invalidPath',
): ScimAttributePath {
  const path = toAttributePath(text.trim());
  if (!path) throw new ScimError(400, scimType, `"${text}" is not an attribute path.`);
  return path;
}

/** The lower-cased lookup key of an attribute (and sub-attribute) in `schema` (null for the core schema). */
export function scimAttributeKey(schema: string | null, attribute: string, subAttribute: string | null): string {
  const name = subAttribute === null ? attribute : `${attribute}.${subAttribute}`;
  const isCore = schema === null || schema.toLowerCase() === CORE_USER_SCHEMA.toLowerCase();
  return (isCore ? name : `${schema}:${name}`).toLowerCase();
}

function checkLength(text: string, what: string, scimType: 'invalidFilter' | 'invalidPath'): void {
  if (text.trim() === '') throw new ScimError(400, scimType, `The ${what} is empty.`);
  if (text.length > MAX_SCIM_FILTER_LENGTH) {
    throw new ScimError(
      400,
      scimType,
      `The ${what} is ${text.length} characters long; at most ${MAX_SCIM_FILTER_LENGTH} are accepted.`,
    );
  }
}

function toAttributePath(text: string): ScimAttributePath | null {
  let schema: string | null = null;
  let rest = text;
  if (/^urn:/i.test(text)) {
    // The schema URN itself contains dots ("2.0") and colons: the attribute is what follows the last colon.
    const lastColon = text.lastIndexOf(':');
    schema = text.slice(0, lastColon);
    rest = text.slice(lastColon + 1);
    if (!/^urn:[^:]+:./i.test(schema)) return null;
  }
  const parts = rest.split('.');
  if (parts.length > 2 || !parts.every((part) => ATTRIBUTE_NAME.test(part))) return null;
  const attribute = parts[0]!;
  const subAttribute = parts[1] ?? null;
  return { schema, attribute, subAttribute, key: scimAttributeKey(schema, attribute, subAttribute) };
}

class FilterParser {
  private readonly tokens: Token[];
  private index = 0;
  /** Inside "[...]", where errors are invalidFilter even in a PATCH path and no second "[" may open. */
  private insideValueFilter = false;

  constructor(
    text: string,
    /** What a malformed path (outside brackets) is reported as. */
    private readonly pathErrorType: 'invalidFilter' | 'invalidPath',
  ) {
    this.tokens = tokenize(text);
  }

  parseFilter(depth: number): ScimFilter {
    let left = this.parseAnd(depth);
    while (this.isKeyword('or')) {
      this.index++;
      left = { op: 'or', left, right: this.parseAnd(depth) };
    }
    return left;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') this.fail(`Unexpected ${describe(token)}`, token.at);
  }

  parsePatchPath(): ScimPatchPath {
    const first = this.next();
    const path = first.kind === 'word' ? toAttributePath(first.text) : null;
    if (!path || first.kind !== 'word') {
      throw new ScimError(400, 'invalidPath', `Expected an attribute path at character ${first.at + 1}.`);
    }
    let filter: ScimFilter | null = null;
    let subAttribute: string | null = null;
    if (this.peek().kind === '[') {
      if (path.subAttribute !== null) {
        this.fail(`A value filter belongs after a multi-valued attribute, not "${first.text}"`, this.peek().at);
      }
      filter = this.parseValueFilter(1, this.next().at);
      const after = this.peek();
      // The tokenizer reads ".value" after "]" as a word of its own.
      if (after.kind === 'word' && after.text.startsWith('.')) {
        const name = after.text.slice(1);
        if (!ATTRIBUTE_NAME.test(name)) {
          throw new ScimError(400, 'invalidPath', `"${name}" is not a sub-attribute name (character ${after.at + 2}).`);
        }
        subAttribute = name;
        this.index++;
      }
    }
    const end = this.peek();
    if (end.kind !== 'end') {
      throw new ScimError(400, 'invalidPath', `Unexpected ${describe(end)} in the path.`);
    }
    return { path, filter, subAttribute };
  }

  private parseAnd(depth: number): ScimFilter {
    let left = this.parseUnary(depth);
    while (this.isKeyword('and')) {
      this.index++;
      left = { op: 'and', left, right: this.parseUnary(depth) };
    }
    return left;
  }

  private parseUnary(depth: number): ScimFilter {
    const token = this.peek();
    if (this.isKeyword('not')) {
      this.index++;
      const open = this.next();
      if (open.kind !== '(') this.fail(`"not" must be followed by "(", found ${describe(open)}`, open.at);
      return { op: 'not', filter: this.parseGroup(depth + 1, open.at) };
    }
    if (token.kind === '(') {
      this.index++;
      return this.parseGroup(depth + 1, token.at);
    }
    return this.parseAttributeExpression(depth);
  }

  private parseGroup(depth: number, openedAt: number): ScimFilter {
    this.checkDepth(depth, openedAt);
    const inner = this.parseFilter(depth);
    const close = this.next();
    if (close.kind !== ')') {
      this.fail(`Expected ")" to close the "(" at character ${openedAt + 1}, found ${describe(close)}`, close.at);
    }
    return inner;
  }

  private parseAttributeExpression(depth: number): ScimFilter {
    const token = this.next();
    if (token.kind !== 'word') this.fail(`Expected an attribute path, found ${describe(token)}`, token.at);
    const path = toAttributePath(token.text);
    if (!path) this.fail(`"${token.text}" is not an attribute path`, token.at);
    if (this.peek().kind === '[') {
      const open = this.next();
      if (this.insideValueFilter) this.fail('A value filter cannot contain another one', open.at);
      if (path.subAttribute !== null) {
        this.fail(`A value filter belongs after a multi-valued attribute, not "${token.text}"`, open.at);
      }
      return { op: 'valuePath', path, filter: this.parseValueFilter(depth + 1, open.at) };
    }
    const operatorToken = this.next();
    const operator = operatorToken.kind === 'word' ? operatorToken.text.toLowerCase() : '';
    if (operator === 'pr') return { op: 'pr', path };
    if (!COMPARE_OPERATORS.has(operator)) {
      this.fail(
        `Expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after "${token.text}", found ${describe(operatorToken)}`,
        operatorToken.at,
      );
    }
    return { op: operator as ScimCompareOperator, path, value: this.parseValue() };
  }

  private parseValueFilter(depth: number, openedAt: number): ScimFilter {
    this.checkDepth(depth, openedAt);
    this.insideValueFilter = true;
    const filter = this.parseFilter(depth);
    this.insideValueFilter = false;
    const close = this.next();
    if (close.kind !== ']') {
      throw new ScimError(
        400,
        'invalidFilter',
        `Expected "]" to close the "[" at character ${openedAt + 1}, found ${describe(close)} (character ${close.at + 1}).`,
      );
    }
    if (!onlySubAttributes(filter)) {
      throw new ScimError(
        400,
        'invalidFilter',
        `Inside "[...]" (character ${openedAt + 1}) name sub-attributes only, e.g. emails[type eq "work"].`,
      );
    }
    return filter;
  }

  private parseValue(): ScimFilterValue {
    const token = this.next();
    if (token.kind === 'string') return token.value;
    if (token.kind === 'word') {
      const lower = token.text.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      if (lower === 'null') return null;
      if (NUMBER.test(token.text)) return Number(token.text);
    }
    this.fail(`Expected a value (a "string", a number, true, false or null), found ${describe(token)}`, token.at);
  }

  private checkDepth(depth: number, at: number): void {
    if (depth > MAX_SCIM_FILTER_DEPTH) {
      this.fail(`The filter nests deeper than ${MAX_SCIM_FILTER_DEPTH} levels`, at);
    }
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private fail(message: string, at: number): never {
    const scimType = this.insideValueFilter ? 'invalidFilter' : this.pathErrorType;
    throw new ScimError(400, scimType, `${message} (character ${at + 1}).`);
  }
}

/** Whether every path in a value filter is a bare sub-attribute name. */
function onlySubAttributes(filter: ScimFilter): boolean {
  switch (filter.op) {
    case 'and':
    case 'or':
      return onlySubAttributes(filter.left) && onlySubAttributes(filter.right);
    case 'not':
      return onlySubAttributes(filter.filter);
    case 'valuePath':
      return false;
    default:
      return filter.path.schema === null && filter.path.subAttribute === null;
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the filter';
    case 'word':
      return `"${token.text}"`;
    case 'string':
      return `the string ${JSON.stringify(token.value)}`;
    default:
      return `"${token.kind}"`;
  }
}

const STRING_LITERAL = /"(?:[^"\\]|\\.)*"/y;
const WORD = /[^\s()[\]"]+/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at]!;
    if (/\s/.test(char)) {
      at++;
    } else if (char === '(' || char === ')' || char === '[' || char === ']') {
      tokens.push({ kind: char, at });
      at++;
    } else if (char === '"') {
      STRING_LITERAL.lastIndex = at;
      const match = STRING_LITERAL.exec(text);
      if (!match) {
        throw new ScimError(400, 'invalidFilter', `The string that starts at character ${at + 1} is not closed.`);
      }
      let value: string;
      try {
        value = JSON.parse(match[0]) as string;
      } catch {
        throw new ScimError(
          400,
          'invalidFilter',
          `The string that starts at character ${at + 1} has an invalid escape or control character.`,
        );
      }
      tokens.push({ kind: 'string', value, at });
      at += match[0].length;
    } else {
      WORD.lastIndex = at;
      const match = WORD.exec(text)!;
      tokens.push({ kind: 'word', text: match[0], at });
      at += match[0].length;
    }
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}
