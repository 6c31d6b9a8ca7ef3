// Terminal output (SPEC §5 `table`): aligned tables for people. Colour is decoration only — `bad`
// rows also carry a `!` in a marker column, so NO_COLOR output and screen readers lose nothing.
// Warnings are not printed here: the CLI writes them to stderr, keeping stdout the report alone.
import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import { MISSING, displayTable, stripControl, type DisplayTable, type FormatContext } from './format.js';
import type { RenderOptions, Renderer, Report, TableData } from './report.js';

/** Shown in the marker column of `bad` rows (below target, zombie…). */
export const BAD_MARK = '!';

// Row separators only under the header and above the totals: a line between every row (the
// cli-table3 default) doubles the height of long reports.
const NO_ROW_LINES = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
const ROW_LINE = { mid: '─', 'left-mid': '├', 'mid-mid': '┼', 'right-mid': '┤' };

type CellSpec = { content: string; hAlign: 'left' | 'right'; chars?: typeof ROW_LINE };

function renderOneTable(table: DisplayTable, paint: ChalkInstance): string {
  const withMarks = table.marks.some((m) => m === 'bad');
  const align = (i: number): 'left' | 'right' => (table.numeric[i] ? 'right' : 'left');

  // The head is pushed as the first row (not cli-table3's `head`) so it takes our alignment and
  // styling and cli-table3 never colours anything itself (its `style` uses @colors/colors, which
  // has its own idea of whether colour is on).
  const head: CellSpec[] = table.headers.map((h, i) => ({ content: paint.bold(h), hAlign: align(i) }));
  const body = table.rows.map((cells, r) => {
    const mark = table.marks[r];
    const tint = mark === 'bad' ? paint.red : mark === 'good' ? paint.green : (s: string) => s;
    const row: CellSpec[] = cells.map((c, i) => ({ content: tint(c === '' ? MISSING : c), hAlign: align(i) }));
    if (withMarks) row.unshift({ content: mark === 'bad' ? tint(BAD_MARK) : '', hAlign: 'left' });
    return row;
  });
  if (withMarks) head.unshift({ content: '', hAlign: 'left' });

  // A missing total is left blank: not every column sums, and a row of dashes would say nothing.
  const totals: CellSpec[] | undefined = table.totals?.map((c, i) => ({
    content: c === '' ? '' : paint.bold(c),
    hAlign: align(i),
    chars: ROW_LINE,
  }));
  if (totals && withMarks) totals.unshift({ content: '', hAlign: 'left', chars: ROW_LINE });

  // The line under the header is drawn as the top of the next row.
  const firstBody = body[0] ?? totals;
  if (firstBody) for (const cell of firstBody) cell.chars = ROW_LINE;

  const grid = new Table({ chars: NO_ROW_LINES, style: { head: [], border: [] } });
  grid.push(head, ...body);
  if (totals) grid.push(totals);

  const lines: string[] = [];
  if (table.title) lines.push(paint.bold(table.title));
  lines.push(grid.toString());
  if (table.rows.length === 0) lines.push('(no rows)');
  return lines.join('\n');
}

/** Tables of the report (main, then sections), then the notes, separated by blank lines. */
export const renderTable: Renderer = (report: Report, options: RenderOptions): string => {
  // Our own Chalk instance: the caller decides colour (--no-color, NO_COLOR, not a TTY), not
  // chalk's detection of the process's stdout.
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  const ctx: FormatContext = { currency: report.currency, timezone: report.timezone };
  const tables: TableData[] = [report.main, ...(report.sections ?? [])];
  const blocks = tables.map((t) => renderOneTable(displayTable(t, ctx), paint));
  if (report.notes && report.notes.length > 0) blocks.push(report.notes.map(stripControl).join('\n'));
  return `${blocks.join('\n\n')}\n`;
};
