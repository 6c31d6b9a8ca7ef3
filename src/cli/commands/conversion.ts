// `dealpulse conversion`: how many leads turned into sales, per period and group, against target.
import { Command, Option } from 'commander';
import { conversionCounter, type ConversionMethod, type ConversionOptions as CountingOptions, type ConversionResult } from '../../metrics/conversion.js';
import { CheckFailed, UsageError } from '../../model/errors.js';
import { conversionView, CONVERSION_FIELDS } from '../../report/views/conversion-view.js';
import { formatRatio } from '../../report/format.js';
import { addInputOptions, addOutputOptions, addPeriodOptions, type CommonOptions, type PeriodOptions } from '../options.js';
import { countDeals, emitReport, prepareRun } from '../context.js';
import { parseBy } from '../parse-by.js';
import { resolvePeriods } from '../resolve-periods.js';
import { displayPath } from '../../model/display-path.js';
import { FREE_LABELS } from '../../io/read-deals.js';

interface ConversionOptions extends CommonOptions, PeriodOptions {
  method: ConversionMethod;
  window?: string;
  lostReasons?: boolean;
  failOn?: 'below-target';
}

/** The period used when neither --period nor --from/--to is given. */
export const DEFAULT_CONVERSION_PERIOD = 'this-month';

function parseWindow(text: string | undefined, method: ConversionMethod): number | undefined {
  if (text === undefined) return undefined;
  if (method !== 'cohort') throw new UsageError('--window applies to --method cohort only (the period method has no window)');
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--window "${text}": expected a whole number of days, e.g. --window 30`);
  return Number(text.trim());
}

/** Every row that shows `below`: group rows, period totals and the whole range. */
function rowsBelowTarget(result: ConversionResult): string[] {
  const describe = (label: string, conversion: number | null, target: number | null) =>
    `${label} ${conversion === null ? '' : formatRatio(conversion)} < ${target === null ? '' : formatRatio(target)}`;
  const below: string[] = [];
  const grouped = result.by.length > 0;
  for (const r of result.rows) {
    if (r.status === 'below') below.push(describe([r.period.label, ...r.group].join(' '), r.conversion, r.target));
  }
  // Ungrouped rows are the period totals already; the whole range is a row of its own only when
  // it was split.
  const whole = result.totals.length > 1 && result.overall ? [result.overall] : [];
  for (const t of grouped ? [...result.totals, ...whole] : whole) {
    if (t.status === 'below') below.push(describe(`${t.period.label}${grouped ? ' Total' : ''}`, t.conversion, t.target));
  }
  return below;
}

export function conversionCommand(): Command {
  const cmd = new Command('conversion')
    .description('leads, won, lost, conversion, win rate, won amount and average deal per period and group, against the targets')
    .addHelpText(
      'after',
      `
Without --period or --from/--to the period is this-month (relative to --as-of).

Columns: period, period_start, period_end, the --by fields, leads (deals created in the period),
won / lost, conversion (won / leads), win_rate (won / (won + lost)), won_amount, avg_deal
(won_amount / won deals with an amount), target and status (met when conversion >= target, below
otherwise; empty without a target or without leads). Ratios with a zero denominator are empty.

Methods:
  period  (default) won / lost = deals closed in the period: the usual monthly conversion.
  cohort  won / lost = leads of the period closed by --as-of (within --window DAYS of creation).

Targets (targets.conversion): by_<field> for rows grouped by that field, over the narrowest period
key holding the row's period (2025-Q1 applies to 2025-01), over default. Totals per period are
recomputed from the counts: in the table, in json summary.totals / summary.total, never csv rows.

Examples:
  $ dealpulse conversion --period 2025-Q1 --every month --by manager
  $ dealpulse conversion --period last-month --by pipeline,source --format md --out conv.md
  $ dealpulse conversion --period 2025 --every quarter --method cohort --window 30
  $ dealpulse conversion --period last-month --by manager --lost-reasons
  $ dealpulse conversion --period last-week --fail-on below-target --quiet   # exit 3 when below`,
    );
  addInputOptions(cmd);
  addOutputOptions(cmd);
  addPeriodOptions(cmd);
  cmd
    .addOption(new Option('--method <name>', 'period: closed in the period / leads of the period; cohort: leads of the period won by --as-of').choices(['period', 'cohort']).default('period'))
    .option('--window <days>', 'cohort only: count a lead as won (or lost) only within this many days of its creation')
    .option('--lost-reasons', 'also list lost deals by reason (count, share, amount) per period and group (table, md, json summary.lost_reasons)')
    .addOption(new Option('--fail-on <check>', 'exit 3 after writing the report when any row (or total) is below its target').choices(['below-target']));

  cmd.action(async (opts: ConversionOptions) => {
    const windowDays = parseWindow(opts.window, opts.method);
    const ctx = await prepareRun(opts);
    const { config } = ctx;
    const by = parseBy(opts.by, Object.keys(config.data.deals.fields));
    const clash = by.find((f) => (CONVERSION_FIELDS as readonly string[]).includes(f));
    if (clash !== undefined) throw new UsageError(`--by ${clash}: conversion has its own "${clash}" column; group by another field`);
    const periods = resolvePeriods(opts, ctx.calendar, DEFAULT_CONVERSION_PERIOD);
    const whole = periods.whole!;
    const targets = config.targets.conversion;
    // Counted as the deals are read: a file of any size in bounded memory; a big file in parts
    // side by side, each counted in a thread of its own with the same options.
    const counting: CountingOptions = {
      periods: periods.rows,
      whole,
      by,
      method: opts.method,
      ...(windowDays !== undefined ? { windowDays } : {}),
      asOf: ctx.asOf,
      ...(targets !== undefined ? { targets } : {}),
      calendar: { timezone: ctx.calendar.timezone, weekStartsOn: ctx.calendar.weekStartsOn },
      lostReasons: opts.lostReasons === true,
    };
    // Of the free labels, only those grouped by (and the lost reasons when listed) are read.
    const countingLabels = FREE_LABELS.filter((label) => by.includes(label) || (label === 'lost_reason' && counting.lostReasons === true));
    const { result, data } = await countDeals(ctx, opts, { countingOnly: true, countingLabels }, () => conversionCounter(counting), {
      counter: 'conversion',
      options: counting,
    });
    const report = conversionView({
      result,
      whole,
      ...(opts.every !== undefined ? { every: opts.every } : {}),
      ...(data.files[0] ? { dealsFile: data.files[0] } : {}),
      diagnostics: data.diagnostics,
      dataNotes: data.notes,
      hasTargets: targets !== undefined,
      lostReasons: opts.lostReasons === true,
      params: {
        config: displayPath(ctx.cwd, config.configPath),
        period: whole.label,
        period_start: whole.startDate,
        period_end: whole.endDate,
        every: opts.every ?? null,
        by,
        method: opts.method,
        window_days: windowDays ?? null,
        lost_reasons: opts.lostReasons === true,
        timezone: config.timezone,
      },
      asOf: ctx.asOf,
      currency: config.currency,
      timezone: config.timezone,
    });
    await emitReport(report, opts, data);

    if (opts.failOn === 'below-target') {
      const below = rowsBelowTarget(result);
      if (below.length > 0) {
        const shown = below.slice(0, 10).join('; ');
        const more = below.length > 10 ? `; … ${below.length - 10} more` : '';
        throw new CheckFailed(`--fail-on below-target: conversion below target in ${below.length} row${below.length === 1 ? '' : 's'}: ${shown}${more}`);
      }
    }
  });
  return cmd;
}
