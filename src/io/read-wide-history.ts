// Stage history in the *wide* form (SPEC §1): one column per stage on the deals file itself, as
// HubSpot exports it — `Date entered "Qualified To Buy (Sales Pipeline)"`, in double or single
// quotes (both styles coexist in one export). Each filled cell is one entry of the deal into that
// stage, the same StageEvent the entry and from→to forms give. `Date exited …`, `Cumulative time
// in …` and the legacy `Time in '…'` columns are other facts about the same visits and are ignored:
// the entries alone determine the visits.
import { stageEvent, type StageEvent } from '../model/records.js';
import { parseInstantCell, isMissingDateCell, type CellContext } from './cells.js';
import type { WideHistoryPreset } from './presets/preset.js';
import type { RowView } from './read-table.js';

export interface WideColumn {
  /** 0-based column index in the deals file. */
  index: number;
  header: string;
  stage: string;
  pipeline?: string;
}

/** The "date entered" columns of a header, in file order. */
export function findWideHistoryColumns(header: readonly string[], spec: WideHistoryPreset): WideColumn[] {
  const columns: WideColumn[] = [];
  header.forEach((h, index) => {
    const m = spec.entered.exec(h.trim());
    const stage = m?.groups?.['stage']?.trim();
    if (m === null || stage === undefined || stage === '') return;
    const column: WideColumn = { index, header: h, stage };
    const pipeline = m.groups?.['pipeline']?.trim();
    if (pipeline !== undefined && pipeline !== '') column.pipeline = pipeline;
    columns.push(column);
  });
  return columns;
}

/**
 * The entries of one deal row, in column order (which is the pipeline's order in HubSpot's
 * exports, so entries at the same instant keep that order). The same stage under both quote styles
 * with the same time is one entry. A cell that is not a date does not cost the deal: that entry is
 * left out and the row is kept with a warning.
 */
export function readWideEvents(row: RowView, dealId: string, columns: readonly WideColumn[], ctx: CellContext): StageEvent[] {
  const events: StageEvent[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    const text = row.cellAt(column.index);
    if (isMissingDateCell(text, ctx)) continue;
    const r = parseInstantCell(text!, ctx);
    if (!r.ok) {
      row.warn(`column "${column.header}": ${r.reason}; this stage entry is left out of the history`);
      continue;
    }
    const key = `${column.pipeline ?? ''}\u0000${column.stage}\u0000${r.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    events.push(stageEvent(dealId, column.stage, r.value, row.file, row.line, column.pipeline));
  }
  return events;
}
