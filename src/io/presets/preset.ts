// A preset is data: which headers a CRM's export uses for each canonical field, its date format and
// its won/lost words. `columns:` in the config overrides any entry. Presets for specific CRMs live
// beside this file, one per CRM, and are registered in index.ts.

export type FileKind = 'deals' | 'history' | 'payments';

export interface FilePreset {
  /** Canonical field → header names to look for, in order of preference (trimmed, case-insensitive). */
  columns: Record<string, readonly string[]>;
  /** date-fns format of the export's dates, when it is not ISO 8601. */
  dateFormat?: string;
  /** Values (of the status column, or stage names) that mean won / lost. */
  won?: readonly string[];
  lost?: readonly string[];
}

export interface Preset {
  name: string;
  /** Human name, used by `doctor` and `init`. */
  label: string;
  deals: FilePreset;
  history?: FilePreset;
  payments?: FilePreset;
}
