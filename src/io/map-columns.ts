// Decides which column of a file holds each canonical field: the config's `columns:` first, then the
// preset's header names. Mistakes here would silently read the wrong numbers, so every ambiguity is
// an error that names the columns involved.
import { InputError } from '../model/errors.js';
import { didYouMean } from '../config/suggest.js';
import type { FilePreset } from './presets/preset.js';

export interface ColumnMapping {
  /** Canonical field → 0-based column index. */
  fields: Map<string, number>;
  /** Custom field name → 0-based column index. */
  custom: Map<string, number>;
  /** Facts worth telling the user (which of two same-named columns a preset used…). */
  notes: string[];
}

export interface MapColumnsInput {
  file: string;
  header: readonly string[];
  /** `columns:` from the config: canonical field → header. */
  explicit: Readonly<Record<string, string | undefined>>;
  /** `fields:` from the config: custom name → header. */
  custom?: Readonly<Record<string, string>>;
  preset: FilePreset;
  /** Fields without which the file cannot be read at all. */
  required: readonly string[];
}

const normalize = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** 0-based indexes of the columns whose header matches `name` (exactly after trimming, else loosely). */
function findHeader(header: readonly string[], name: string): number[] {
  const exact = header.flatMap((h, i) => (h.trim() === name.trim() ? [i] : []));
  if (exact.length > 0) return exact;
  const loose = normalize(name);
  return header.flatMap((h, i) => (normalize(h) === loose ? [i] : []));
}

const columnLabel = (i: number) => `column ${i + 1}`;

export function mapColumns(input: MapColumnsInput): ColumnMapping {
  const { file, header } = input;
  const fields = new Map<string, number>();
  const custom = new Map<string, number>();
  const notes: string[] = [];
  const listed = header.map((h) => `"${h}"`).join(', ');

  const explicitColumn = (what: string, name: string): number => {
    const found = findHeader(header, name);
    if (found.length === 0) {
      throw new InputError(
        `${file}:1: the config maps ${what} to the column "${name}", which is not in the file${didYouMean(name, header)}.\n  Headers in the file: ${listed}`,
      );
    }
    if (found.length > 1) {
      throw new InputError(
        `${file}:1: the config maps ${what} to "${name}", but ${found.map(columnLabel).join(' and ')} both have that header; the file is ambiguous. Rename one of them in the file.`,
      );
    }
    return found[0]!;
  };

  for (const [field, name] of Object.entries(input.explicit)) {
    if (name !== undefined) fields.set(field, explicitColumn(`field "${field}"`, name));
  }
  for (const [field, candidates] of Object.entries(input.preset.columns)) {
    if (fields.has(field)) continue;
    for (const name of candidates) {
      const found = findHeader(header, name);
      if (found.length === 0) continue;
      fields.set(field, found[0]!);
      if (found.length > 1) {
        const why = input.preset.duplicateHeaders?.[name];
        notes.push(`${file}: "${name}" appears in ${found.map(columnLabel).join(' and ')}; "${field}" is read from ${columnLabel(found[0]!)}${why ? ` (${why})` : ''}`);
      }
      break;
    }
  }
  for (const [name, headerName] of Object.entries(input.custom ?? {})) {
    custom.set(name, explicitColumn(`custom field "${name}"`, headerName));
  }

  const missing = input.required.filter((f) => !fields.has(f));
  if (missing.length > 0) {
    const f = missing[0]!;
    throw new InputError(
      `${file}:1: no column for the required field "${f}"${missing.length > 1 ? ` (also missing: ${missing.slice(1).join(', ')})` : ''}. ` +
        `Map it in the config, e.g. columns: { ${f}: "<header>" }.\n  Headers in the file: ${listed}`,
    );
  }
  return { fields, custom, notes };
}
