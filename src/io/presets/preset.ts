// A preset is data: which headers a CRM's export uses for each canonical field, its date format and
// its won/lost words, flags and quirks. `columns:` in the config overrides any entry. Presets for
// specific CRMs live beside this file, one per CRM, and are registered in index.ts. The readers
// interpret these tables generically: no reader ever asks which CRM it is reading.

export type FileKind = 'deals' | 'history' | 'payments';

/**
 * What one cell of a status flag column says about a deal. `closed` alone does not tell won from
 * lost (Bitrix24's `Сделка закрыта`, Salesforce's `IsClosed`); `not-won` together with `closed`
 * means lost (Salesforce `IsClosed = true, IsWon = false`).
 */
export type StatusHint = 'won' | 'lost' | 'open' | 'closed' | 'not-won';

export interface StatusFlag {
  /** A key of `columns` (e.g. `is_closed_won`): the flag's header names are listed there. */
  field: string;
  /** What a "yes" cell says (the boolean words of SPEC §1: true, yes, да, 1, y, x). */
  yes?: StatusHint;
  /** What a "no" cell says (false, no, нет, 0, n). An empty cell says nothing. */
  no?: StatusHint;
  /** What other values say (trimmed, case-insensitive), e.g. Bitrix24's semantic ids S / F / P. */
  values?: Readonly<Record<string, StatusHint>>;
}

/** A column to take `closed_at` from when the export has no close date for a deal. */
export interface ClosedAtSource {
  /** A key of `columns` (e.g. `won_time`). */
  field: string;
  /** Only for deals with this status; any closed deal when absent. */
  when?: 'won' | 'lost';
}

/** Stage history written as one column per stage on the deals file (HubSpot). */
export interface WideHistoryPreset {
  /**
   * Headers of "date entered" columns, with the named groups `stage` and (optional) `pipeline`.
   * Other per-stage columns (date exited, cumulative time, legacy time in) must not match.
   */
  entered: RegExp;
}

export interface FilePreset {
  /** Canonical field → header names to look for, in order of preference (trimmed, case-insensitive). */
  columns: Record<string, readonly string[]>;
  /** date-fns format of the export's dates, when it is not ISO 8601. */
  dateFormat?: string;
  /**
   * The decimal separator the CRM writes, whatever the delimiter (an Excel re-save as tab-separated
   * Unicode text keeps `10,000` with a comma for thousands). Default: guessed from the delimiter.
   */
  decimal?: '.' | ',';
  /**
   * How the export writes times: `utc` (timestamps are UTC; an ISO timestamp that lost its `Z` is
   * still read as UTC) or `account-local` (wall clock in the account's zone, the config's timezone).
   */
  timezone?: 'utc' | 'account-local';
  /** The zone such accounts usually have, suggested by `init` (account-local exports only). */
  usualTimezone?: string;
  /** Words the CRM writes in date columns to mean "no date" (besides empty, `-`, `n/a`…). */
  missingDates?: readonly string[];
  /** Values (of the status column, or stage names) that mean won / lost. */
  won?: readonly string[];
  lost?: readonly string[];
  /** Flag columns that tell the status when there is no status column. */
  statusFlags?: readonly StatusFlag[];
  /**
   * Whether a closed deal's stage names its outcome (a won stage, a lost stage). False when a closed
   * deal keeps the working stage it was in (Pipedrive): then no stage is a won or lost stage.
   * Default true.
   */
  stageShowsOutcome?: boolean;
  /** Where `closed_at` comes from when the close-date column is absent or empty, in order. */
  closedAtFrom?: readonly ClosedAtSource[];
  /** Said once (in the file's notes) when `closedAtFrom` had to be used. */
  closedAtNote?: string;
  /**
   * The close-date column holds the *expected* close date while a deal is open (Salesforce, HubSpot,
   * Zoho): for open deals it is read as `expected_close_at` (when that has no column of its own).
   */
  openCloseDateIsExpected?: boolean;
  /** Lines after the data that are the report's footer, matched against the first non-empty cell. */
  footer?: readonly RegExp[];
  /**
   * A key of `columns` for a product column: when it is present, a deal may repeat on one row per
   * product, and the duplicate message says so.
   */
  productField?: string;
  /** Why the preset reads the first of two same-named columns, by header (shown in the notes). */
  duplicateHeaders?: Readonly<Record<string, string>>;
  /** Deals file only: stage history as per-stage columns. */
  wideHistory?: WideHistoryPreset;
  /** History only: stage values written as `Pipeline<sep>Stage` (split at the first separator). */
  stagePipelineSeparator?: string;
}

export interface Preset {
  name: string;
  /** Human name, used by `doctor` and `init`. */
  label: string;
  /**
   * Headers (exact, case-sensitive, after trimming) or header patterns that only this CRM writes:
   * how `init` recognises an export. Each match weighs more than a match of an ordinary column.
   */
  signatures?: ReadonlyArray<string | RegExp>;
  /** The currency `init` suggests when the export does not say. */
  currency?: string;
  deals: FilePreset;
  history?: FilePreset;
  payments?: FilePreset;
}
