// Reads a stage-history export into stage entries (SPEC §1 "stage event"). Two row forms:
// entries (`deal_id, stage, entered_at`) and changes (`deal_id, from_stage, to_stage, changed_at`);
// a change is read as an entry into `to_stage`. Which form a file has follows from its mapping.
// Salesforce's OpportunityHistory and Zoho's stage-history backup are entry forms (presets map
// them); the third, wide, form lives on the deals file (read-wide-history.ts).
import { stageEvent, type StageEvent } from '../model/records.js';
import type { FileConfig } from '../config/schema.js';
import { InputError } from '../model/errors.js';
import { fastDateReaders, fileCellContext, readInstant } from './cells.js';
import { CAREFUL, cellIn, interner, plainFields, readTable, RepeatedCells, RowProblem, type FastRow, type FastRowInfo, type ReadTableResult } from './read-table.js';
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
  // Deal ids, stages and pipelines repeat across millions of rows: one string each (see `interner`).
  const intern = interner();
  return readHistoryAs(options, (dealId, stage, enteredMs, line, pipeline) =>
    stageEvent(intern(dealId), intern(stage), enteredMs, options.display, line, intern(pipeline)),
  );
}

/** What a read row of history becomes (a StageEvent, or a row of columns in a reading thread). */
export type MakeEntry<T> = (dealId: string, stage: string, enteredMs: number, line: number, pipeline: string | undefined) => T;

/**
 * The rows of a history file, checked and read, each handed to `make`; with `sink`, what `make`
 * returns goes to it and is not kept (`records` stays empty: a reader that stores the entries
 * itself must not also grow a list of five million of them).
 */
export async function readHistoryAs<T>(options: ReadHistoryOptions, make: MakeEntry<T>, sink?: (entry: T) => void): Promise<ReadTableResult<T>> {
  const { file, preset } = options;
  const ctx = fileCellContext({ timezone: options.timezone, currency: options.currency, dateFormat: file.date_format, preset });
  const separator = preset.stagePipelineSeparator;
  let stageField = 'stage';
  let timeField = 'entered_at';

  return readTable<T>(
    {
      path: options.path,
      display: options.display,
      encoding: file.encoding,
      delimiter: file.delimiter,
      explicit: file.columns,
      preset: options.preset,
      required: ['deal_id'],
      fastRows: (shape) => {
        const instantAt = fastDateReaders(ctx).instant;
        return fastEntries(shape, stageField, timeField, (dealId, stageText, pipelineText, text, timeStart, timeEnd, line) => {
          const { stage, pipeline } = splitStage(stageText, pipelineText, separator);
          if (stage === undefined || stage === '') return CAREFUL;
          const enteredMs = instantAt(text, timeStart, timeEnd);
          return Number.isNaN(enteredMs) ? CAREFUL : make(dealId, stage, enteredMs, line, pipeline);
        });
      },
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
      const { stage, pipeline } = splitStage(row.text(stageField), row.text('pipeline'), separator);
      if (stage === undefined || stage === '') throw new RowProblem('is empty: no stage to enter', stageField, row.columnOf(stageField));
      const enteredMs = readInstant(row, timeField, ctx);
      if (enteredMs === undefined) throw new RowProblem('is empty, but it is required', timeField, row.columnOf(timeField));
      return make(dealId, stage, enteredMs, row.line, pipeline);
    },
    sink,
  );
}

/** `Воронка / Этап` (amoCRM): the pipeline travels with the stage name, before the separator. */
function splitStage(stage: string | undefined, pipeline: string | undefined, separator: string | undefined): { stage: string | undefined; pipeline: string | undefined } {
  const cut = separator === undefined || stage === undefined ? -1 : stage.indexOf(separator);
  if (cut <= 0 || stage === undefined || separator === undefined) return { stage, pipeline };
  return { pipeline: pipeline ?? stage.slice(0, cut).trim(), stage: stage.slice(cut + separator.length).trim() };
}

/**
 * The fast way to read a plain history line (read-table.ts `FastRow`): its cells cut from the text
 * and trimmed as `RowView` trims them (the time is left in place for `entry` to read); a line with
 * a missing required cell, a field count that does not fit, or a value `entry` does not take goes
 * the careful way, which words the problem.
 */
function fastEntries<T>(
  { mapping, delimiter, width, trailingDelimiter, cellText }: FastRowInfo,
  stageField: string,
  timeField: string,
  entry: (dealId: string, stage: string | undefined, pipeline: string | undefined, text: string, timeStart: number, timeEnd: number, line: number) => T | typeof CAREFUL,
): FastRow<T> | undefined {
  const idAt = mapping.fields.get('deal_id');
  const stageAt = mapping.fields.get(stageField);
  const timeAt = mapping.fields.get(timeField);
  const pipelineAt = mapping.fields.get('pipeline');
  if (idAt === undefined || stageAt === undefined || timeAt === undefined) return undefined;
  const bounds = new Int32Array(2 * width);
  const repeated = new RepeatedCells({ cellText });
  return (text, start, end, line) => {
    if (!plainFields(text, start, end, delimiter, width, trailingDelimiter, bounds)) return CAREFUL;
    const dealId = cellIn(text, bounds[2 * idAt]!, bounds[2 * idAt + 1]!, cellText);
    if (dealId === undefined) return CAREFUL;
    const pipeline = pipelineAt === undefined ? undefined : repeated.at(text, bounds[2 * pipelineAt]!, bounds[2 * pipelineAt + 1]!);
    return entry(dealId, repeated.at(text, bounds[2 * stageAt]!, bounds[2 * stageAt + 1]!), pipeline, text, bounds[2 * timeAt]!, bounds[2 * timeAt + 1]!, line);
  };
}
