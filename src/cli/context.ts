// What every command does around its metric: load the config, fix "now", read the data, enforce
// --strict, print data warnings on stderr, render the report and write it. Kept in one place so
// the commands stay thin and behave alike.
import type { Config } from '../config/load-config.js';
import { loadConfig } from '../config/load-config.js';
import { formatDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import { InputError, UsageError } from '../model/errors.js';
import { parseAsOf, type CalendarContext } from '../model/period.js';
import { loadDataset, type Dataset, type DatasetSummary, type DealSink, type LoadOptions } from '../io/load-dataset.js';
import type { CountedDeal, Deal } from '../model/records.js';
import { readProgress, UNREADABLE_KEPT } from '../io/read-table.js';
import type { FreeLabel } from '../io/read-deals.js';
import { emptyCut, takeAsOf, viewAsOf, type AsOfCut, type AsOfView } from '../model/as-of.js';
import type { Report } from '../report/report.js';
import { pickFormat, renderers } from '../report/renderers.js';
import { writeOutput } from '../report/write-output.js';
import { stripControl } from '../report/format.js';
import type { CommonOptions } from './options.js';
import { PART_COUNTERS_MODULE, type PartCountArgs, type PartCounterName, type PartCountState } from './part-counters.js';

export interface RunContext {
  config: Config;
  asOf: Date;
  calendar: CalendarContext;
  cwd: string;
}

/** Reads the config and settles --tz and --as-of. */
export async function prepareRun(opts: CommonOptions, cwd = process.cwd()): Promise<RunContext> {
  const config = await loadConfig(opts.config, cwd);
  if (opts.tz !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: opts.tz });
    } catch {
      throw new UsageError(`--tz "${opts.tz}": not an IANA time zone (e.g. Europe/Moscow, UTC)`);
    }
    config.timezone = opts.tz;
  }
  const asOf = parseAsOf(opts.asOf, config.timezone, () => new Date());
  return { config, asOf, cwd, calendar: { timezone: config.timezone, weekStartsOn: config.week_starts_on, asOf } };
}

export interface DataNeeds {
  history?: boolean;
  payments?: boolean;
  /** Payroll: bad rows are fatal even without --strict (commission without --allow-bad-rows). */
  strict?: boolean;
  /** `doctor` checks the export itself; every other command sees the data as of --as-of. */
  wholeExport?: boolean;
  /** funnel: the events as a table (`Dataset.eventTable`), not as objects. */
  eventTable?: boolean;
  /** conversion, funnel: no titles, margins or activity dates needed (they are still checked). */
  countingOnly?: boolean;
  /** With countingOnly: the free labels the command uses; the others are not read. All when absent. */
  countingLabels?: readonly FreeLabel[];
}

/** On a terminal, reads that take more than a second show a row count on stderr (one line, redrawn). */
function showProgressOnTerminal(): void {
  if (process.stderr.isTTY !== true) return;
  const started = Date.now();
  let shown = false;
  readProgress.listener = (file, rows, done) => {
    if (done) {
      if (shown) process.stderr.write('\r\u001b[K');
      shown = false;
      return;
    }
    if (Date.now() - started < 1000) return;
    shown = true;
    process.stderr.write(`\r\u001b[Kreading ${file}: ${rows.toLocaleString('en').replace(/,/g, ' ')} rows…`);
  };
}

function loadOptions(ctx: RunContext, opts: CommonOptions, needs: DataNeeds): LoadOptions {
  const overrides: { deals?: string; history?: string; payments?: string } = {};
  if (opts.deals !== undefined) overrides.deals = opts.deals;
  if (opts.history !== undefined) overrides.history = opts.history;
  if (opts.payments !== undefined) overrides.payments = opts.payments;
  return {
    cwd: ctx.cwd,
    asOf: ctx.asOf,
    overrides,
    history: needs.history ?? false,
    payments: needs.payments ?? false,
    countingOnly: needs.countingOnly ?? false,
    ...(needs.countingLabels !== undefined ? { countingLabels: needs.countingLabels } : {}),
    eventTable: needs.eventTable ?? false,
    // Said at once, and even with --quiet: it is not about the data, and it must be in the log
    // before Node's own abort, which would otherwise be the only trace of the run.
    onMemoryWarning: (text) => process.stderr.write(`warning: ${text}\n`),
  };
}

