// `dealpulse commission`: what each manager is owed for one payroll period, exactly, line by line.
// Payroll is strict (a bad row stops the run unless --allow-bad-rows), and every run fingerprints
// its inputs (SHA-256 of the config and of each file read) so that a payout can be reproduced.
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Command } from 'commander';
import type { Config } from '../../config/load-config.js';
import { computeCommission, type ManagerCommission } from '../../metrics/commission.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { ConfigError, InputError, UsageError } from '../../model/errors.js';
import { commissionView, fingerprintLines, skippedLines, type InputFingerprint } from '../../report/views/commission-view.js';
import { pickFormat } from '../../report/renderers.js';
import { stripControl } from '../../report/format.js';
import { emitReport, prepareRun, readData } from '../context.js';
import { addInputOptions, addOutputOptions, type CommonOptions } from '../options.js';
import { resolvePeriods } from '../resolve-periods.js';
import { displayPath } from '../../model/display-path.js';

interface CommissionOptions extends CommonOptions {
  period?: string;
  from?: string;
  to?: string;
  detail?: boolean;
  manager?: string;
  allowBadRows?: boolean;
}

/** The payroll period when neither --period nor --from/--to is given (relative to --as-of). */
export const DEFAULT_COMMISSION_PERIOD = 'this-month';

/** SHA-256 of a file, streamed (payroll exports can be large). */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Checks of the config that only payroll needs; each is a mistake that would pay someone wrongly. */
function checkCommissionConfig(config: Config, configFile: string, hasPaymentsFile: boolean): NonNullable<Config['commission']> {
  const commission = config.commission;
  if (commission === undefined || commission.team.length === 0) {
    throw new ConfigError(`${configFile}: no commission.team: list who is paid by which plan (see the commission: section of kpi.example.yaml)`);
  }
  const seen = new Set<string>();
  for (const member of commission.team) {
    if (seen.has(member.manager)) {
      throw new ConfigError(`${configFile}: commission.team: "${member.manager}" is listed twice (they would be paid twice); keep one entry`);
    }
    seen.add(member.manager);
  }
  const fields = Object.keys(config.data.deals.fields);
  const used = new Set(commission.team.map((m) => m.plan));
  for (const name of used) {
    const plan = commission.plans[name]!;
    const unknown = plan.require.filter((f) => !fields.includes(f));
    if (unknown.length > 0) {
      throw new ConfigError(
        `${configFile}: commission.plans.${name}.require: ${unknown.map((f) => `"${f}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a column under data.deals.fields, so no deal could ever pass the gate; map ${unknown.length === 1 ? 'it' : 'them'} (fields: { ${unknown[0]}: "Header in the file" })`,
      );
    }
    if (plan.credit_on === 'payment' && !hasPaymentsFile) {
      throw new ConfigError(`${configFile}: commission.plans.${name} credits on payment, but there is no payments file: set data.payments.path or pass --payments FILE`);
    }
  }
  return commission;
}

/** `--manager NAME`: exact, else the one name that matches ignoring case. */
function pickManager(name: string, managers: readonly ManagerCommission[]): ManagerCommission {
  const wanted = name.trim();
  const exact = managers.find((m) => m.manager === wanted);
  if (exact) return exact;
  const folded = managers.filter((m) => m.manager.toLowerCase() === wanted.toLowerCase());
  if (folded.length === 1) return folded[0]!;
  throw new UsageError(`--manager "${name}": no such manager on the team or with deals in the period (${managers.map((m) => m.manager).join(', ')})`);
}

