import Table from 'cli-table3';
import { stringify } from 'yaml';
import { formatAge } from '../core/duration.js';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface Column<T> {
  header: string;
  value(row: T): unknown;
}

/** Prints records as a table (chosen columns), JSON or YAML (every field). */
export function render<T>(rows: T | T[], format: OutputFormat, columns: Column<T>[]): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'yaml') return stringify(rows);
  const list = Array.isArray(rows) ? rows : [rows];
  if (list.length === 0) return 'No resources found.\n';
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
