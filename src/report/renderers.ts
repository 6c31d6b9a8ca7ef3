// The `--format` name → renderer map (STYLE 2: renderers are picked by name and know nothing about
// sales). Adding a format is one entry here; its name then shows up in the help and error text.
import { UsageError } from '../model/errors.js';
import { renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderMd } from './render-md.js';
import { renderTable } from './render-table.js';
import type { Renderer } from './report.js';

export const renderers = {
  table: renderTable,
  csv: renderCsv,
  json: renderJson,
  md: renderMd,
  html: renderHtml,
} satisfies Record<string, Renderer>;

export type FormatName = keyof typeof renderers;

/** Format names in display order, for `--help` and error messages. */
export function formatNames(): FormatName[] {
  return Object.keys(renderers) as FormatName[];
}

function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(renderers, name);
}

/**
 * The format to use: the one asked for (case-insensitive), else `table` on a terminal and `csv`
 * when stdout is piped or redirected (SPEC §3) — so `dealpulse zombies > z.csv` just works.
 * An unknown name is a usage error (exit 2) that lists the formats.
 */
export function pickFormat(requested: string | undefined, stdoutIsTTY: boolean, outPath?: string): FormatName {
  if (requested === undefined) {
    // `--out report.html` without --format: the file's extension says what the user wants.
    const ext = outPath?.toLowerCase().match(/\.(csv|json|md|html|txt)$/)?.[1];
    if (ext === 'txt') return 'table';
    if (ext !== undefined && isFormatName(ext)) return ext;
    return stdoutIsTTY ? 'table' : 'csv';
  }
  const name = requested.trim().toLowerCase();
  if (isFormatName(name)) return name;
  throw new UsageError(`unknown format "${requested}": use one of ${formatNames().join(', ')}`);
}
