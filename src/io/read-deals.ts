// Reads the deals export into Deal records (SPEC §1 "deal"): status from a status column or from
// the stage via the won/lost lists, duplicate ids resolved (last row wins, both lines reported),
// doubtful rows kept with a warning.
import type { Diagnostic } from '../model/diagnostic.js';
import type { Deal, DealStatus } from '../model/records.js';
import type { DealsFileConfig } from '../config/schema.js';
import { readAmount, readCustomBoolean, readDateTime, readLocalDate, type CellContext } from './cells.js';
import { readTable, RowProblem, type ReadTableResult, type RowView } from './read-table.js';
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
}

export type ReadDealsResult = ReadTableResult<Deal>;

const BUILTIN_STATUS: Record<string, DealStatus> = { won: 'won', lost: 'lost', open: 'open' };

export async function readDeals(options: ReadDealsOptions): Promise<ReadDealsResult> {
  const { file } = options;
  const norm = (s: string) => s.trim().toLowerCase();
  const wonWords = new Set([...file.status.won, ...(options.preset.won ?? []), ...options.pipelineWon].map(norm));
  const lostWords = new Set([...file.status.lost, ...(options.preset.lost ?? []), ...options.pipelineLost].map(norm));
  const ctx: CellContext = {
    timezone: options.timezone,
    decimalHint: ',',
    currency: options.currency,
    ...(file.date_format ?? options.preset.dateFormat ? { dateFormat: (file.date_format ?? options.preset.dateFormat)! } : {}),
  };
  let hasStatusColumn = false;

  const statusOf = (row: RowView): DealStatus => {
    if (hasStatusColumn) {
      const value = row.text('status');
      if (value === undefined) return 'open';
      const v = norm(value);
      if (wonWords.has(v)) return 'won';
      if (lostWords.has(v)) return 'lost';
      const builtin = BUILTIN_STATUS[v];
      if (builtin) return builtin;
      row.warn(`status "${value}" is neither a won nor a lost value (config status: won/lost); read as open`, 'status');
      return 'open';
    }
    const stage = row.text('stage');
    if (stage === undefined) return 'open';
    if (wonWords.has(norm(stage))) return 'won';
    if (lostWords.has(norm(stage))) return 'lost';
    return 'open';
  };

  const result = await readTable<Deal>(
    {
      path: options.path,
      display: options.display,
      encoding: file.encoding,
      delimiter: file.delimiter,
      explicit: file.columns,
      custom: file.fields,
      preset: options.preset,
      required: ['id', 'manager', 'created_at'],
      onOpen: ({ delimiter, mapping }) => {
        // A `;` or tab file is usually written by a decimal-comma locale; a `,` file cannot be.
        ctx.decimalHint = delimiter === ',' ? '.' : ',';
        hasStatusColumn = mapping.fields.has('status');
      },
    },
    (row) => {
      const id = row.required('id');
      const manager = row.required('manager');
      const createdAt = readDateTime(row, 'created_at', ctx);
      if (createdAt === undefined) throw new RowProblem('is empty, but it is required', 'created_at', row.columnOf('created_at'));
      const status = statusOf(row);
      const amount = readAmount(row, 'amount', ctx);
      if (amount !== undefined && amount.lt(0)) row.fail('amount', `negative deal amount "${row.text('amount')}"`, row.text('amount'));
      const marginCell = readAmount(row, 'margin', ctx);
      const closedAt = readDateTime(row, 'closed_at', ctx);

      const deal: Deal = {
        id,
        manager,
        pipeline: row.text('pipeline') ?? 'default',
        status,
        createdAt,
        fields: {},
        src: { file: options.display, line: row.line },
      };
      const title = row.text('title');
      if (title !== undefined) deal.title = title;
      const stage = row.text('stage');
      if (stage !== undefined) deal.stage = stage;
      if (amount !== undefined) deal.amount = amount;
      else if (row.has('amount')) row.warn('amount is empty: the deal is left out of sums', 'amount');
      if (marginCell !== undefined) deal.margin = marginCell;
      else if (amount !== undefined && options.marginRate !== undefined) deal.margin = amount.times(options.marginRate);
      if (closedAt !== undefined) {
        deal.closedAt = closedAt;
        if (closedAt < createdAt) row.warn('closed before it was created (closed_at < created_at)', 'closed_at');
      } else if (status !== 'open') {
        row.warn(`${status} deal without a close date: counted as a lead, left out of ${status} counts`, 'closed_at');
      }
      if (createdAt > options.asOf) row.warn('created after --as-of (a date in the future)', 'created_at');
      const expected = readLocalDate(row, 'expected_close_at', ctx);
      if (expected !== undefined) deal.expectedCloseAt = expected;
      const lastActivity = readDateTime(row, 'last_activity_at', ctx);
      if (lastActivity !== undefined) deal.lastActivityAt = lastActivity;
      const stageChanged = readDateTime(row, 'stage_changed_at', ctx);
      if (stageChanged !== undefined) deal.stageChangedAt = stageChanged;
      for (const key of ['source', 'lost_reason', 'client', 'currency'] as const) {
        const v = row.text(key);
        if (v === undefined) continue;
        if (key === 'source') deal.source = v;
        else if (key === 'lost_reason') deal.lostReason = v;
        else if (key === 'client') deal.client = v;
        else deal.currency = v;
      }
      for (const name of Object.keys(file.fields)) {
        if (options.booleanFields.has(name)) deal.fields[name] = readCustomBoolean(row, name);
        else {
          const v = row.customText(name);
          if (v !== undefined) deal.fields[name] = v;
        }
      }
      return deal;
    },
  );
  return { ...result, records: resolveDuplicates(result) };
}

/**
 * Last row wins (SPEC §1). The replaced row is counted as skipped, so that rows read = used +
 * skipped still holds, and both lines are named. Rows that repeat a deal with the same manager
 * and creation time are the typical product-row export (one row per product): say so.
 */
function resolveDuplicates(result: ReadTableResult<Deal>): Deal[] {
  const byId = new Map<string, Deal>();
  const extra: Diagnostic[] = [];
  for (const deal of result.records) {
    const previous = byId.get(deal.id);
    if (previous) {
      const productRows = previous.manager === deal.manager && previous.createdAt.getTime() === deal.createdAt.getTime();
      const reason = productRows
        ? `deal "${deal.id}" repeats line ${previous.src.line} with the same manager and creation date: the export seems to list one row per product (e.g. Bitrix24 with the product column); only line ${deal.src.line} is used — export deals without products, or the totals will be inflated`
        : `duplicate deal id "${deal.id}" (also on line ${deal.src.line}): line ${deal.src.line} is used, the last one wins`;
      extra.push({ file: previous.src.file, line: previous.src.line, field: 'id', value: deal.id, reason, action: 'skipped', code: productRows ? 'product-rows' : 'duplicate-id' });
      result.stats.rowsUsed--;
      result.stats.rowsSkipped++;
      byId.delete(deal.id); // re-insert so that file order follows the winning row
    }
    byId.set(deal.id, deal);
  }
  result.diagnostics.push(...extra);
  return [...byId.values()];
}
