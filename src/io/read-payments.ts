// Reads the payments export (SPEC §1 "payment"): one row per cash movement, negative = refund.
import type { Payment } from '../model/records.js';
import type { FileConfig } from '../config/schema.js';
import { checkCurrencyColumn, decimalHintFor, fileCellContext, readAmount, readDateTime } from './cells.js';
import { readTable, RowProblem, type ReadTableResult } from './read-table.js';
import type { FilePreset } from './presets/preset.js';

export interface ReadPaymentsOptions {
  path: string;
  display: string;
  file: FileConfig;
  preset: FilePreset;
  timezone: string;
  currency: string;
}

export async function readPayments(options: ReadPaymentsOptions): Promise<ReadTableResult<Payment>> {
  const { file } = options;
  const ctx = fileCellContext({ timezone: options.timezone, currency: options.currency, dateFormat: file.date_format, preset: options.preset });
  return readTable<Payment>(
    {
      path: options.path,
      display: options.display,
      encoding: file.encoding,
      delimiter: file.delimiter,
      explicit: file.columns,
      preset: options.preset,
      required: ['deal_id', 'paid_at', 'amount'],
      onOpen: ({ delimiter }) => {
        ctx.decimalHint = decimalHintFor(delimiter, file.decimal ?? options.preset.decimal);
      },
    },
    (row) => {
      const dealId = row.required('deal_id');
      const paidAt = readDateTime(row, 'paid_at', ctx);
      if (paidAt === undefined) throw new RowProblem('is empty, but it is required', 'paid_at', row.columnOf('paid_at'));
      checkCurrencyColumn(row, ctx);
      const amount = readAmount(row, 'amount', ctx);
      if (amount === undefined) throw new RowProblem('is empty, but it is required', 'amount', row.columnOf('amount'));
      return { dealId, paidAt, amount, src: { file: options.display, line: row.line } };
    },
  );
}
