// Reads the deals export into Deal records (SPEC §1 "deal"): status from a status column, the
// preset's flag columns or the stage via the won/lost lists (deal-status.ts), closed_at from the
// preset's fallbacks, duplicate ids resolved (last row wins, both lines reported), doubtful rows kept
// with a warning, and optionally the wide-form stage history of the same rows.
import type Big from 'big.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { IdOrder } from '../model/deal-id.js';
import { PartBoundary } from './csv/tokenizer.js';
import { DealTable } from '../model/deal-table.js';
import { closedBeforeCreated, countedDeal, NO_FIELDS, type CountedDeal, type Deal, type StageEvent } from '../model/records.js';
import type { DealsFileConfig } from '../config/schema.js';
import { checkAmount, checkInstant, checkLocalDate, decimalHintFor, fileCellContext, readAmountIn, readCurrencyColumn, readCustomBoolean, readDateTime, readInstant, readLocalDate } from './cells.js';
import { makeStatusReader, type StatusCells } from './deal-status.js';
import { countingDealRow } from './read-deals-fast.js';
import { findWideHistoryColumns, readWideEvents, type WideColumn } from './read-wide-history.js';
import { detach, interner, readTable, RowProblem, type ReadTableResult, type TablePart } from './read-table.js';
import type { FilePreset } from './presets/preset.js';

export interface ReadDealsOptions {
  path: string;
  display: string;
  file: DealsFileConfig;
  preset: FilePreset;
  timezone: string;
  currency: string;
  /** Won / lost stage names of every pipeline in the config. */
  pipelineWon: readonly string[];
  pipelineLost: readonly string[];
  /** Custom fields read as booleans: the commission plans' `require` gates. */
  booleanFields: ReadonlySet<string>;
  marginRate?: import('big.js').Big;
  /** Deals created after this instant are kept with a warning (a date in the future). */
  asOf: Date;
  /** Also read the stage entries of the preset's wide-history columns (no history file is set). */
  wideHistory?: boolean;
  /**
   * The command only counts deals (conversion, funnel): titles, margins, expected close and activity
   * dates are still read and checked — a bad cell skips its row exactly as in every other command —
   * but not kept, which saves a third of the memory of a big export.
   */
  countingOnly?: boolean;
  /**
   * With `countingOnly`: the free labels (`FREE_LABELS`) that the command groups by or lists, kept
   * on the deals; the others are not read at all, as titles are not kept. Any text is a valid
   * label, so a label left unread changes no row's fate. Undefined keeps them all.
   */
  countingLabels?: readonly FreeLabel[];
  /**
   * Hand each deal to this function as it is read, and keep none (the result's `records` is
   * empty): bounded memory for a command that counts. Repeated ids are resolved by keeping the last
   * row, which a stream cannot do once the earlier row is counted, so this works only while the ids
   * are in strict order (plain integers, increasing or decreasing: none can repeat); at the first id
   * out of order the read stops with `DealsOutOfOrder`, and the caller reads the file again whole.
   */
  onDeal?: (deal: Deal) => void;
  /**
   * With `countingOnly`, instead of `onDeal`: each deal as the counted view a counter takes
   * (`CountedDeal`); plain lines come without a Deal made of them (read-deals-fast.ts).
   */
  onCounted?: (deal: CountedDeal) => void;
  /**
   * Read one part of the file (read-deals-in-parts.ts): the notes on closed_at fallbacks are then left to
   * the caller, which adds up the parts' `closedAtFallbacks`.
   */
  part?: TablePart;
  /**
   * Plain lines as byte text (`ReadTableOptions.bytes`): a read that meets what byte text cannot
   * settle throws `PartBoundary`, and the caller reads the file again without.
   */
  bytes?: boolean;
}

/**
 * The labels of a deal that any text is valid for and that only grouping reads (a pipeline decides
 * no status: the won and lost stages of every pipeline count for all): a counting read leaves
 * unread those its command does not use (`countingLabels`), a deal without its pipeline is in
 * `default`, as when the export has no such column; three lookups of five a line.
 */
