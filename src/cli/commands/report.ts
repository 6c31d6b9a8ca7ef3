// `dealpulse report`: the Friday snapshot — headline against the previous period, 12-week trend,
// conversion by manager, funnel, zombies, commission to date and data quality as ONE report for an
// e-mail (html), a wiki (md) or the terminal. Each section is computed by its own pure metric; a
// section whose input is not configured (no history, no commission team) is skipped with a note.
import { Command } from 'commander';
import type { Config } from '../../config/load-config.js';
import { didYouMean } from '../../config/suggest.js';
import { computeCommission } from '../../metrics/commission.js';
import { computeConversion } from '../../metrics/conversion.js';
import { checkDataQuality } from '../../metrics/data-quality.js';
import { lastEntries } from '../../model/entry-groups.js';
import { computeFunnel } from '../../metrics/funnel.js';
import { commissionMonth, computeSnapshot } from '../../metrics/snapshot.js';
import { computeZombies } from '../../metrics/zombies.js';
import { UsageError } from '../../model/errors.js';
import { localDate } from '../../model/period.js';
import { reportView, SECTION_NAMES, type ReportViewInput, type SectionName, type SkippedSection } from '../../report/views/report-view.js';
import { emitReport, prepareRun, readData } from '../context.js';
import { addInputOptions, addOutputOptions, type CommonOptions } from '../options.js';
import { resolvePeriods } from '../resolve-periods.js';
import { displayPath } from '../../model/display-path.js';

interface ReportOptions extends CommonOptions {
  period?: string;
  from?: string;
  to?: string;
  sections?: string;
  title?: string;
  withPayouts?: boolean;
}

/** The period when neither --period nor --from/--to is given (relative to --as-of). */
export const DEFAULT_REPORT_PERIOD = 'this-week';

/** `--sections a,b`: known names, each once, shown in the report's own order. */
export function parseSections(text: string | undefined): SectionName[] {
  if (text === undefined) return [...SECTION_NAMES];
  const names = text.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError(`--sections "${text}": name at least one of ${SECTION_NAMES.join(', ')}`);
  for (const name of names) {
    if (!(SECTION_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`--sections: unknown section "${name}"${didYouMean(name, SECTION_NAMES)}; use ${SECTION_NAMES.join(', ')}`);
    }
  }
  return SECTION_NAMES.filter((s) => names.includes(s));
}

/** Why the commission section cannot be shown from this config, or undefined when it can. */
function commissionBlocker(config: Config, hasPaymentsFile: boolean): string | undefined {
  const commission = config.commission;
  if (commission === undefined || commission.team.length === 0) return 'no commission.team in the config (see the commission: section of kpi.example.yaml)';
  const names = commission.team.map((m) => m.manager);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) return `commission.team lists "${twice}" twice (each member once)`;
  const fields = Object.keys(config.data.deals.fields);
  for (const plan of new Set(commission.team.map((m) => m.plan))) {
    const p = commission.plans[plan]!;
    const unknown = p.require.find((f) => !fields.includes(f));
    if (unknown !== undefined) return `commission.plans.${plan}.require: "${unknown}" is not a column under data.deals.fields`;
    if (p.credit_on === 'payment' && !hasPaymentsFile) return `commission.plans.${plan} credits on payment, but there is no payments file (data.payments.path or --payments)`;
  }
  return undefined;
}

