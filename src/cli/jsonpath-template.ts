/**
 * `-o jsonpath=TEMPLATE`, read as kubectl reads it: text is printed as written, `{EXPR}` prints
 * what a JSONPath expression selects (several results separated by a space), `{range EXPR}…{end}`
 * repeats its body for each selected item with paths relative to that item, and `{"\n"}` prints a
 * quoted string with its escapes. The template is evaluated against the document `-o json` prints:
 * a list is an array, so `{[*].name}` lists names and `{range [*]}{.name}{"\n"}{end}` one a line.
 * JSONPath itself (filters, slices, recursive descent) is jsonpath-plus's.
 */
import { JSONPath } from 'jsonpath-plus';
import { UsageError } from './usage-error.js';

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'path'; path: string }
  | { kind: 'range'; path: string; body: Node[] };

export function renderJsonPath(template: string, document: unknown): string {
  const nodes = parseTemplate(template);
  return evaluate(nodes, document);
}

/** Parses the whole template first, so a malformed one is refused before anything prints. */
export function parseTemplate(template: string): Node[] {
  const tokens = tokenize(template);
  let index = 0;
  const block = (inRange: boolean): Node[] => {
    const nodes: Node[] = [];
    while (index < tokens.length) {
      const token = tokens[index++]!;
      if (token.kind === 'text') nodes.push(token);
      else if (token.expr === 'end') {
        if (!inRange) throw templateError(template, '{end} without a {range}');
        return nodes;
      } else if (token.expr.startsWith('range ')) {
        const path = toJsonPath(token.expr.slice('range '.length).trim(), template);
        nodes.push({ kind: 'range', path, body: block(true) });
      } else if (isQuoted(token.expr)) nodes.push({ kind: 'text', text: unquote(token.expr, template) });
      else nodes.push({ kind: 'path', path: toJsonPath(token.expr, template) });
    }
    if (inRange) throw templateError(template, '{range} without its {end}');
    return nodes;
  };
  return block(false);
}

type Token = { kind: 'text'; text: string } | { kind: 'expr'; expr: string };

function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{', at);
    if (open < 0) {
      tokens.push({ kind: 'text', text: template.slice(at) });
      break;
    }
    if (open > at) tokens.push({ kind: 'text', text: template.slice(at, open) });
    const close = closingBrace(template, open);
    if (close < 0) throw templateError(template, `"{" at column ${open + 1} is never closed`);
    tokens.push({ kind: 'expr', expr: template.slice(open + 1, close).trim() });
    at = close + 1;
  }
  return tokens;
}

/** The "}" closing the "{" at `open`, skipping braces inside quoted strings and filters. */
function closingBrace(template: string, open: number): number {
  let quote: string | undefined;
  let depth = 0;
  for (let i = open + 1; i < template.length; i++) {
    const c = template[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function isQuoted(expr: string): boolean {
  return expr.length >= 2 && (expr[0] === '"' || expr[0] === "'") && expr.at(-1) === expr[0];
}

function unquote(expr: string, template: string): string {
  if (expr[0] === "'") return expr.slice(1, -1);
  try {
    return JSON.parse(expr) as string;
  } catch {
    throw templateError(template, `${expr} is not a valid quoted string`);
  }
}

function toJsonPath(expr: string, template: string): string {
  if (expr === '') throw templateError(template, 'an empty {} selects nothing; write {.field}');
  if (expr.startsWith('$') || expr.startsWith('@')) return expr;
  if (expr.startsWith('.') || expr.startsWith('[')) return `$${expr}`;
  throw templateError(template, `{${expr}} must start with "." or "[" (e.g. {.${expr}})`);
}

function evaluate(nodes: Node[], current: unknown): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'path') out += select(node.path, current).map(show).join(' ');
    else for (const item of select(node.path, current)) out += evaluate(node.body, item);
  }
  return out;
}

function select(path: string, json: unknown): unknown[] {
  if (path === '@' || path === '$') return [json];
  const relative = path.startsWith('@') ? `$${path.slice(1)}` : path;
  return JSONPath({ path: relative, json: json as object, wrap: true }) as unknown[];
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value as number | boolean);
}

function templateError(template: string, reason: string): UsageError {
  return new UsageError(`-o jsonpath=${template}: ${reason}`);
}
