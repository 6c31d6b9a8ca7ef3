// Writes a starter kpi.yaml (for `dealpulse init`) from a plan of what was found in the export.
// Pure text: every name is written as a JSON string (valid YAML, whatever quotes, colons or
// Cyrillic it holds), every choice has a comment saying where it came from, and the result is
// meant to be read and edited by a person. `init` checks it with the real loader before writing.

export interface ColumnLine {
  field: string;
  header: string;
  /** Written commented out, with this reason (e.g. a header that appears twice). */
  commentedOut?: string;
  /** A trailing comment. */
  note?: string;
}

export interface FileSection {
  /** Relative to the config file. */
  path: string;
  preset: string;
  encoding: string;
  delimiter: string;
  dateFormat?: string;
  /** Why this date format (or none). */
  dateComment?: string;
  decimal?: '.' | ',';
  decimalComment?: string;
  columns: ColumnLine[];
  /** Comment lines written above the section's keys. */
  comments?: string[];
  /** Comment lines written after the columns. */
  trailer?: string[];
}

export interface PipelinePlan {
  name: string;
  stages: string[];
  won: string[];
  lost: string[];
}

export interface ZombieRulePlan {
  name: string;
  amountBelow?: string;
  amountFrom?: string;
  maxAgeDays: number;
}

export interface ConfigPlan {
  /** Lines of the header comment (what was recognised, how sure, from which file). */
  about: string[];
  timezone: string;
  timezoneComment: string;
  currency: string;
  currencyComment: string;
  deals: FileSection;
  status?: { won: string[]; lost: string[]; comment: string };
  history?: FileSection;
  /** Comment lines where `history:` would be (wide history, or a history file that could not be mapped). */
  historyComments?: string[];
  payments?: FileSection;
  paymentsComments?: string[];
  pipelines: PipelinePlan[];
  pipelinesComment: string[];
  /** Pipelines left out (no working stage seen), with the reason. */
  skippedPipelines: string[];
  conversionTarget: number;
  targetComment: string;
  zombieRules: ZombieRulePlan[];
  zombieComment: string;
  maxDaysInStage?: number;
  maxDaysWithoutActivity?: number;
  managers: string[];
}

const q = (s: string) => JSON.stringify(s);
const list = (items: readonly string[]) => `[${items.map(q).join(', ')}]`;
const delimiterText = (d: string) => (d === '\t' ? 'tab' : q(d));

