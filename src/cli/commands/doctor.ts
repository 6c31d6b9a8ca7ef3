// `dealpulse doctor`: is this export and config usable, and what is wrong where.
import { Command } from 'commander';
import { checkDataQuality } from '../../metrics/data-quality.js';
import { doctorView } from '../../report/views/doctor-view.js';
import { addInputOptions, addOutputOptions, type CommonOptions } from '../options.js';
import { emitReport, prepareRun, readData } from '../context.js';
import { displayPath } from '../../model/display-path.js';

export function doctorCommand(setExit: (code: number) => void): Command {
  const cmd = new Command('doctor')
    .description('read every configured file and report what is usable and what is wrong, with file:line')
    .addHelpText(
      'after',
      `
Prints rows read/used/skipped per file with the first reasons, the date range covered, managers,
pipelines and stages found versus the config, duplicate ids, deals closed before they were created
and history events for unknown deals. Exit 0 when the data is usable, 1 when it is not.

Examples:
  $ dealpulse doctor --config kpi.yaml
  $ dealpulse doctor --deals export/deals.csv --format json > doctor.json`,
    );
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(async (opts: CommonOptions) => {
    const ctx = await prepareRun(opts);
    // doctor looks at ids, statuses, dates, managers, pipelines and stages: the deals are read as a
    // count reads them (every cell still checked, titles and other texts not kept).
    const data = await readData(ctx, opts, { history: true, payments: true, wholeExport: true, eventTable: true, countingOnly: true, countingLabels: ['pipeline'] });
    const { config } = ctx;
    const quality = checkDataQuality({
      deals: data.deals,
      ...(data.eventTable ? { events: data.eventTable } : {}),
      diagnostics: data.diagnostics,
      pipelines: config.pipelines,
      team: (config.commission?.team ?? []).map((m) => m.manager),
      timezone: config.timezone,
      files: data.files,
    });
    const report = doctorView({
      quality,
      files: data.files,
      diagnostics: data.diagnostics,
      notes: data.notes,
      configFile: displayPath(ctx.cwd, config.configPath),
      asOf: ctx.asOf,
      currency: config.currency,
      timezone: config.timezone,
    });
    // doctor shows warnings in its own tables; stderr gets only the count.
    await emitReport(report, { ...opts, quiet: true }, data);
    setExit(quality.usable ? 0 : 1);
  });
  return cmd;
}
