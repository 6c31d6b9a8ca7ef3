// The fast way to read a plain line of a deals file for a command that only counts (read-table.ts
// `FastRow`; readDeals with `countingOnly`): the cells are cut from the line's text, dates and
// amounts read in place, and the Deal made exactly as `readDeals`' build makes it. It reads only the
// lines that build would keep without a word: any cell in another form, any warning or problem (an
// empty amount, a won deal without a close date, a date in the future, a status it doubts, a
// currency it cannot confirm…) hands the line to the careful way, which words it. So the rules here
// are a subset of build's, never a copy that could drift: a test reads the same exports both ways.
//
// A read with a counted sink (`CountedRow`, conversion's counter) gets no Deal of a plain line: the
// line's values go to the sink in one reused `CountedDeal` — the dates as numbers, the amount made
// only when the counter asks for it (won and lost deals), the id checked by its number. On byte
// text (`FastRowInfo.cellText`) the cells kept as text are decoded, the rest read as ASCII.
import type Big from 'big.js';
import { plainIntegerIdAt } from '../model/deal-id.js';
import { NO_FIELDS, type CountedDeal, type CustomFields, type Deal, type DealStatus } from '../model/records.js';
import { currencyCode, fastDateReaders, isMissingDateCell, type CellContext } from './cells.js';
import type { StatusCells, StatusReader } from './deal-status.js';
import type { FilePreset } from './presets/preset.js';
import { CAREFUL, cellIn, detach, HANDED, plainFields, RepeatedCells, type FastRow, type FastRowInfo } from './read-table.js';
import { parseBoolean } from './values/boolean.js';
import { isPlainAmountAt, plainDecimalAt, plainHundredthsAt, type DecimalHint } from './values/number.js';

/** What `readDeals` knows of the file once its columns are mapped. */
export interface CountingRules {
  display: string;
  preset: FilePreset;
  ctx: CellContext;
  statusOf: StatusReader;
  hasStatusColumn: boolean;
  /** Deals created after this instant are warned about (careful way). */
  asOfMs: number;
  customNames: readonly string[];
  booleanFields: ReadonlySet<string>;
  /** The read's `interner`, which build passes managers, stages and other labels through. */
  intern: (text: string | undefined) => string | undefined;
  /** Fields whose cells the command does not use (`countingLabels`): read as if the column were absent. */
  unread: ReadonlySet<string>;
  /** The file has no id column: a deal's id is its line. */
  idsByLine: boolean;
}

/**
 * Where a counting read hands a plain line over instead of making a Deal of it: the deal (valid
 * only during the call), its id as a `plainIntegerId` and its line.
 */
export type CountedRow = (deal: CountedDeal, id: number, line: number) => void;

/** No column: every read of it gives "empty". */
const NONE = -1;

/**
 * The one `CountedDeal` of a counting read, filled anew for each plain line. Its amount stays the
 * amount cell's text until asked for: a count adds up the amounts of won deals only (and of lost
 * ones when it lists lost reasons), so an open deal's is never made.
 */
class PlainLineDeal implements CountedDeal {
  manager = '';
  pipeline = '';
  stage: string | undefined = undefined;
  source: string | undefined = undefined;
  lostReason: string | undefined = undefined;
  client: string | undefined = undefined;
  fields: CustomFields = NO_FIELDS;
  status: DealStatus = 'open';
  createdMs = 0;
  closedMs = NaN;
  /** The line's text and where its amount cell is in it (start -1: no amount column). */
  text = '';
  amountStart = -1;
  amountEnd = -1;

  constructor(private readonly hint: DecimalHint | undefined) {}

  get amount(): Big | undefined {
    // Checked plain when the line was read (`isPlainAmountAt`), so never undefined then.
    return this.amountStart === -1 ? undefined : plainDecimalAt(this.text, this.amountStart, this.amountEnd, this.hint);
  }

  get amountHundredths(): number {
    return this.amountStart === -1 ? NaN : plainHundredthsAt(this.text, this.amountStart, this.amountEnd, this.hint);
  }
}

/**
 * The fast row of a counting read: a Deal of each plain line, or with `handOver` the line's values
 * handed over there (and HANDED given back).
 */