function fileLines(key: string, f: FileSection, kind: 'deals' | 'history' | 'payments'): string[] {
  const out: string[] = [];
  out.push(`  ${key}:`);
  for (const c of f.comments ?? []) out.push(`    # ${c}`);
  out.push(`    path: ${q(f.path)}`);
  out.push(`    preset: ${f.preset}`);
  out.push(`    encoding: ${f.encoding}`);
  out.push(`    delimiter: ${delimiterText(f.delimiter)}`);
  if (f.dateFormat !== undefined) out.push(`    date_format: ${q(f.dateFormat)}${f.dateComment ? `   # ${f.dateComment}` : ''}`);
  else out.push(`    # date_format: not needed, ${f.dateComment ?? 'the dates are ISO 8601'}`);
  if (f.decimal !== undefined) out.push(`    decimal: ${q(f.decimal)}${f.decimalComment ? `   # ${f.decimalComment}` : ''}`);
  if (f.columns.some((c) => c.commentedOut === undefined)) {
    out.push(`    columns:${kind === 'deals' ? '   # canonical field: header in the file (overrides the preset)' : ''}`);
    const width = Math.max(...f.columns.map((c) => c.field.length));
    for (const c of f.columns) {
      const line = `${c.field}:${' '.repeat(width - c.field.length)} ${q(c.header)}`;
      if (c.commentedOut !== undefined) out.push(`      # ${line}   # ${c.commentedOut}`);
      else out.push(`      ${line}${c.note ? `   # ${c.note}` : ''}`);
    }
  } else {
    // Nothing mapped for sure: an empty map, and the guesses to fill in as comments.
    out.push('    columns: {}');
    for (const c of f.columns) out.push(`    #   ${c.field}: ${q(c.header)}   # ${c.commentedOut ?? ''}`);
  }
  for (const c of f.trailer ?? []) out.push(`    # ${c}`);
  return out;
}

export function renderConfig(plan: ConfigPlan): string {
  const out: string[] = [];
  for (const line of plan.about) out.push(`# ${line}`);
  out.push('# Every key is documented in kpi.example.yaml. Check it with: dealpulse doctor --config <this file>');
  out.push('');
  out.push(`# ${plan.timezoneComment}`);
  out.push(`timezone: ${plan.timezone}`);
  out.push(`# ${plan.currencyComment}`);
  out.push(`currency: ${plan.currency}`);
  out.push('week_starts_on: monday');
  out.push('');
  out.push('data:');
  out.push(...fileLines('deals', plan.deals, 'deals'));
  if (plan.status) {
    out.push(`    # ${plan.status.comment}`);
    out.push('    status:');
    out.push(`      won: ${list(plan.status.won)}`);
    out.push(`      lost: ${list(plan.status.lost)}`);
  }
  for (const c of plan.historyComments ?? []) out.push(`  # ${c}`);
  if (plan.history) out.push(...fileLines('history', plan.history, 'history'));
  for (const c of plan.paymentsComments ?? []) out.push(`  # ${c}`);
  if (plan.payments) out.push(...fileLines('payments', plan.payments, 'payments'));
  out.push('');

  for (const c of plan.pipelinesComment) out.push(`# ${c}`);
  for (const s of plan.skippedPipelines) out.push(`# ${s}`);
  if (plan.pipelines.length > 0) {
    out.push('pipelines:');
    for (const p of plan.pipelines) {
      out.push(`  ${q(p.name)}:`);
      out.push(`    stages: ${list(p.stages)}`);
      out.push(`    won: ${list(p.won)}`);
      out.push(`    lost: ${list(p.lost)}`);
      const example = p.stages[0];
      if (example !== undefined) {
        out.push(`    # sla_days: { ${q(example)}: 2 }    # days a deal may spend in a stage (funnel SLA breaches)`);
        out.push(`    # rot_days: { ${q(example)}: 14 }   # days after which an open deal there is "stuck" (zombies)`);
      }
    }
  }
  out.push('');

  out.push('targets:');
  out.push(`  # ${plan.targetComment}`);
  out.push('  conversion:');
  out.push(`    default: ${plan.conversionTarget}`);
  out.push('    # 2025-Q1: 0.30          # a period key overrides the default for rows inside it');
  out.push('    # by_manager: { "Name": 0.40 }');
  out.push('');

  out.push('zombies:');
  out.push(`  # ${plan.zombieComment}`);
  out.push('  rules:');
  for (const r of plan.zombieRules) {
    const band = [r.amountFrom !== undefined ? `amount_from: ${r.amountFrom}` : undefined, r.amountBelow !== undefined ? `amount_below: ${r.amountBelow}` : undefined]
      .filter((x) => x !== undefined)
      .join(', ');
    out.push(`    - { name: ${r.name}, ${band ? `${band}, ` : ''}max_age_days: ${r.maxAgeDays} }`);
  }
  if (plan.maxDaysInStage !== undefined) out.push(`  max_days_in_stage: ${plan.maxDaysInStage}   # "stuck": days since the deal entered its current stage`);
  else out.push('  # max_days_in_stage: 21   # needs a stage history (or a stage-changed column)');
  if (plan.maxDaysWithoutActivity !== undefined) out.push(`  max_days_without_activity: ${plan.maxDaysWithoutActivity}   # "silent": days since the last activity`);
  else out.push('  # max_days_without_activity: 14   # needs a last_activity_at column');
  out.push('');

  out.push('# A commission plan to start from: uncomment, set the rates and each manager\'s monthly quota.');
  out.push('# commission:');
  out.push('#   rounding: half-up');
  out.push('#   plans:');
  out.push('#     standard:');
  out.push('#       base: revenue          # revenue | margin (margin needs a margin column or margin_rate)');
  out.push('#       credit_on: close       # close | payment (payment needs data.payments)');
  out.push('#       tier_mode: retroactive');
  out.push('#       tiers:');
  out.push('#         - { from: 0.0, rate: 0.02 }');
  out.push('#         - { from: 1.0, rate: 0.05 }');
  out.push('#   team:');
  const team = plan.managers.length > 0 ? plan.managers : ['Manager name'];
  for (const m of team.slice(0, 20)) out.push(`#     - { manager: ${q(m)}, plan: standard, quota: 100000 }`);
  if (team.length > 20) out.push(`#     # … and ${team.length - 20} more managers`);
  out.push('');
  return out.map(oneLine).join('\n');
}

/**
 * A line as written: its comments quote what the export holds (a currency cell, a stage name…),
 * which may hold a line break — a break would end the comment and make the rest a key, and the
 * config would not load. Names outside comments are JSON strings, whose breaks are escaped already.
 */
function oneLine(line: string): string {
  return line.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}