export const FREE_LABELS = ['pipeline', 'source', 'lost_reason', 'client'] as const;
export type FreeLabel = (typeof FREE_LABELS)[number];

/** The manager of a deal whose manager cell is empty (kept, with a warning). */
export const NO_MANAGER = '(none)';

/** Thrown by a streaming read (`onDeal`) at the first deal id out of strict order. */
export class DealsOutOfOrder extends Error {
  constructor(readonly line: number) {
    super(`deal ids are not in strict order from line ${line} on: the deals must be read whole`);
  }
}

export interface ReadDealsResult extends ReadTableResult<Deal> {
  /**
   * Stage entries read from the deals file's own per-stage columns (the wide form), when
   * `wideHistory` was asked for and the file has such columns.
   */
  events?: StageEvent[];
  /** Closed deals that took closed_at from another column, per column header. */
  closedAtFallbacks: Map<string, number>;
  /** A streamed read (`onDeal`, `onCounted`): the first and last deal id handed over, when any was. */
  idRange?: { first: string; last: string };
}

export async function readDeals(options: ReadDealsOptions): Promise<ReadDealsResult> {
  const { file, preset } = options;
  const statusOf = makeStatusReader(preset, {
    won: [...file.status.won, ...options.pipelineWon],
    lost: [...file.status.lost, ...options.pipelineLost],
  });
  const ctx = fileCellContext({ timezone: options.timezone, currency: options.currency, dateFormat: file.date_format, preset });
  let hasStatusColumn = false;
  let idsByLine = false;
  let productColumn: string | undefined;
  let wideColumns: WideColumn[] = [];
  const eventsByDeal = new Map<string, StageEvent[]>();
  const closedAtFallbacks = new Map<string, number>();
  // Managers, pipelines, stages, sources and reasons repeat on every row (see `interner`).
  const intern = interner();
  const customNames = Object.keys(file.fields);
  const { onDeal, onCounted } = options;
  const asOfMs = options.asOf.getTime();
  const unread = new Set<string>(
    options.countingOnly === true && options.countingLabels !== undefined ? FREE_LABELS.filter((l) => !options.countingLabels!.includes(l)) : [],
  );
  if ((onDeal !== undefined || onCounted !== undefined) && options.wideHistory) throw new Error('readDeals: a streamed read has no wide history');
  if (onCounted !== undefined && (onDeal !== undefined || options.countingOnly !== true)) throw new Error('readDeals: onCounted is a counting read without onDeal');
  const order = new IdOrder();
  // Deals kept (no sink of the caller's) are kept as the columns of a table, each read through a
  // row (model/deal-table.ts): a tenth of the memory of the objects `build` makes.
  const table = onCounted === undefined && onDeal === undefined ? new DealTable() : undefined;
  const rows: Deal[] = [];
  const sink =
    table !== undefined
      ? (deal: Deal) => {
          rows.push(table.add(deal));
        }
      : onCounted !== undefined
      ? (deal: Deal) => {
          if (!order.accept(deal.id)) throw new DealsOutOfOrder(deal.src.line);
          onCounted(countedDeal(deal));
        }
      : onDeal !== undefined
        ? (deal: Deal) => {
            if (!order.accept(deal.id)) throw new DealsOutOfOrder(deal.src.line);
            onDeal(deal);
          }
        : undefined;
  const handOver =
    onCounted === undefined
      ? undefined
      : (deal: CountedDeal, id: number, line: number) => {
          if (!order.acceptValue(id)) throw new DealsOutOfOrder(line);
          onCounted(deal);
        };

  // Columns that only the preset knows (flags, won/lost times…) are mapped like canonical fields.
  const result = await readTable<Deal>(
    {
      path: options.path,
      display: options.display,
      encoding: file.encoding,
      delimiter: file.delimiter,
      explicit: file.columns,
      custom: file.fields,
      preset,
      // A file without an id column numbers its deals by their lines (`idOfLine`).
      required: ['manager', 'created_at'],
      // Only the id, the manager and the creation date make a deal row bad; any other cell that
      // cannot be read is left empty and the deal kept with a warning.
      keepUnreadable: true,
      ...(options.part !== undefined ? { part: options.part } : {}),
      ...(options.bytes === true ? { bytes: true } : {}),
      onOpen: ({ delimiter, header, mapping }) => {
        ctx.decimalHint = decimalHintFor(delimiter, file.decimal ?? preset.decimal);
        idsByLine = !mapping.fields.has('id');
        // A later part may number its lines from its own start: such a file is read in one piece.
        if (idsByLine && options.part !== undefined && options.part.start > 0) throw new PartBoundary('the file has no id column: its deals are numbered by line');
        hasStatusColumn = mapping.fields.has('status');
        const product = preset.productField === undefined ? undefined : mapping.fields.get(preset.productField);
        if (product !== undefined) productColumn = header[product];
        if (options.wideHistory && preset.wideHistory) wideColumns = findWideHistoryColumns(header, preset.wideHistory);
      },
      // A counting read takes plain lines the fast way (read-deals-fast.ts): the lines `build` below
      // would keep without a word; every other line comes to `build`.
      fastRows: (shape) =>
        options.countingOnly === true && wideColumns.length === 0
          ? countingDealRow(
              { display: options.display, preset, ctx, statusOf, hasStatusColumn, asOfMs, customNames, booleanFields: options.booleanFields, intern, unread, idsByLine },
              shape,
              handOver,
            )
          : undefined,
    },
    (row) => {
      const id = idsByLine ? String(row.line) : detach(row.required('id'));
      let manager = intern(row.text('manager'));
      if (manager === undefined) {
        row.warn(`the manager is empty: counted under "${NO_MANAGER}"`, 'manager');
        manager = NO_MANAGER;
      }
      const createdAt = readDateTime(row, 'created_at', ctx);
      if (createdAt === undefined) throw new RowProblem('is empty, but it is required', 'created_at', row.columnOf('created_at'));
      const cells: StatusCells = { stage: row.text('stage'), flag: (f) => row.text(f) };
      if (hasStatusColumn) cells.status = row.text('status');
      const verdict = statusOf(cells, hasStatusColumn);
      if (verdict.warning !== undefined) row.warn(verdict.warning, hasStatusColumn ? 'status' : undefined);
      const status = verdict.status;
      const amountCell = readAmountIn(row, 'amount', ctx);
      let amount = amountCell.value;
      if (amount !== undefined && amount.lt(0)) amount = row.unreadable('amount', `negative deal amount "${row.text('amount')}"`, row.text('amount'));
      // A command that only counts checks the cells it does not keep — a bad one skips the row, as
      // everywhere — without making their values.
      const keepAll = options.countingOnly !== true;
      let marginCell: Big | undefined;
      let marginForeign: string | undefined;
      if (keepAll) ({ value: marginCell, foreign: marginForeign } = readAmountIn(row, 'margin', ctx));
      else marginForeign = checkAmount(row, 'margin', ctx);
      // A deal in another currency than the config's (its amount's sign or code, or its currency
      // column) is counted, and its amounts left out of every sum: dealpulse never converts.
      const currencyCell = readCurrencyColumn(row, ctx);
      const foreign = amountCell.foreign ?? currencyCell.foreign ?? marginForeign;
      if (foreign !== undefined) {
        row.warn(`the amount is in ${foreign}, the config's currency is ${ctx.currency}: the deal is counted, its amount left out of sums (dealpulse does not convert currencies)`, amountCell.foreign !== undefined || currencyCell.foreign === undefined ? 'amount' : 'currency');
        amount = undefined;
        marginCell = undefined;
      }
      let closedAt = readDateTime(row, 'closed_at', ctx);
      let expected = keepAll ? readLocalDate(row, 'expected_close_at', ctx) : undefined;
      const hasExpected = keepAll ? expected !== undefined : checkLocalDate(row, 'expected_close_at', ctx);
      if (status === 'open' && preset.openCloseDateIsExpected && closedAt !== undefined) {
        // An open deal's "close date" is when it is expected to close, not a close.
        if (!hasExpected && !row.has('expected_close_at')) expected = readLocalDate(row, 'closed_at', ctx);
        closedAt = undefined;
      }
      if (closedAt === undefined && status !== 'open') {
        for (const source of preset.closedAtFrom ?? []) {
          if (source.when !== undefined && source.when !== status) continue;
          const at = readDateTime(row, source.field, ctx);
          if (at === undefined) continue;
          closedAt = at;
          const column = row.columnOf(source.field)!;
          closedAtFallbacks.set(column, (closedAtFallbacks.get(column) ?? 0) + 1);
          break;
        }
      }

      const deal: Deal = {
        id,
        manager,
        pipeline: (unread.has('pipeline') ? undefined : intern(row.text('pipeline'))) ?? 'default',
        status,
        createdAt,
        fields: customNames.length === 0 ? NO_FIELDS : {},
        src: { file: options.display, line: row.line },
      };
      const title = keepAll ? detach(row.text('title')) : undefined;
      if (title !== undefined) deal.title = title;
      const stage = intern(row.text('stage'));
      if (stage !== undefined) deal.stage = stage;
      if (amount !== undefined) deal.amount = amount;
      else if (foreign !== undefined) deal.foreignCurrency = foreign;
      else if (row.has('amount')) row.warn('amount is empty: the deal is left out of sums', 'amount');
      if (keepAll && marginCell !== undefined) deal.margin = marginCell;
      else if (keepAll && amount !== undefined && options.marginRate !== undefined) deal.margin = amount.times(options.marginRate);
      if (closedAt !== undefined) {
        deal.closedAt = closedAt;
        if (closedBeforeCreated(createdAt.getTime(), closedAt.getTime(), options.timezone)) row.warn('closed before it was created (closed_at < created_at)', 'closed_at');
      } else if (status !== 'open') {
        row.warn(`${status} deal without a close date: counted as a lead, left out of ${status} counts`, 'closed_at');
      }
      if (createdAt.getTime() > asOfMs) row.warn('created after --as-of (a date in the future)', 'created_at');
      // Checked in every command (a bad date skips its row); made a Date only when it is kept.
      if (keepAll) {
        const lastActivity = readInstant(row, 'last_activity_at', ctx);
        const stageChanged = readInstant(row, 'stage_changed_at', ctx);
        if (expected !== undefined) deal.expectedCloseAt = expected;
        if (lastActivity !== undefined) deal.lastActivityAt = new Date(lastActivity);
        if (stageChanged !== undefined) deal.stageChangedAt = new Date(stageChanged);
      } else {
        checkInstant(row, 'last_activity_at', ctx);
        checkInstant(row, 'stage_changed_at', ctx);
      }
      const source = unread.has('source') ? undefined : intern(row.text('source'));
      if (source !== undefined) deal.source = source;
      const lostReason = unread.has('lost_reason') ? undefined : intern(row.text('lost_reason'));
      if (lostReason !== undefined) deal.lostReason = lostReason;
      const client = unread.has('client') ? undefined : detach(row.text('client'));
      if (client !== undefined) deal.client = client;
      if (currencyCell.text !== undefined) deal.currency = currencyCell.text;
      for (const name of customNames) {
        if (options.booleanFields.has(name)) deal.fields[name] = readCustomBoolean(row, name);
        else {
          const v = detach(row.customText(name));
          if (v !== undefined) deal.fields[name] = v;
        }
      }
      // Last: a row that fails above must not leave entries behind. A repeated id replaces them,
      // as its row replaces the deal.
      if (wideColumns.length > 0) eventsByDeal.set(id, readWideEvents(row, id, wideColumns, ctx));
      return deal;
    },
    sink,
  );
  if (table !== undefined) result.records = rows;
  if (idsByLine && options.part === undefined) {
    result.diagnostics.unshift({ file: options.display, line: 1, reason: 'the file has no id column: each deal is numbered by its line (map `id` under columns: if the CRM has ids)', action: 'kept', code: 'ids-by-line' });
  }
  if (options.part === undefined) result.stats.notes.push(...closedAtNotes(options.display, preset, closedAtFallbacks));
  const deals = resolveDuplicates(result, productColumn);
  const out: ReadDealsResult = { ...result, records: deals, closedAtFallbacks };
  // Every id handed over passed `order`, so they are plain integers, which their numbers give back.
  if (table === undefined && order.first !== -1) out.idRange = { first: String(order.first), last: String(order.last) };
  if (wideColumns.length > 0) {
    const events = deals.flatMap((d) => eventsByDeal.get(d.id) ?? []);
    out.events = events;
    result.stats.notes.push(
      `${options.display}: stage history read from ${wideColumns.length} "date entered" column${wideColumns.length === 1 ? '' : 's'} of the deals file (${events.length} stage entr${events.length === 1 ? 'y' : 'ies'})`,
    );
  }
  return out;
}