/** --strict (and payroll): the first skipped row stops the run. */
function enforceStrict(data: DatasetSummary, opts: CommonOptions, needs: DataNeeds): void {
  if (!opts.strict && !needs.strict) return;
  // A cell that could not be read is a bad row here too, though a run that is not strict keeps the
  // row with the cell left empty.
  const bad = data.diagnostics.filter((d) => d.action === 'skipped' || d.code === 'unreadable-cell');
  if (bad.length > 0) {
    const why = opts.strict ? '--strict' : 'payroll is strict: pass --allow-bad-rows to skip bad rows and list them';
    const first = bad[0]!.code === 'unreadable-cell' ? { ...bad[0]!, action: 'skipped' as const, reason: bad[0]!.reason.replace(UNREADABLE_KEPT, '') } : bad[0]!;
    throw new InputError(`${formatDiagnostic(first)}\n(${bad.length} bad row${bad.length === 1 ? '' : 's'} in all; ${why})`);
  }
}

/**
 * A file that lost most of its rows gives numbers that look right and are not (a cron job would
 * mail a table of zeros): every command but doctor, which reports it, stops (exit 1) when a file
 * used none of its rows or skipped more than half, with the first reason — which names the fix.
 */
function enforceUsable(data: DatasetSummary, needs: DataNeeds): void {
  if (needs.wholeExport) return;
  for (const f of data.files) {
    if (f.rowsRead === 0 || f.rowsSkipped * 2 <= f.rowsRead) continue;
    const first = data.diagnostics.find((d) => d.file === f.file && d.action === 'skipped');
    throw new InputError(
      `${f.file}: ${f.rowsSkipped} of ${f.rowsRead} rows could not be read, so its numbers would mislead; change the config and run again.` +
        (first !== undefined ? `\nThe first: ${formatDiagnostic(first)}` : '') +
        `\n(dealpulse doctor lists every one)`,
    );
  }
}

export async function readData(ctx: RunContext, opts: CommonOptions, needs: DataNeeds = {}): Promise<Dataset> {
  showProgressOnTerminal();
  const dataset = await loadDataset(ctx.config, loadOptions(ctx, opts, needs));
  enforceStrict(dataset, opts, needs);
  enforceUsable(dataset, needs);
  if (needs.wholeExport) return dataset;
  const view = viewAsOf(dataset, ctx.asOf);
  return { ...seenAsOf(dataset, view, view.cut), deals: view.deals };
}

/** The events and payments of `data` as the as-of view left them, with the cut that says what went. */
function seenAsOf<T extends Omit<Dataset, 'deals'>>(data: T, view: AsOfView, cut: AsOfCut): T {
  const seen: T = { ...data, asOfCut: cut };
  if (view.events) seen.events = view.events;
  if (view.eventTable) seen.eventTable = view.eventTable;
  if (view.payments) seen.payments = view.payments;
  return seen;
}

/** A metric that takes deals one at a time and then gives its result (conversion's counter). */
export interface DealCounter<R> {
  add(deal: Deal): void;
  /** `add` of a deal's counted view, which a streamed read then hands over (`DealSink.addCounted`). */
  addCounted?(deal: CountedDeal): void;
  finish(): R;
  /** Takes in the counts of a counter of the same options (part-counters.ts). */
  absorb?(counts: unknown): void;
}

/**
 * A counter that reading threads can run too (part-counters.ts): the deals file is then read in
 * parts side by side, each thread counting with a counter made from `options`.
 */
export interface PartCounting {
  counter: PartCounterName;
  options: unknown;
}

/** A dataset whose deals were handed to a sink, not kept. */
export type DatasetWithoutDeals = Omit<Dataset, 'deals'>;

/**
 * `readData` for a command that does not keep the deals as they are: each deal, as it stood at
 * --as-of (`dealAsOf`), goes to `sink` as it is read, and memory holds only what the sink makes of
 * them (a count, columns of a few fields). When the deals must be read whole after all (ids out of strict
 * order, a pipe: `readDealsInto`), the sink is reset and handed those; same deals either way.
 */
export async function readDataInto(
  ctx: RunContext,
  opts: CommonOptions,
  needs: DataNeeds,
  sink: Omit<DealSink, 'parts'>,
  parts?: PartCounting & { absorb(counts: unknown): void },
): Promise<DatasetWithoutDeals> {
  if (needs.wholeExport) throw new Error('readDataInto: the deals are seen as of --as-of');
  showProgressOnTerminal();
  const limit = ctx.asOf.getTime();
  const dealsCut = emptyCut();
  const dataset = await loadDataset(ctx.config, {
    ...loadOptions(ctx, opts, needs),
    dealSink: {
      ...(sink.keeps !== undefined ? { keeps: sink.keeps } : {}),
      ...takeAsOf(sink, limit, dealsCut),
      reset() {
        Object.assign(dealsCut, emptyCut());
        sink.reset();
      },
      ...(parts === undefined
        ? {}
        : {
            parts: {
              module: PART_COUNTERS_MODULE,
              name: 'countPart',
              args: { counter: parts.counter, options: parts.options, limit } satisfies PartCountArgs,
              absorb(state: unknown) {
                const { counts, cut } = state as PartCountState;
                parts.absorb(counts);
                dealsCut.dealsNotYetCreated += cut.dealsNotYetCreated;
                dealsCut.closesAfterAsOf += cut.closesAfterAsOf;
              },
            },
          }),
    },
  });
  enforceStrict(dataset, opts, needs);
  enforceUsable(dataset, needs);
  const view = viewAsOf(dataset, ctx.asOf);
  const { deals: _none, ...rest } = dataset;
  return seenAsOf(rest, view, { ...view.cut, dealsNotYetCreated: dealsCut.dealsNotYetCreated, closesAfterAsOf: dealsCut.closesAfterAsOf });
}

