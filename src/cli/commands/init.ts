// `dealpulse init`: write a starter kpi.yaml for an export. Sniffs the dialect, recognises the CRM
// from the headers (unless --crm says), scans the data for stages, dates and amounts, and writes a
// commented config that the real loader accepts. What it decided, and how sure it is, goes to
// stderr; stdout stays empty (the config is the output).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../model/errors.js';
import { Command, Option } from 'commander';
import { parseConfigText } from '../../config/load-config.js';
import { planConfig } from '../../io/plan-config.js';
import { DEAL_FIELDS, PRESETS } from '../../config/schema.js';
import { didYouMean } from '../../config/suggest.js';
import { renderConfig } from '../../config/write-config.js';
import { openCsv } from '../../io/csv/csv-file.js';
import { detectCrm, type CrmDetection } from '../../io/detect-crm.js';
import { presets } from '../../io/presets/index.js';
import { scanDeals, scanSideFile } from '../../io/scan-export.js';
import { UsageError } from '../../model/errors.js';
import { writeOutput } from '../../report/write-output.js';
import { displayPath } from '../../model/display-path.js';

interface InitOptions {
  crm?: string;
  history?: string;
  payments?: string;
  out: string;
  force?: boolean;
  map: Record<string, string>;
}

/** `--map field=header`, repeatable: the column of a deal field, over what init would find. */
function collectMap(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  const field = at === -1 ? '' : value.slice(0, at).trim();
  const header = at === -1 ? '' : value.slice(at + 1).trim();
  if (field === '' || header === '') throw new UsageError(`--map "${value}": expected field=header, e.g. --map manager="Sales Rep"`);
  if (!(DEAL_FIELDS as readonly string[]).includes(field)) {
    throw new UsageError(`--map "${value}": "${field}" is not a deal field (${DEAL_FIELDS.join(', ')})${didYouMean(field, DEAL_FIELDS)}`);
  }
  return { ...previous, [field]: header };
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

export function initCommand(): Command {
  const cmd = new Command('init')
    .description('write a starter config (kpi.yaml) for a CRM export, recognising the CRM from its headers')
    .argument('<deals>', 'the deals export (CSV)')
    .addOption(new Option('--crm <name>', 'the CRM that wrote the export, instead of recognising it').choices([...PRESETS]))
    .option('--history <file>', 'a stage-history export: the stage order is inferred from it')
    .option('--payments <file>', 'a payments export, for commission plans that credit on payment')
    .option('--out <file>', 'where to write the config', 'kpi.yaml')
    .option('--force', 'overwrite --out if it exists')
    .option('--map <field=header>', 'the column of a deal field (repeatable), e.g. --map manager="Sales Rep"', collectMap, {})
    .addHelpText(
      'after',
      `
Detects the encoding and delimiter, recognises amoCRM, Bitrix24, HubSpot, Pipedrive, Salesforce or
Zoho from the header (stderr says how sure it is and which headers decided; --crm overrides), and
writes a commented config: column mapping, date format, time zone, the stages of each pipeline in
the order deals move through them (from the history when given, else in order of first appearance),
won/lost stages, starter conversion target and zombie rules, and a commented-out commission plan.
Paths in the config are relative to it. Nothing is overwritten without --force (exit 2).

Examples:
  $ dealpulse init exports/deals.csv
  $ dealpulse init --crm salesforce Opportunity.csv --history OpportunityHistory.csv --out sf.yaml
  $ dealpulse init deals.csv --out kpi.yaml --force && dealpulse doctor --config kpi.yaml
  $ dealpulse init pipeline.csv --map manager=sales_agent --map created_at=engage_date

Columns the CRM's preset does not name are found by the names other CRMs and spreadsheets give them
(owner, sales agent, create date, close value…); stderr says which. --map decides any of them.`,
    );
  cmd.action(async (dealsArg: string, opts: InitOptions) => {
    const cwd = process.cwd();
    const outPath = path.resolve(cwd, opts.out);
    if (existsSync(outPath) && !opts.force) {
      throw new UsageError(`${opts.out} already exists; pass --force to overwrite it, or --out OTHER.yaml`);
    }
    const dealsPath = inputFile(cwd, dealsArg, 'deals');
    const historyPath = opts.history !== undefined ? inputFile(cwd, opts.history, '--history') : undefined;
    const paymentsPath = opts.payments !== undefined ? inputFile(cwd, opts.payments, '--payments') : undefined;
    const display = (p: string) => displayPath(cwd, p);
    const relToConfig = (p: string) => path.relative(path.dirname(outPath), p).split(path.sep).join('/') || path.basename(p);

    // Recognise the CRM from the header first: the preset decides how the rows are scanned.
    const head = await openCsv(dealsPath, { displayName: display(dealsPath) });
    const header = head.header;
    const encoding = head.encoding;
    const delimiter = head.delimiter;
    await head.close();
    const detection = detectCrm(header);
    const presetName = opts.crm ?? detection.preset;
    const preset = presets[presetName]!;
    const say = (line: string) => process.stderr.write(`${line}\n`);
    say(`${display(dealsPath)}: ${encoding}, ${DELIMITER_NAMES[delimiter] ?? delimiter}-separated, ${header.length} columns`);
    say(describeDetection(detection, opts.crm));

    const deals = await scanDeals(dealsPath, display(dealsPath), preset, opts.map);
    // A config built from no rows would guess stages and targets from nothing; one built from a file
    // whose columns look like no deal field (a text file, another export) would read nothing right.
    if (deals.rows === 0) throw new InputError(`${display(dealsPath)}: no data rows to build a config from (is it the deals export?)`);
    const dealFields = [...deals.mapped.keys()].filter((f) => (DEAL_FIELDS as readonly string[]).includes(f));
    if (dealFields.length < 2) {
      throw new InputError(
        `${display(dealsPath)}: none of its ${header.length} column${header.length === 1 ? '' : 's'} looks like a deal's id, manager, dates, stage or amount${dealFields.length === 1 ? ` (only ${dealFields[0]})` : ''}; ` +
          `is it the deals export? If it is, name its columns: --map id="…" --map manager="…" --map created_at="…"`,
      );
    }
    const crmHistory = preset.history ? [{ name: preset.name, preset: preset.history }] : [];
    const history = historyPath
      ? await scanSideFile(historyPath, display(historyPath), 'history', [...crmHistory, { name: 'generic', preset: presets['generic']!.history! }])
      : undefined;
    const payments = paymentsPath
      ? await scanSideFile(paymentsPath, display(paymentsPath), 'payments', [{ name: 'generic', preset: presets['generic']!.payments! }])
      : undefined;

    const { plan, warnings, facts } = planConfig({
      preset,
      chosenBy: opts.crm !== undefined ? 'flag' : 'detected',
      detection,
      deals,
      ...(history ? { history } : {}),
      ...(payments ? { payments } : {}),
      paths: {
        deals: relToConfig(dealsPath),
        ...(historyPath ? { history: relToConfig(historyPath) } : {}),
        ...(paymentsPath ? { payments: relToConfig(paymentsPath) } : {}),
      },
    });
    const text = renderConfig(plan);
    // What we write must load: a failure here is a bug in init, not the user's problem.
    parseConfigText(text, opts.out);
    await writeOutput(text, outPath);

    for (const f of facts) say(f);
    for (const w of warnings) say(`warning: ${w}`);
    say(`wrote ${display(outPath)} (${deals.rows} deals, preset ${preset.name}); next: dealpulse doctor --config ${display(outPath)}`);
  });
  return cmd;
}

function inputFile(cwd: string, file: string, what: string): string {
  const p = path.resolve(cwd, file);
  if (!existsSync(p)) throw new UsageError(`${what} ${file}: no such file`);
  if (statSync(p).isDirectory()) throw new UsageError(`${what} ${file}: a directory, not a file`);
  return p;
}

/** One line on how the CRM was chosen, how sure, and which headers decided. */
export function describeDetection(d: CrmDetection, crmFlag: string | undefined): string {
  const runnerUp = d.candidates.find((c) => c.preset !== d.preset);
  const best = d.candidates.find((c) => c.preset === d.preset);
  if (crmFlag !== undefined) {
    const agree = crmFlag === d.preset ? 'the headers agree' : d.confidence === 'none' ? 'the headers match no known CRM' : `the headers look like ${d.label} (${d.confidence} confidence)`;
    return `CRM: ${presets[crmFlag]?.label ?? crmFlag} (--crm); ${agree}`;
  }
  if (d.confidence === 'none') {
    return 'CRM: not recognised (no header only a known CRM writes); reading it as generic CSV with dealpulse field names — pass --crm NAME if you know it';
  }
  const decided = d.decidedBy.slice(0, 8).map((h) => `"${h}"`).join(', ') + (d.decidedBy.length > 8 ? `, … (${d.decidedBy.length} in all)` : '');
  const vs = runnerUp ? `; next best ${runnerUp.label} (score ${runnerUp.score} vs ${best?.score ?? 0})` : '';
  const missing = best && best.missingRequired.length > 0 ? `; its names do not find ${best.missingRequired.join(', ')}` : '';
  return `CRM: ${d.label}, ${d.confidence} confidence — decided by ${decided}${vs}${missing}`;
}
