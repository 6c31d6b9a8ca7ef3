// Markdown output (SPEC §5 `md`): the report's tables for an e-mail or a wiki page. Values look as in
// the terminal table, without colour. Data text is escaped so a manager called `a|b` or `<b>x</b>`
// can neither break a pipe table nor inject markup into the rendered page.
import { MISSING, displayTable, formatDateTime, stripControl, type DisplayTable, type FormatContext } from './format.js';
import { BAD_MARK } from './render-table.js';
import type { RenderOptions, Renderer, Report, TableData } from './report.js';

// Every character with inline meaning in CommonMark/GFM pipe tables: `|` ends a cell, `\` escapes,
// `` ` * _ ~ `` start code and emphasis, `[ ]` links, `< > &` HTML and entities, `$` math on GitHub.
// An `_` between letters or digits cannot start emphasis, so `won_amount` stays readable as is.
const MD_SPECIAL = /[\\`*~[\]<>|&$]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

/** Text safe inside a Markdown table cell or list item: control characters stripped, specials escaped. */
export function escapeMarkdown(text: string): string {
  return stripControl(text).replace(MD_SPECIAL, '\\$&');
}

function pipeRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function renderOneTable(table: DisplayTable): string {
  const withMarks = table.marks.some((m) => m === 'bad');
  const mark = (cells: string[], m: string): string[] => (withMarks ? [m, ...cells] : cells);
  const lines: string[] = [];
  if (table.title) lines.push(`## ${escapeMarkdown(table.title)}`, '');

  lines.push(pipeRow(mark(table.headers.map(escapeMarkdown), ' ')));
  lines.push(pipeRow(mark(table.numeric.map((n) => (n ? '---:' : '---')), '---')));
  table.rows.forEach((cells, r) => {
    const shown = cells.map((c) => (c === '' ? MISSING : escapeMarkdown(c)));
    lines.push(pipeRow(mark(shown, table.marks[r] === 'bad' ? BAD_MARK : ' ')));
  });
  if (table.totals) {
    // Blank, not bold dashes, where a column has no total.
    const bold = table.totals.map((c) => (c === '' ? ' ' : `**${escapeMarkdown(c)}**`));
    lines.push(pipeRow(mark(bold, ' ')));
  }
  if (table.rows.length === 0) lines.push('', '_No rows._');
  return lines.join('\n');
}

/** A Markdown document: a heading with the as-of time, the tables (main, then sections), the notes. */
export const renderMd: Renderer = (report: Report, _options: RenderOptions): string => {
  const ctx: FormatContext = { currency: report.currency, timezone: report.timezone };
  // A report may carry its own title (the weekly snapshot's `--title`); otherwise name the command.
  const title = typeof report.params['title'] === 'string' ? report.params['title'] : `dealpulse ${report.command}`;
  const blocks: string[] = [
    `# ${escapeMarkdown(title)}`,
    `As of ${formatDateTime(report.asOf, report.timezone)} (${escapeMarkdown(report.timezone)}).`,
  ];
  const tables: TableData[] = [report.main, ...(report.sections ?? [])];
  for (const t of tables) blocks.push(renderOneTable(displayTable(t, ctx)));
  if (report.notes && report.notes.length > 0) {
    blocks.push(report.notes.map((n) => `- ${escapeMarkdown(n)}`).join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
};
