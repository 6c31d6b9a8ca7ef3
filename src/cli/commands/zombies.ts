// `dealpulse zombies`: open deals that are dead weight (too old for their size, stuck, silent,
// overdue), the parked ones, and a per-manager summary; `--fail-on` turns it into a cron check.
import { Command } from 'commander';
import { computeZombies } from '../../metrics/zombies.js';
import { lastEntries } from '../../model/entry-groups.js';
import { CheckFailed, UsageError } from '../../model/errors.js';
import { zombiesView } from '../../report/views/zombies-view.js';
import { emitReport, prepareRun, readData } from '../context.js';
import { addInputOptions, addOutputOptions, type CommonOptions } from '../options.js';
import { parseBy } from '../parse-by.js';

interface ZombiesOptions extends CommonOptions {
  by?: string;
  parked?: boolean;
  failOn?: string;
}

/** `--fail-on any|N`: the number of zombies that is still fine (any = 0). */
export function parseFailOn(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'any') return 0;
  if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  throw new UsageError(`--fail-on "${value}": expected "any" (exit 3 when there is a zombie) or a whole number N ≥ 0 (exit 3 when there are more than N)`);
}

export function zombiesCommand(): Command {
  const cmd = new Command('zombies')
    .description('list open deals that are too old for their size, stuck in a stage, silent or overdue; and the parked ones')
    .option('--by <fields>', 'summary per manager (the default), pipeline, source or a mapped field; the list is then ordered group by group')
    .option('--parked', 'also list the parked deals: over their age limit but with an expected close date still ahead')
    .option('--fail-on <any|N>', 'exit 3 (after writing the report) when there is any zombie, or more than N: for cron alerts')
    .addHelpText(
      'after',
      `
A deal is a zombie when it is open and at least one reason holds (column "reasons", joined by +):
  age      age_days > max_age_days of the first zombies.rules entry whose amount band holds it
  stuck    days in the current stage > the stage's rot_days, else zombies.max_days_in_stage
  silent   days since last_activity_at > zombies.max_days_without_activity
  overdue  expected_close_at is before the as-of date
A deal over its age limit whose expected_close_at is on or after the as-of date is parked: not a
zombie, counted in the summary, listed with --parked. Day counts are calendar days in the config's
time zone. Sorted by amount at risk (largest first), then age.

Examples:
  $ dealpulse zombies --config kpi.yaml --as-of 2026-03-31
  $ dealpulse zombies --parked --format md --out zombies.md
  $ dealpulse zombies --by pipeline --format json > zombies.json
  $ dealpulse zombies --quiet --fail-on any --format csv --out zombies.csv || mail-the-list zombies.csv
  $ dealpulse zombies --fail-on 10          exit 3 only when more than 10 deals are zombies`,
    );
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(async (opts: ZombiesOptions) => {
    const threshold = parseFailOn(opts.failOn);
    const ctx = await prepareRun(opts);
    const { config } = ctx;
    const by = parseBy(opts.by, Object.keys(config.data.deals.fields));
    const data = await readData(ctx, opts, { history: true, eventTable: true });
    const zombies = config.zombies;
    const result = computeZombies({
      deals: data.deals,
      ...(data.eventTable ? { lastEntries: lastEntries(data.eventTable, ctx.asOf.getTime()) } : {}),
      rules: zombies.rules,
      ...(zombies.max_days_in_stage !== undefined ? { maxDaysInStage: zombies.max_days_in_stage } : {}),
      ...(zombies.max_days_without_activity !== undefined ? { maxDaysWithoutActivity: zombies.max_days_without_activity } : {}),
      pipelines: config.pipelines,
      asOf: ctx.asOf,
      timezone: config.timezone,
      by,
    });
    const report = zombiesView({
      result,
      rules: zombies.rules,
      ...(zombies.max_days_in_stage !== undefined ? { maxDaysInStage: zombies.max_days_in_stage } : {}),
      ...(zombies.max_days_without_activity !== undefined ? { maxDaysWithoutActivity: zombies.max_days_without_activity } : {}),
      rotDays: Object.fromEntries(Object.entries(config.pipelines).map(([name, p]) => [name, p.rot_days])),
      history: data.eventTable !== undefined,
      showParked: opts.parked === true,
      ...(opts.failOn !== undefined ? { failOn: opts.failOn } : {}),
      diagnostics: data.diagnostics,
      notes: data.notes,
      currency: config.currency,
      timezone: config.timezone,
    });
    await emitReport(report, opts, data);
    if (threshold !== undefined && result.zombies.length > threshold) {
      const limit = threshold === 0 ? 'any' : `more than ${threshold}`;
      throw new CheckFailed(`--fail-on ${opts.failOn}: ${result.zombies.length} zombie deal${result.zombies.length === 1 ? '' : 's'} found (${limit} fails the check)`);
    }
  });
  return cmd;
}
