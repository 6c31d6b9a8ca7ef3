// Reads a stage-history export into stage entries (SPEC §1 "stage event"). Two row forms:
// entries (`deal_id, stage, entered_at`) and changes (`deal_id, from_stage, to_stage, changed_at`);
// a change is read as an entry into `to_stage`. Which form a file has follows from its mapping.
import type { StageEvent } from '../model/records.js';
import type { FileConfig } from '../config/schema.js';
import { InputError } from '../model/errors.js';
import { readDateTime, type CellContext } from './cells.js';
import { readTable, RowProblem, type ReadTableResult } from './read-table.js';
import type { FilePreset } from './presets/preset.js';

export interface ReadHistoryOptions {
  path: string;
  display: string;
  file: FileConfig;
  preset: FilePreset;
  timezone: string;
  currency: string;
}

export async function readHistory(options: ReadHistoryOptions): Promise<ReadTableResult<StageEvent>> {
  const { file } = options;
  const dateFormat = file.date_format ?? options.preset.dateFormat;
  const ctx: CellContext = { timezone: options.timezone, decimalHint: ',', currency: options.currency, ...(dateFormat ? { dateFormat } : {}) };
  let stageField = 'stage';
  let timeField = 'entered_at';

  return readTable<StageEvent>(
    {
      path: options.path,
      display: options.display,
      encoding: file.encoding,
      delimiter: file.delimiter,
      explicit: file.columns,
      preset: options.preset,
      required: ['deal_id'],
      onOpen: ({ mapping }) => {
        const has = (f: string) => mapping.fields.has(f);
        if (has('to_stage') && has('changed_at')) {
          stageField = 'to_stage';
          timeField = 'changed_at';
        } else if (!(has('stage') && has('entered_at'))) {
          throw new InputError(
            `${options.display}:1: cannot tell the form of this stage history: map either stage + entered_at (one row per entry into a stage) or to_stage + changed_at (one row per change, from → to)`,
          );
        }
      },
    },
    (row) => {
      const dealId = row.required('deal_id');
      const stage = row.text(stageField);
      if (stage === undefined) throw new RowProblem('is empty: no stage to enter', stageField, row.columnOf(stageField));
      const enteredAt = readDateTime(row, timeField, ctx);
      if (enteredAt === undefined) throw new RowProblem('is empty, but it is required', timeField, row.columnOf(timeField));
      const event: StageEvent = { dealId, stage, enteredAt, src: { file: options.display, line: row.line } };
      const pipeline = row.text('pipeline');
      if (pipeline !== undefined) event.pipeline = pipeline;
      return event;
    },
  );
}