/** What the stats say of closed deals that took closed_at from another column. */
export function closedAtNotes(display: string, preset: FilePreset, counts: ReadonlyMap<string, number>): string[] {
  return [...counts].map(
    ([column, n]) =>
      `${display}: ${n} closed deal${n === 1 ? '' : 's'} without a close date took closed_at from "${column}"${preset.closedAtNote ? ` (${preset.closedAtNote})` : ''}`,
  );
}

/** True when the ids are in strict order (`IdOrder`): then none repeats. */
export function idsStrictlyMonotonic(deals: readonly Deal[]): boolean {
  const order = new IdOrder();
  return deals.every((deal) => order.accept(deal.id));
}

/**
 * Last row wins (SPEC §1). The replaced row is counted as skipped, so that rows read = used +
 * skipped still holds, and both lines are named. Rows that repeat a deal with the same manager
 * and creation time are the typical product-row export (one row per product): say so.
 */
function resolveDuplicates(result: ReadTableResult<Deal>, productColumn: string | undefined): Deal[] {
  if (idsStrictlyMonotonic(result.records)) return result.records;
  const byId = new Map<string, Deal>();
  const extra: Diagnostic[] = [];
  for (const deal of result.records) {
    const previous = byId.get(deal.id);
    if (previous === undefined) byId.set(deal.id, deal);
    else {
      const productRows = previous.manager === deal.manager && previous.createdAt.getTime() === deal.createdAt.getTime();
      const why =
        productColumn !== undefined
          ? `the export has the product column "${productColumn}", which lists a deal once per product`
          : 'the export seems to list one row per product (e.g. Bitrix24 with the product column)';
      const reason = productRows
        ? `deal "${deal.id}" is repeated on line ${deal.src.line} with the same manager and creation date: ${why}; only line ${deal.src.line} is used (its amount may be one product's, not the deal's) — export deals without the product column, or totals are inflated`
        : `duplicate deal id "${deal.id}" (also on line ${deal.src.line}): line ${deal.src.line} is used, the last one wins`;
      extra.push({ file: previous.src.file, line: previous.src.line, field: 'id', value: deal.id, reason, action: 'skipped', code: productRows ? 'product-rows' : 'duplicate-id' });
      result.stats.rowsUsed--;
      result.stats.rowsSkipped++;
      byId.delete(deal.id); // re-insert so that file order follows the winning row
      byId.set(deal.id, deal);
    }
  }
  if (extra.length === 0) return result.records;
  result.diagnostics.push(...extra);
  // Report in file order: the first problem named is the first one in the file.
  result.diagnostics.sort((a, b) => a.line - b.line);
  return [...byId.values()];
}
