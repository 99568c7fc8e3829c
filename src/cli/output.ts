import Table from 'cli-table3';
import { Option } from 'commander';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { formatAge } from '../core/duration.js';
import { parseTemplate, renderJsonPath } from './jsonpath-template.js';
import { UsageError } from './usage-error.js';

// yaml takes ~80 ms of CPU to load and only -o yaml needs it: loaded on first use, synchronously.
const requireLazily = createRequire(import.meta.url);
const stringify = (value: unknown): string => (requireLazily('yaml') as typeof Yaml).stringify(value);

/** The -o/--output formats every read verb takes, as kubectl names them. */
export const OUTPUT_FORMATS = ['table', 'wide', 'name', 'json', 'yaml', 'jsonpath=TEMPLATE'] as const;
export type OutputFormat = 'table' | 'wide' | 'name' | 'json' | 'yaml' | `jsonpath=${string}`;

/** The -o option of a read verb (one definition, so every verb lists the same formats). */
export function outputOption(note?: string): Option {
  const formats =
    'table | wide (more columns) | name (KIND/NAME a line) | json | yaml | jsonpath=TEMPLATE (kubectl syntax, e.g. jsonpath={[*].name})';
  return new Option('-o, --output <format>', note ? `${formats}; ${note}` : formats).default('table');
}

export function parseOutputFormat(value: string): OutputFormat {
  if (value.startsWith('jsonpath=')) {
    parseTemplate(value.slice('jsonpath='.length));
    return value as OutputFormat;
  }
  if (value === 'jsonpath') throw new UsageError('-o jsonpath needs a template: -o jsonpath={[*].name}');
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`-o/--output must be one of ${OUTPUT_FORMATS.join(', ')} (got "${value}")`);
  }
  return value as OutputFormat;
}

/** Formats a verb prints as its own human-readable text (a description, a report). */
export const isHumanFormat = (format: OutputFormat): boolean => format === 'table' || format === 'wide';

export interface Column<T> {
  header: string;
  value(row: T): unknown;
  /** Shown by `-o wide` only. */
  wide?: boolean;
}

/** How `-o name` names a record: `KIND/NAME`, as kubectl prints it. */
export interface Naming<T> {
  kind: string;
  name(row: T): string;
}

/**
 * Prints records as a table (chosen columns; `wide` adds the wide ones), their names, JSON, YAML
 * (every field) or a JSONPath template over the JSON document.
 */
export function render<T>(
  rows: T | T[],
  format: OutputFormat,
  columns: Column<T>[],
  naming?: Naming<T>,
): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'yaml') return stringify(rows);
  if (format.startsWith('jsonpath=')) {
    const text = renderJsonPath(format.slice('jsonpath='.length), toJson(rows));
    return text.endsWith('\n') || text === '' ? text : `${text}\n`;
  }
  const list = Array.isArray(rows) ? rows : [rows];
  if (format === 'name') return list.map((row) => `${nameOf(row, naming)}\n`).join('');
  if (list.length === 0) return 'No resources found.\n';
  const shown = format === 'wide' ? columns : columns.filter((c) => !c.wide);
  columns = shown;
  const table = new Table({
    head: columns.map((c) => c.header),
    style: { head: [], border: [] },
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
  });
  for (const row of list) table.push(columns.map((c) => cell(c.value(row))));
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd().replace(/^ /, ''))
    .join('\n')}\n`;
}

/** The plain JSON value `-o json` prints, so a template reads the same document. */
function toJson(rows: unknown): unknown {
  return JSON.parse(JSON.stringify(rows ?? null)) as unknown;
}

function nameOf<T>(row: T, naming: Naming<T> | undefined): string {
  if (naming) return `${naming.kind}/${naming.name(row)}`;
  const record = (row ?? {}) as Record<string, unknown>;
  for (const key of ['name', 'id', 'key']) {
    const value = record[key];
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  throw new UsageError('-o name: these records have no name; use -o json or -o jsonpath=…');
}

function cell(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value as string | number);
}

/** "3m ago" style ages for tables. */
export function age(iso: string, now = Date.now()): string {
  return formatAge(now - Date.parse(iso));
}
