// `dealpulse funnel`: how long deals sit in each stage, where they stall, how many move on
// (SPEC §4 "funnel"); with --first-response, how fast a new lead gets its first stage change.
import { Command } from 'commander';
import { computeFirstResponse, computeFunnel, FunnelDeals, type FunnelDealsState } from '../../metrics/funnel.js';
import type { DatasetSummary } from '../../io/load-dataset.js';
import { ConfigError, UsageError } from '../../model/errors.js';
import { didYouMean } from '../../config/suggest.js';
import { firstResponseView, funnelView } from '../../report/views/funnel-view.js';
import { addInputOptions, addOutputOptions, addPeriodOptions, type CommonOptions, type PeriodOptions } from '../options.js';
import { emitReport, prepareRun, readData, readDataInto } from '../context.js';
import { parseBy } from '../parse-by.js';
import { resolvePeriods } from '../resolve-periods.js';
import { displayPath } from '../../model/display-path.js';

interface FunnelOptions extends CommonOptions, PeriodOptions {
  pipeline?: string;
  firstResponse?: boolean;
}

/** Fields the funnel can repeat its rows by: deal attributes that do not change along the funnel. */
const FUNNEL_BY = ['manager', 'source', 'client', 'lost_reason'];

export function funnelCommand(): Command {
  const cmd = new Command('funnel')
    .description('per pipeline stage: deals entered, moved on, lost, time in stage (median, p90, mean), open now, SLA breaches')
    .option('--pipeline <name>', 'report this pipeline only (default: every pipeline in the config, one block each)')
    .option('--first-response', 'instead: per manager, the time from deal creation to the first stage change (median, p90)')
    .addHelpText(
      'after',
      `
Reads the stage history (data.history or --history; entry form or from -> to form) and orders
stages as the config's pipelines list them. A visit runs from an entry into a stage to the deal's
next entry; the last one ends at closed_at, or is still open and runs to --as-of. Re-entries add
up. Without --period it covers all time; with one, a stage counts the deals whose visit to it
started in the period (--every is not supported: run once per period). Durations show as 3d 4h
in the table and as hours in csv/json. The slowest stage (the bottleneck) is marked with "!";
the flags column names it and the stages with SLA breaches. --by accepts manager, source, client,
lost_reason or a custom field. Events of deals missing from the deals file count in the
pipeline-wide rows (with --by: the "(none)" group) and are listed as warnings.

Examples:
  $ dealpulse funnel --config kpi.yaml --as-of 2026-03-31T23:59
  $ dealpulse funnel --pipeline Продажи --period 2025-Q4 --by manager
  $ dealpulse funnel --from 2025-01-01 --to 2025-06-30 --format json > funnel.json
  $ dealpulse funnel --first-response --period last-month`,
    );
  addPeriodOptions(cmd, { every: false });
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(async (opts: FunnelOptions) => {
    const ctx = await prepareRun(opts);
    const { config } = ctx;
    const periods = resolvePeriods(opts, ctx.calendar);
    const period = periods.whole;
    const customFields = Object.keys(config.data.deals.fields);
    const allowedBy = opts.firstResponse ? ['manager'] : [...FUNNEL_BY, ...customFields];
    const by = parseBy(opts.by, customFields, allowedBy);

    const configFile = displayPath(ctx.cwd, config.configPath);
    const names = Object.keys(config.pipelines);
    if (opts.pipeline !== undefined && !names.includes(opts.pipeline)) {
      throw new UsageError(
        `--pipeline ${opts.pipeline}: not a pipeline of the config${didYouMean(opts.pipeline, names)}; ${names.length > 0 ? `pipelines: ${names.join(', ')}` : 'the config has no pipelines: section'}`,
      );
    }
    if (!opts.firstResponse && names.length === 0) {
      throw new ConfigError(
        `${configFile}: funnel needs the stage order: add a pipelines: section, e.g. pipelines: { default: { stages: [New lead, Qualified, Proposal], won: [Won], lost: [Lost] } } (see kpi.example.yaml)`,
      );
    }

    const needs = { history: true, countingOnly: true };
    const noHistory = () => new ConfigError(`${configFile}: funnel needs the stage history: set data.history.path in the config, or pass --history FILE`);
    const common = {
      asOf: ctx.asOf,
      ...(period ? { period } : {}),
      ...(opts.pipeline !== undefined ? { pipeline: opts.pipeline } : {}),
    };
    const shared = (data: DatasetSummary) => ({
      ...(period ? { period } : {}),
      ...(opts.pipeline !== undefined ? { pipeline: opts.pipeline } : {}),
      asOf: ctx.asOf,
      diagnostics: data.diagnostics,
      notes: data.notes,
      currency: config.currency,
      timezone: config.timezone,
    });

    if (opts.firstResponse) {
      const data = await readData(ctx, opts, needs);
      if (!data.events) throw noHistory();
      const result = computeFirstResponse(data.deals, data.events, common);
      await emitReport(firstResponseView({ result, ...shared(data) }), opts, data);
      return;
    }
    // The deals as columns of what funnel reads (FunnelDeals) and the events as a table: a million
    // deals and five million events in a fraction of the memory of their objects. A big deals file
    // is read in parts side by side, each into columns of its own, appended in file order.
    const deals = new FunnelDeals(by);
    const data = await readDataInto(
      ctx,
      opts,
      { ...needs, eventTable: true },
      { add: (deal) => deals.add(deal), reset: () => deals.reset(), keeps: 'columns' },
      { counter: 'funnel', options: { by }, absorb: (state) => deals.absorb(state as FunnelDealsState) },
    );
    if (!data.eventTable) throw noHistory();
    const result = computeFunnel(deals, data.eventTable, config.pipelines, { ...common, by });
    await emitReport(funnelView({ result, by, ...shared(data) }), opts, data);
  });
  return cmd;
}