/** The deals file counted by a counter from `start` as it is read (`readDataInto`). */
export async function countDeals<R>(
  ctx: RunContext,
  opts: CommonOptions,
  needs: DataNeeds,
  start: () => DealCounter<R>,
  parts?: PartCounting,
): Promise<{ result: R; data: DatasetWithoutDeals }> {
  let counter = start();
  const absorb = (counts: unknown) => {
    if (counter.absorb === undefined) throw new Error('countDeals: this counter cannot take in the counts of a part');
    counter.absorb(counts);
  };
  const data = await readDataInto(
    ctx,
    opts,
    needs,
    {
      add: (deal) => counter.add(deal),
      ...(counter.addCounted === undefined ? {} : { addCounted: (deal: CountedDeal) => counter.addCounted!(deal) }),
      reset: () => {
        counter = start();
      },
    },
    parts === undefined ? undefined : { ...parts, absorb },
  );
  return { result: counter.finish(), data };
}

/** stderr: the first ten data warnings and a count (SPEC §5); nothing with --quiet. */
export function printWarnings(diagnostics: readonly Diagnostic[], opts: CommonOptions): void {
  if (opts.quiet || diagnostics.length === 0) return;
  const shown = diagnostics.slice(0, 10).map((d) => `warning: ${stripControl(formatDiagnostic(d))}`);
  const skipped = diagnostics.filter((d) => d.action === 'skipped').length;
  const summary = `${diagnostics.length} data warning${diagnostics.length === 1 ? '' : 's'} (${skipped} row${skipped === 1 ? '' : 's'} skipped, ${diagnostics.length - skipped} kept)`;
  const more = diagnostics.length > 10 ? `; the first 10 are shown, --format json lists all` : '';
  process.stderr.write(`${shown.join('\n')}\n${summary}${more}\n`);
}

export function useColor(opts: CommonOptions): boolean {
  const env = process.env.NO_COLOR;
  return opts.color !== false && (env === undefined || env === '') && opts.out === undefined && process.stdout.isTTY === true;
}

/**
 * "Nothing lost": every report says, per file read, how many rows were read, used and skipped
 * (`summary.input`), so that read = used + skipped can be checked by anyone, not just `doctor`.
 */
export function inputAccount(dataset: DatasetSummary): Record<string, unknown> {
  const files = dataset.files.map((f) => ({ file: f.file, rows_read: f.rowsRead, rows_used: f.rowsUsed, rows_skipped: f.rowsSkipped }));
  const sum = (key: 'rows_read' | 'rows_used' | 'rows_skipped') => files.reduce((n, f) => n + f[key], 0);
  const account: Record<string, unknown> = { rows_read: sum('rows_read'), rows_used: sum('rows_used'), rows_skipped: sum('rows_skipped'), files };
  const cut = dataset.asOfCut;
  if (cut) {
    // Rows used but not counted because they lie after --as-of: said, so nothing vanishes unexplained.
    account['after_as_of'] = {
      deals_not_yet_created: cut.dealsNotYetCreated,
      closes_after_as_of: cut.closesAfterAsOf,
      payments_after_as_of: cut.paymentsAfterAsOf,
      events_after_as_of: cut.eventsAfterAsOf,
    };
  }
  return account;
}

/** Render in the chosen format and write to --out or stdout. */
export async function emitReport(report: Report, opts: CommonOptions, dataset?: DatasetSummary): Promise<void> {
  if (dataset && report.summary['input'] === undefined) report.summary['input'] = inputAccount(dataset);
  printWarnings(report.warnings, opts);
  const format = pickFormat(opts.format, process.stdout.isTTY === true && opts.out === undefined, opts.out);
  const render = renderers[format];
  const text = render(report, { color: useColor(opts), excel: opts.excel === true });
  await writeOutput(text, opts.out);
}