export function reportCommand(): Command {
  const cmd = new Command('report')
    .description('the weekly snapshot for an e-mail: headline vs the previous period, 12-week trend, conversion by manager, funnel, zombies, commission to date, data quality')
    .option('--period <p>', `the snapshot's period: this-week, last-week, this-month, 2026-W13, 2026-03… (default: ${DEFAULT_REPORT_PERIOD}, relative to --as-of)`)
    .option('--from <date>', 'first day of a custom range (inclusive), e.g. 2026-03-01')
    .option('--to <date>', 'last day of a custom range (inclusive), e.g. 2026-03-20')
    .option('--sections <list>', `which sections, comma-separated: ${SECTION_NAMES.join(', ')} (default: all)`)
    .option('--title <text>', 'the title (default: "<company> — sales snapshot <period>", company from the config)')
    .option('--with-payouts', 'show commission, bonus and payout amounts (left out by default: the snapshot may go to a wide list)')
    .addHelpText(
      'after',
      `
Sections, always in this order:
  headline    leads, won, conversion, won amount, avg deal: the period against the previous one
              (the week before a week, the month before a month), with ▲/▼ changes
  trend       weekly leads, won and conversion over the last 12 weeks (sparklines in html)
  conversion  conversion by manager against the target (progress bars: share of target)
  funnel      deals entering each stage in the period, per pipeline, and the bottleneck stage
              (needs data.history and pipelines:)
  zombies     zombie deals per manager (amount at risk) and the top 10 deals at risk
  commission  attainment to date of the month's quota per manager (needs commission.team);
              no money amounts unless --with-payouts
  quality     data problems found while reading: counts and the first few warnings
A section whose input is not configured is skipped with a note; the report still succeeds.

Formats: html is one self-contained file (inline CSS and SVG, no scripts, nothing fetched) for
an e-mail or a phone; md for a wiki or chat; table for the terminal. csv carries the headline
only; json has every section under summary.<section>.

Exit codes: 0 written; 1 bad data or config (the message says what and where); 2 bad usage
(unknown section, bad period, --out not writable).

Examples:
  $ dealpulse report --period this-week --out snapshot.html
  $ dealpulse report --period last-week --format md --out snapshot.md
  $ dealpulse report --sections headline,conversion,zombies --format table
  $ dealpulse report --period this-month --title "Sales, March" --with-payouts --out march.html`,
    );
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(async (opts: ReportOptions) => {
    const wanted = parseSections(opts.sections);
    const ctx = await prepareRun(opts);
    const { config } = ctx;
    const period = resolvePeriods(
      { ...(opts.period !== undefined ? { period: opts.period } : {}), ...(opts.from !== undefined ? { from: opts.from } : {}), ...(opts.to !== undefined ? { to: opts.to } : {}) },
      ctx.calendar,
      DEFAULT_REPORT_PERIOD,
    ).whole!;
    const wants = (s: SectionName) => wanted.includes(s);
    const skipped: SkippedSection[] = [];

    // What to read: history for the funnel and the "stuck" zombies, payments for payment plans.
    const hasHistoryFile = config.data.history !== undefined || opts.history !== undefined;
    const hasPaymentsFile = config.data.payments !== undefined || opts.payments !== undefined;
    let showFunnel = wants('funnel');
    if (showFunnel && Object.keys(config.pipelines).length === 0) {
      skipped.push({ section: 'funnel', reason: 'no pipelines: section in the config (the funnel needs the stage order)' });
      showFunnel = false;
    } else if (showFunnel && !hasHistoryFile) {
      skipped.push({ section: 'funnel', reason: 'no stage history (set data.history.path in the config, or pass --history FILE)' });
      showFunnel = false;
    }
    let showCommission = wants('commission');
    const blocker = showCommission ? commissionBlocker(config, hasPaymentsFile) : undefined;
    if (blocker !== undefined) {
      skipped.push({ section: 'commission', reason: blocker });
      showCommission = false;
    }
    const commission = showCommission ? config.commission! : undefined;
    const needsPayments = commission !== undefined && commission.team.some((m) => commission.plans[m.plan]!.credit_on === 'payment');
    const data = await readData(ctx, opts, {
      history: showFunnel || wants('zombies') || wants('quality'),
      payments: needsPayments,
      eventTable: true,
    });

    const targets = config.targets.conversion;
    const calendar = ctx.calendar;
    const input: ReportViewInput = {
      title: opts.title ?? `${config.company !== undefined ? `${config.company} — s` : 'S'}ales snapshot ${period.label}`,
      ...(config.company !== undefined ? { company: config.company } : {}),
      period,
      sections: wanted,
      hasTargets: targets !== undefined,
      withPayouts: opts.withPayouts === true,
      skipped,
      diagnostics: data.diagnostics,
      dataNotes: data.notes,
      params: {},
      asOf: ctx.asOf,
      currency: config.currency,
      timezone: config.timezone,
    };
    if (wants('headline') || wants('trend')) {
      input.snapshot = computeSnapshot(data.deals, { period, asOf: ctx.asOf, calendar, ...(targets !== undefined ? { targets } : {}) });
    }
    if (wants('conversion')) {
      input.conversion = computeConversion(data.deals, {
        periods: [period],
        whole: period,
        by: ['manager'],
        method: 'period',
        asOf: ctx.asOf,
        calendar,
        ...(targets !== undefined ? { targets } : {}),
      });
    }
    // The funnel, the zombies' days in stage and the quality checks read the history as a table.
    const eventTable = data.eventTable;
    if (showFunnel && eventTable) {
      const funnel = computeFunnel(data.deals, eventTable, config.pipelines, { asOf: ctx.asOf, period });
      input.funnel = funnel;
      input.diagnostics = [...data.diagnostics, ...funnel.diagnostics];
    }
    if (wants('zombies')) {
      const z = config.zombies;
      input.zombies = computeZombies({
        deals: data.deals,
        ...(eventTable ? { lastEntries: lastEntries(eventTable, ctx.asOf.getTime()) } : {}),
        rules: z.rules,
        ...(z.max_days_in_stage !== undefined ? { maxDaysInStage: z.max_days_in_stage } : {}),
        ...(z.max_days_without_activity !== undefined ? { maxDaysWithoutActivity: z.max_days_without_activity } : {}),
        pipelines: config.pipelines,
        asOf: ctx.asOf,
        timezone: config.timezone,
      });
    }
    if (commission !== undefined) {
      input.commission = computeCommission({
        deals: data.deals,
        payments: data.payments ?? [],
        config: commission,
        currency: config.currency,
        period: commissionMonth(period, ctx.asOf, calendar),
      });
    }
    if (wants('quality')) {
      input.quality = checkDataQuality({
        deals: data.deals,
        ...(eventTable ? { events: eventTable } : {}),
        diagnostics: data.diagnostics,
        pipelines: config.pipelines,
        team: (config.commission?.team ?? []).map((m) => m.manager),
        timezone: config.timezone,
      });
    }
    input.params = {
      config: displayPath(ctx.cwd, config.configPath),
      title: input.title,
      period: period.label,
      period_start: period.startDate,
      period_end: period.endDate,
      as_of_date: localDate(ctx.asOf, config.timezone),
      sections: wanted,
      with_payouts: input.withPayouts,
      timezone: config.timezone,
    };
    await emitReport(reportView(input), opts, data);
  });
  return cmd;
}
