// The flags every command shares (SPEC §3), declared once. Each command picks the groups it needs.
import { Command, Option } from 'commander';

export interface CommonOptions {
  config?: string;
  deals?: string;
  history?: string;
  payments?: string;
  strict?: boolean;
  quiet?: boolean;
  color: boolean;
  tz?: string;
  asOf?: string;
  format?: string;
  out?: string;
  excel?: boolean;
}

export interface PeriodOptions {
  period?: string;
  from?: string;
  to?: string;
  every?: string;
  by?: string;
}

/** --config, the file overrides, --strict, --quiet, --no-color, --tz, --as-of. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--config <path>', 'the config file (default: ./kpi.yaml, else ./dealpulse.yaml)')
    .option('--deals <path>', "read deals from this file instead of the config's data.deals.path")
    .option('--history <path>', "read the stage history from this file instead of data.history.path")
    .option('--payments <path>', "read payments from this file instead of data.payments.path")
    .option('--strict', 'make the first bad row a fatal error (exit 1) instead of skipping it')
    .option('--quiet', 'do not print data warnings on stderr (JSON output still lists them)')
    .option('--no-color', 'no colours in terminal output (also: the NO_COLOR environment variable)')
    .option('--tz <zone>', "IANA time zone instead of the config's timezone: timestamps without an offset are read in it, and periods are cut in it")
    .option('--as-of <datetime>', '"now" for ages and relative periods, e.g. 2025-03-31 or 2025-03-31T18:00 (default: the current time)');
}

/** --format, --out, --excel. */
export function addOutputOptions(cmd: Command): Command {
  return cmd
    .option('--format <name>', 'table | csv | json | md | html (default: from the --out extension, else table on a terminal, csv when piped)')
    .option('--out <file>', 'write the report to this file (atomically) instead of stdout')
    .option('--excel', 'with --format csv: UTF-8 BOM, ";" and decimal commas, for a spreadsheet in a comma-decimal locale');
}

/** --period, --from/--to, --every, --by. */
export function addPeriodOptions(cmd: Command, defaults: { by?: boolean; every?: boolean } = {}): Command {
  cmd
    .option('--period <p>', 'period: 2025, 2025-Q1, 2025-03, 2025-W09, 2025-03-14, this-week, last-week, this-month, last-month, this-quarter, last-quarter, this-year, last-year, 2025-03-01..2025-03-20')
    .option('--from <date>', 'first day of a custom range (inclusive), e.g. 2025-03-01')
    .option('--to <date>', 'last day of a custom range (inclusive), e.g. 2025-03-20');
  if (defaults.every !== false) {
    cmd.addOption(new Option('--every <unit>', 'split the range into one row per period').choices(['day', 'week', 'month', 'quarter', 'year']));
  }
  if (defaults.by !== false) cmd.option('--by <fields>', 'group rows by manager, pipeline, source or a mapped field; several with commas');
  return cmd;
}
