import { isMap, isScalar, LineCounter, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { fieldPath } from '../core/parse-input.js';
import type { ManifestKind } from './manifest-kind.js';
import { validateManifest } from './validate-manifest.js';

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
): ParsedManifests {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const documents: unknown[] = [];
  const issues: LocatedIssue[] = [];
  const list: Document[] = Array.isArray(docs) ? docs : [];
  list.forEach((doc, index) => {
    for (const error of doc.errors) {
      const pos = lineCounter.linePos(error.pos[0]);
      issues.push({
        file,
        line: pos.line,
        column: pos.col,
        path: '',
        message: error.message.split('\n')[0] ?? error.message,
        document: index,
      });
    }
    if (doc.errors.length > 0) return;
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    documents.push(value);
    const result = validateManifest(value, kinds);
    if (result.ok) return;
    for (const issue of result.issues) {
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