export function commissionCommand(): Command {
  const cmd = new Command('commission')
    .description("each team member's commission for one payroll period: base, attainment, tier rate, bonuses, cap and payout, exact to the cent")
    .option('--period <p>', `the payroll period: 2025-03, 2025-Q1, last-month, this-month… (default: ${DEFAULT_COMMISSION_PERIOD}, relative to --as-of)`)
    .option('--from <date>', 'first day of a custom payroll range (inclusive), e.g. 2025-03-01')
    .option('--to <date>', 'last day of a custom payroll range (inclusive), e.g. 2025-03-15')
    .option('--detail', "add each manager's statement: credited lines that add up to the commission, the tier and why, bonuses, the cap, pending deals")
    .option('--manager <name>', 'only this manager (exact name, or the one name that matches ignoring case)')
    .option('--allow-bad-rows', 'skip bad rows instead of stopping (they are listed under the report and in json warnings)')
    .addHelpText(
      'after',
      `
For each team member (commission.team) and the plan named there (commission.plans):
  counted deals   won, and every field in the plan's require: list is true; the others are pending
  base            credit_on close: the deal's base (revenue or margin) in the period of closed_at;
                  credit_on payment: base × payment / amount for each payment in the period
                  (a refund credits a negative amount: the clawback)
  attainment      attained / quota; the quota is the period's key (2025-03), else default (a
                  monthly quota; a quarter adds up its months); empty when missing or 0 (warning)
  rate            retroactive: the highest tier reached applies to the whole base; marginal: each
                  slice of attainment at its own tier's rate (column rate = the effective rate)
  bonus           bonuses whose condition holds (attainment_at_least, or kpi: conversion over all
                  the manager's deals of the period, gates not applied)
  cap_adjustment  what the cap cuts from commission + bonus (≤ 0)
  payout          commission + bonus + cap_adjustment, computed exactly and rounded once with
                  commission.rounding (half-up | half-even) to the currency's minor unit
Managers with deals in the period but no plan get a row without figures; team members without
deals get zeros. Rows marked ! need attention (no plan, no quota).

Payroll is strict: a bad row in the deals or payments file, a payment for an unknown or not-won deal,
a duplicate deal id, or a won deal without an amount (or margin, for a plan on margin) stops the run
with file:line (exit 1). --allow-bad-rows skips them and lists every one with the result.

Every run fingerprints its inputs (SHA-256 of the config and of each file read, in sha256sum -c
format): under the tables, in json summary.inputs, and on stderr for csv, whose stdout stays a
clean payroll sheet.

Examples:
  $ dealpulse commission --config kpi.yaml --period 2025-03
  $ dealpulse commission --period last-month --detail --manager "Иванова А."
  $ dealpulse commission --period 2025-03 --format csv --out payroll-2025-03.csv
  $ dealpulse commission --period 2025-03 --format csv --excel --out payroll-2025-03.csv
  $ dealpulse commission --period 2025-03 --format json > payroll-2025-03.json
  $ dealpulse commission --period 2025-03 --allow-bad-rows --detail`,
    );
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(async (opts: CommissionOptions) => {
    const allowBadRows = opts.allowBadRows === true;
    if (allowBadRows && opts.strict) throw new UsageError('--strict and --allow-bad-rows contradict each other: choose one');
    const ctx = await prepareRun(opts);
    const { config, cwd } = ctx;
    const display = (absolute: string) => displayPath(cwd, absolute);
    const configFile = display(config.configPath);
    const hasPaymentsFile = config.data.payments !== undefined || opts.payments !== undefined;
    const commission = checkCommissionConfig(config, configFile, hasPaymentsFile);
    const period = resolvePeriods({ ...(opts.period !== undefined ? { period: opts.period } : {}), ...(opts.from !== undefined ? { from: opts.from } : {}), ...(opts.to !== undefined ? { to: opts.to } : {}) }, ctx.calendar, DEFAULT_COMMISSION_PERIOD).whole!;

    // Payments are read (and checked) only when a plan on the team credits on payment.
    const needsPayments = commission.team.some((m) => commission.plans[m.plan]!.credit_on === 'payment');
    const configDir = path.dirname(config.configPath);
    const planned: string[] = [opts.deals !== undefined ? path.resolve(cwd, opts.deals) : path.resolve(configDir, config.data.deals.path)];
    if (needsPayments) planned.push(opts.payments !== undefined ? path.resolve(cwd, opts.payments) : path.resolve(configDir, config.data.payments!.path));
    // Hashed before and after reading: the fingerprint must describe exactly the data that was paid on.
    const before = await Promise.all(planned.map(async (file) => ({ file: display(file), sha256: await sha256File(file).catch(() => '') })));

    const data = await readData(ctx, opts, { payments: needsPayments, strict: !allowBadRows });
    const result = computeCommission({
      deals: data.deals,
      payments: data.payments ?? [],
      config: commission,
      currency: config.currency,
      period,
    });
    if (result.badRows.length > 0 && !allowBadRows) {
      const n = result.badRows.length;
      throw new InputError(`${formatDiagnostic(result.badRows[0]!)}\n(${n} bad row${n === 1 ? '' : 's'} for payroll in all; pass --allow-bad-rows to skip them and list them with the result)`);
    }
    const managers = opts.manager !== undefined ? [pickManager(opts.manager, result.managers)] : result.managers;

    const files: InputFingerprint[] = await Promise.all(data.files.map(async (f) => ({ file: f.file, sha256: await sha256File(path.resolve(cwd, f.file)) })));
    for (const f of files) {
      const earlier = before.find((b) => b.file === f.file);
      if (earlier === undefined || earlier.sha256 !== f.sha256) {
        throw new InputError(`${f.file}: the file changed while it was being read (its SHA-256 differs before and after); run again when the export is complete`);
      }
    }
    const inputs = { config: { file: configFile, sha256: config.sha256 }, files };

    const report = commissionView({
      result,
      managers,
      detail: opts.detail === true,
      inputs,
      diagnostics: data.diagnostics,
      params: {
        config: configFile,
        period: period.label,
        period_start: period.startDate,
        period_end: period.endDate,
        manager: opts.manager ?? null,
        detail: opts.detail === true,
        allow_bad_rows: allowBadRows,
      },
      asOf: ctx.asOf,
      timezone: config.timezone,
    });
    await emitReport(report, opts, data);

    // csv carries the payroll sheet alone: what people must see about it goes to stderr.
    const format = pickFormat(opts.format, process.stdout.isTTY === true && opts.out === undefined, opts.out);
    if (format === 'csv' && !opts.quiet) {
      const shown = new Set(managers.map((m) => m.manager));
      const lines = [
        ...result.notices.filter((n) => shown.has(n.manager)).map((n) => `warning: ${stripControl(n.message)}`),
        ...skippedLines(report.warnings).map(stripControl),
        `commission ${period.label}: inputs (sha256sum -c format):`,
        ...fingerprintLines(inputs),
      ];
      process.stderr.write(`${lines.join('\n')}\n`);
    }
  });
  return cmd;
}
