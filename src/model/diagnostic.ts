// Problems with data are values, not exceptions: readers return records plus diagnostics, and every
// command reports them (stderr and JSON `warnings`). A diagnostic always points back at the export.

export interface SourceRef {
  /** Path as the user gave it (relative to the working directory or the config). */
  file: string;
  /** Physical line where the record starts; 1 is the header line. */
  line: number;
}

export type DiagnosticAction = 'skipped' | 'kept';

export interface Diagnostic extends SourceRef {
  /** Header of the offending column, when one column is at fault. */
  column?: string;
  /** Canonical field name (`amount`, `closed_at`, a custom field…), when known. */
  field?: string;
  /** The offending text, as found (control characters are stripped at render time). */
  value?: string;
  /** What is wrong, in words a user can act on. */
  reason: string;
  /** A stable name for kinds of problem that are counted (`duplicate-id`, `product-rows`…). */
  code?: string;
  /** `skipped`: the row is left out; `kept`: the row is used despite the problem. */
  action: DiagnosticAction;
}

/** `file:line: reason` — the one-line form used on stderr and in `doctor`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}`;
  const field = d.field ? `field "${d.field}": ` : '';
  return `${where}: ${field}${d.reason}${d.action === 'kept' ? ' (row kept)' : ''}`;
}

/** What a read of one file did: its dialect and its rows, each row accounted for (read = used + skipped). */
export interface FileStats {
  /** The file as named in messages. */
  file: string;
  encoding: string;
  delimiter: string;
  /** Data records in the file (blank lines included), header excluded. */
  rowsRead: number;
  rowsUsed: number;
  rowsSkipped: number;
  blankLines: number;
  /**
   * Lines of a report footer after the data (Salesforce `Grand Totals (N records)`, confidentiality
   * and copyright lines, the blank lines before them): ignored, and not counted in `rowsRead`.
   */
  footerLines: number;
  /** Physical line of the last record, for "the file may have been truncated" checks. */
  lastLine: number;
  notes: string[];
}
