import { isMap, isScalar, LineCounter, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { fieldPath } from '../core/parse-input.js';
import type { SchemaCheck } from './json-schema-check.js';
import type { ManifestKind } from './manifest-kind.js';
import { validateManifest } from './validate-manifest.js';
import type { ManifestIssue } from './validate-manifest.js';

export interface LocatedIssue {
  file: string;
  line: number;
  column: number;
  /** Dotted path in the document, e.g. spec.serving.backends[0].url. */
  path: string;
  message: string;
  /** 0-based index of the document in a multi-document file. */
  document: number;
}

export interface ParsedManifests {
  documents: unknown[];
  issues: LocatedIssue[];
}

/**
 * Parses a (multi-document) YAML file and validates every document, reporting each problem
 * with file:line:column so an operator can jump straight to it.
 */
export function parseManifestFile<S>(
  file: string,
  text: string,
  kinds: readonly ManifestKind<S>[],
  /** A second check (the JSON Schema); its issues at paths the kinds did not flag are added. */
  schemaCheck?: SchemaCheck,
): ParsedManifests {
  const lineCounter = new LineCounter();
  const documents: unknown[] = [];
  const issues: LocatedIssue[] = [];
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  } catch (error) {
    issues.push({ file, line: 1, column: 1, path: '', message: unreadable(error), document: 0 });
    return { documents, issues };
  }
  const list: Document[] = Array.isArray(docs) ? docs : [];
  list.forEach((doc, index) => {
    for (const error of doc.errors) {
      const pos = lineCounter.linePos(error.pos[0]);
      issues.push({
        file,
        line: pos.line,
        column: pos.col,
        path: '',
        message: /call stack/i.test(error.message)
          ? unreadable(new RangeError(error.message))
          : (error.message.split('\n')[0] ?? error.message),
        document: index,
      });
    }
    if (doc.errors.length > 0) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      if (depthOf(value) > MAX_DEPTH) throw new RangeError('nesting');
    } catch (error) {
      const pos = lineCounter.linePos(doc.contents?.range?.[0] ?? 0);
      issues.push({
        file,
        line: pos.line,
        column: pos.col,
        path: '',
        message: unreadable(error),
        document: index,
      });
      return;
    }
    if (value === null || value === undefined) return;
    documents.push(value);
    const result = validateManifest(value, kinds);
    const found: ManifestIssue[] = result.ok ? [] : [...result.issues];
    // The kinds' own messages say more: a schema issue on the same field, or on one above or
    // below it (a union branch that failed), is left out.
    for (const issue of schemaCheck?.(value) ?? []) {
      if (!found.some((own) => related(own.path, issue.path))) found.push(issue);
    }
    for (const issue of found) {
      const offset = locate(doc, issue.path, issue.unknownField === true);
      const pos = lineCounter.linePos(offset);
      issues.push({
        file,
        line: pos.line,
        column: pos.col,
        path: fieldPath('', issue.path),
        message: issue.message,
        document: index,
      });
    }
  });
  return { documents, issues };
}

function related(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  const shorter = a.length <= b.length ? a : b;
  const longer = shorter === a ? b : a;
  return shorter.every((part, i) => String(part) === String(longer[i]));
}

/** Aliases one document may expand: a few anchors are normal, thousands are an expansion bomb. */
const MAX_ALIAS_COUNT = 100;
/** Manifests are a few levels deep; far deeper is a mistake or an attack on the parser. */
const MAX_DEPTH = 64;

/** What a document that cannot be read safely gets instead of a stack trace. */
function unreadable(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/alias/i.test(message))
    return `the document expands more than ${MAX_ALIAS_COUNT} YAML aliases (*name); write the values out or use fewer aliases`;
  if (error instanceof RangeError)
    return `the document is nested more than ${MAX_DEPTH} levels deep; manifests need a few levels`;
  return `the document cannot be read: ${message}`;
}

/** Depth of nested arrays and objects, counted without recursion. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_DEPTH) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Offset of the deepest existing node on the path (a missing field points at its parent); an
 * unknown field points at its name.
 */
function locate(doc: Document, path: PropertyKey[], atKey: boolean): number {
  const last = path.at(-1);
  if (atKey && typeof last === 'string') {
    const parent = doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
      const key = pair?.key as { range?: [number, number, number] } | undefined;
      if (key?.range) return key.range[0];
    }
  }
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return node.range[0];
  }
  return doc.contents?.range?.[0] ?? 0;
}

export function formatIssue(issue: LocatedIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}
