// A report is data: typed tables plus a summary and the data warnings. Metrics build it, renderers
// (table, csv, json, md, html) turn it into text and know nothing about sales.
import type Big from 'big.js';
import type { Diagnostic } from '../model/diagnostic.js';

/**
 * How a column's values are shown. Renderers decide the look per format:
 * - `money`: Big; rounded to the currency's minor unit; table shows thousands separators.
 * - `ratio`: number (a fraction, 0.35); table shows `35.0%`, csv/json the fraction.
 * - `hours`: number of hours; table shows `3d 4h`, csv/json the number (2 decimals).
 * - `date`: `yyyy-MM-dd` string; `datetime`: Date, shown in the report's time zone.
 * - `int`, `number`: plain numbers; `text`: strings; `bool`: booleans.
 */
export type ColumnKind = 'text' | 'int' | 'number' | 'money' | 'ratio' | 'hours' | 'date' | 'datetime' | 'bool';

export type Cell = string | number | boolean | Big | Date | null | undefined;

export interface Column {
  /** Field name in csv/json output (SPEC names: `won_amount`, `age_days`…). */
  key: string;
  kind: ColumnKind;
  /** Header in table/md/html; defaults to `key`. */
  title?: string;
}

export type Row = Record<string, Cell>;

/**
 * A picture of a table for html output (inline SVG). The renderer draws what the hint names and
 * knows nothing about what the columns mean.
 * - `bars`: one horizontal bar per row, length ∝ `value` (e.g. deals entering each stage).
 * - `progress`: one bar per row against 1.0 (e.g. attainment; over 1.0 overflows, marked).
 * - `sparkline`: one small line per column in `values`, across the rows in order (a trend).
 */
export type ChartSpec =
  | { kind: 'bars' | 'progress'; label: string; value: string }
  | { kind: 'sparkline'; label: string; values: string[] };

export interface TableData {
  /** Heading for table/md/html output; csv/json ignore it. */
  title?: string;
  /** html only: draw this chart above the table. */
  chart?: ChartSpec;
  columns: Column[];
  rows: Row[];
  /** A totals row for table/md/html, where sums make sense. Not part of csv/json `rows`. */
  totals?: Row;
  /**
   * Per-row emphasis for terminal/html: `bad` rows (below target, zombie…) are coloured and marked
   * with a symbol so that no-colour output still shows them.
   */
  marks?: Array<'bad' | 'good' | undefined>;
}

export interface Report {
  command: string;
  /** ISO instant of `--as-of`. */
  asOf: Date;
  /** The parameters that produced the report (period, method, by, …), echoed in json. */
  params: Record<string, unknown>;
  /** The table whose rows are json `rows` and the csv body. */
  main: TableData;
  /** Further tables (per-manager summary, parked deals…): shown by table/md/html, json via summary. */
  sections?: TableData[];
  /** json `summary`: plain values, Big (money) and TableData-free objects. */
  summary: Record<string, unknown>;
  warnings: Diagnostic[];
  /** Short lines printed under the tables (method used, bottleneck stage…). */
  notes?: string[];
  /** ISO 4217 code from the config: minor unit for money, symbol in table output. */
  currency: string;
  /** IANA zone of the config: datetimes are shown in it. */
  timezone: string;
}

export interface RenderOptions {
  color: boolean;
  /** csv only: UTF-8 BOM, `;`, decimal comma — what a spreadsheet in a comma-decimal locale opens. */
  excel?: boolean;
}

export type Renderer = (report: Report, options: RenderOptions) => string;