export function countingDealRow(rules: CountingRules, shape: FastRowInfo, handOver?: CountedRow): FastRow<Deal> {
  const { display, preset, ctx, statusOf, hasStatusColumn, asOfMs, customNames, booleanFields, intern, unread, idsByLine } = rules;
  const { delimiter, width, trailingDelimiter, mapping, cellText } = shape;
  const column = (field: string) => (unread.has(field) ? NONE : (mapping.fields.get(field) ?? NONE));
  const idAt = column('id');
  const managerAt = column('manager');
  const pipelineAt = column('pipeline');
  const stageAt = column('stage');
  const statusAt = column('status');
  const amountAt = column('amount');
  const marginAt = column('margin');
  const createdAt = column('created_at');
  const closedAt = column('closed_at');
  const expectedAt = column('expected_close_at');
  const activityAt = column('last_activity_at');
  const stageChangedAt = column('stage_changed_at');
  const sourceAt = column('source');
  const reasonAt = column('lost_reason');
  const clientAt = column('client');
  const currencyAt = column('currency');
  const customAt = customNames.map((name) => mapping.custom.get(name) ?? NONE);
  const hint = ctx.decimalHint;
  const closeDateIsExpected = preset.openCloseDateIsExpected === true;

  const bounds = new Int32Array(2 * width);
  let text = '';
  // A cell kept as text; on byte text, decoded (numbers and dates are read in place, as ASCII).
  const textAt = (i: number): string | undefined => (i === NONE ? undefined : cellIn(text, bounds[2 * i]!, bounds[2 * i + 1]!, cellText));
  const isEmpty = (i: number): boolean => i === NONE || bounds[2 * i] === bounds[2 * i + 1];
  /** No column, or a cell with an amount in a plain form. */
  const plainAmount = (i: number): boolean => i === NONE || isPlainAmountAt(text, bounds[2 * i]!, bounds[2 * i + 1]!, hint);
  const dates = fastDateReaders(ctx);
  /** A date cell that says "no date": blank, or a word such as `не закрыта` (as `readInstant` sees it). */
  const noDate = (i: number): boolean => isMissingDateCell(textAt(i), ctx);
  /** Epoch ms of a timestamp cell in the plain form; undefined when it has no date, NaN for the careful way. */
  const instantAt = (i: number): number | undefined => {
    if (isEmpty(i)) return undefined;
    const at = dates.instant(text, bounds[2 * i]!, bounds[2 * i + 1]!);
    return Number.isNaN(at) && noDate(i) ? undefined : at;
  };
  // A date cell that is only checked: without a date, or plain.
  const plainDate = (i: number): boolean => isEmpty(i) || dates.isDate(text, bounds[2 * i]!, bounds[2 * i + 1]!) || noDate(i);
  // Managers, and the few labels of stages, pipelines and sources; lost reasons apart (free text in
  // some CRMs: they must not crowd the labels out of their cache).
  const managers = new RepeatedCells({ intern, cellText });
  const labels = new RepeatedCells({ intern, cellText });
  const reasons = new RepeatedCells({ intern, cellText });
  const repeated = (cache: RepeatedCells, i: number) => (i === NONE ? undefined : cache.at(text, bounds[2 * i]!, bounds[2 * i + 1]!));
  const cells: StatusCells = { flag: (field) => textAt(column(field)) };
  const counted = new PlainLineDeal(hint);
  const currencies = new Map<string, boolean>();
  const currencyConfirmed = (value: string): boolean => {
    let ok = currencies.get(value);
    if (ok === undefined) {
      ok = currencyCode(value) === ctx.currency;
      if (currencies.size < 100) currencies.set(value, ok);
    }
    return ok;
  };

  /** The line in `text`, cut at `bounds`. */
  const read = (line: number): Deal | typeof CAREFUL | typeof HANDED => {
    // Handed over, the id is only put in order, by its number (its text is not cut: '' stands for
    // it): an id that is not a plain integer stops a streamed read anyway (`IdOrder`), and the
    // careful way's Deal says where.
    const id = handOver !== undefined ? '' : idsByLine ? String(line) : textAt(idAt);
    const idValue = handOver === undefined ? -1 : idsByLine ? line : idAt === NONE ? -1 : plainIntegerIdAt(text, bounds[2 * idAt]!, bounds[2 * idAt + 1]!);
    const manager = repeated(managers, managerAt);
    const createdMs = instantAt(createdAt);
    if (id === undefined || (handOver !== undefined && idValue === -1) || manager === undefined || createdMs === undefined || Number.isNaN(createdMs) || createdMs > asOfMs) return CAREFUL;

    const stage = repeated(labels, stageAt);
    cells.stage = stage;
    if (hasStatusColumn) cells.status = textAt(statusAt);
    const verdict = statusOf(cells, hasStatusColumn);
    if (verdict.warning !== undefined) return CAREFUL;
    const status = verdict.status;

    // Amounts are checked where they are; an empty amount is warned about, and any other than a
    // plain one (a padded one too) is read the careful way.
    if (!plainAmount(amountAt) || (!isEmpty(marginAt) && !plainAmount(marginAt))) return CAREFUL;
    const closedMs = instantAt(closedAt);
    if (closedMs === undefined ? status !== 'open' : Number.isNaN(closedMs) || closedMs < createdMs || (status === 'open' && closeDateIsExpected)) return CAREFUL;
    if (!plainDate(expectedAt) || !plainDate(activityAt) || !plainDate(stageChangedAt)) return CAREFUL;
    const currency = textAt(currencyAt);
    if (currency !== undefined && !currencyConfirmed(currency)) return CAREFUL;
    let fields: CustomFields = NO_FIELDS;
    if (customNames.length > 0) {
      fields = {};
      for (let k = 0; k < customNames.length; k++) {
        const name = customNames[k]!;
        const value = textAt(customAt[k]!);
        if (booleanFields.has(name)) {
          const flag = parseBoolean(value ?? '');
          if (!flag.ok) return CAREFUL;
          fields[name] = flag.value;
        } else if (value !== undefined) fields[name] = detach(value);
      }
    }

    if (handOver !== undefined) {
      counted.manager = manager;
      counted.pipeline = repeated(labels, pipelineAt) ?? 'default';
      counted.stage = stage;
      counted.source = repeated(labels, sourceAt);
      counted.lostReason = repeated(reasons, reasonAt);
      counted.client = detach(textAt(clientAt));
      counted.fields = fields;
      counted.status = status;
      counted.createdMs = createdMs;
      counted.closedMs = closedMs ?? NaN;
      counted.text = text;
      counted.amountStart = amountAt === NONE ? -1 : bounds[2 * amountAt]!;
      counted.amountEnd = amountAt === NONE ? -1 : bounds[2 * amountAt + 1]!;
      handOver(counted, idValue, line);
      return HANDED;
    }
    const deal: Deal = {
      id: detach(id),
      manager,
      pipeline: repeated(labels, pipelineAt) ?? 'default',
      status,
      createdAt: new Date(createdMs),
      fields,
      src: { file: display, line },
    };
    if (stage !== undefined) deal.stage = stage;
    if (amountAt !== NONE) deal.amount = plainDecimalAt(text, bounds[2 * amountAt]!, bounds[2 * amountAt + 1]!, hint)!;
    if (closedMs !== undefined) deal.closedAt = new Date(closedMs);
    const source = repeated(labels, sourceAt);
    if (source !== undefined) deal.source = source;
    const lostReason = repeated(reasons, reasonAt);
    if (lostReason !== undefined) deal.lostReason = lostReason;
    const client = detach(textAt(clientAt));
    if (client !== undefined) deal.client = client;
    if (currency !== undefined) deal.currency = currency;
    return deal;
  };

  const row: FastRow<Deal> = (lineText, start, end, line) => {
    if (!plainFields(lineText, start, end, delimiter, width, trailingDelimiter, bounds)) return CAREFUL;
    text = lineText;
    return read(line);
  };
  // A quoted line's cells, one after the other in one text: each cell is then read where it is, as
  // a plain line's (a cell may hold the delimiter, a quote or a line break: its bounds say where it ends).
  row.cells = (cells, line) => {
    if (cells.length !== width) return CAREFUL;
    let at = 0;
    for (let i = 0; i < width; i++) {
      bounds[2 * i] = at;
      at += cells[i]!.length;
      bounds[2 * i + 1] = at;
    }
    text = cells.join('');
    return read(line);
  };
  return row;
}
