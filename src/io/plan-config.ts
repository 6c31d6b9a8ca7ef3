// What a starter config says, decided from what `init` found in the export (scan-export.ts): the
// mapping, the dialect, the date format, the time zone convention, the stages of each pipeline in
// the order deals move through them, won/lost stages, and starter targets and zombie rules. Pure:
// scans in, a ConfigPlan (rendered by config/write-config.ts) and warnings for the user out.
import type { Big } from '../model/money.js';
import { isKnownCurrency } from '../model/money.js';
import { DEAL_FIELDS, HISTORY_FIELDS, PAYMENT_FIELDS } from '../config/schema.js';
import type { ColumnLine, ConfigPlan, FileSection, PipelinePlan, ZombieRulePlan } from '../config/write-config.js';
import { decimalHintFor } from './cells.js';
import type { CrmDetection } from './detect-crm.js';
import { makeStatusReader } from './deal-status.js';
import type { Preset } from './presets/preset.js';
import type { DealsScan, RawEntry, SideFileScan, StageSeen } from './scan-export.js';
import { medianAmount } from './scan-export.js';
import { detectDateFormat, detectDecimal } from './sniff-values.js';
import { orderStages } from './stage-order.js';
import { parseDateTime } from './values/date.js';

export interface PlanInput {
  preset: Preset;
  /** How the preset was chosen: `--crm`, or recognised from the headers. */
  chosenBy: 'flag' | 'detected';
  detection: CrmDetection;
  deals: DealsScan;
  history?: SideFileScan;
  payments?: SideFileScan;
  /** Paths as written into the config (relative to it). */
  paths: { deals: string; history?: string; payments?: string };
}

export interface PlanResult {
  plan: ConfigPlan;
  /** Things the user should look at (stderr). */
  warnings: string[];
  /** Facts worth a line on stderr (date format chosen, stages found…). */
  facts: string[];
}

const REQUIRED = ['manager', 'created_at'];

export function planConfig(input: PlanInput): PlanResult {
  const { preset, deals } = input;
  const dealsPreset = preset.deals;
  const warnings: string[] = [];
  const facts: string[] = [];

  // Time zone: periods are cut in it, and account-local exports are written in it.
  const utc = dealsPreset.timezone === 'utc';
  const timezone = utc ? 'UTC' : (dealsPreset.usualTimezone ?? 'UTC');
  const timezoneComment = utc
    ? `${preset.label} API exports write timestamps in UTC (with Z); report exports in the user's zone. Periods are cut in this zone: set the one your company reports in.`
    : dealsPreset.timezone === 'account-local'
      ? `${preset.label} writes times in the account's time zone, without an offset: set that zone here (an IANA name)${dealsPreset.usualTimezone ? `; ${dealsPreset.usualTimezone} is the usual one` : ', e.g. Europe/Berlin'}. Periods are cut in it.`
      : 'The zone the export\'s times are written in, and periods are cut in (an IANA name, e.g. Europe/Moscow).';

  // Currency: the export's own currency column when it holds ISO codes, else the preset's default.
  const codes = [...deals.currencies].sort((a, b) => b[1] - a[1]);
  const code = codes[0]?.[0].trim().toUpperCase();
  let currency: string;
  let currencyComment: string;
  if (code !== undefined && /^[A-Z]{3}$/.test(code) && isKnownCurrency(code)) {
    currency = code;
    currencyComment = `ISO 4217 code for display and rounding: ${code} is the export's currency column's most common value${codes.length > 1 ? ` (it also has ${codes.slice(1).map(([c]) => c).join(', ')}: dealpulse does not convert currencies)` : ''}.`;
  } else {
    currency = preset.currency ?? 'RUB';
    currencyComment = `ISO 4217 code for display and rounding (a guess: ${code !== undefined ? `the currency column says "${codes[0]![0]}", not a code` : 'the export does not say'}); change it if needed.`;
  }

  // Deals file section.
  const dealsDate = detectDateFormat(deals.dateSamples, dealsPreset.dateFormat);
  if (dealsDate.doubt) warnings.push(`${deals.file}: ${dealsDate.doubt}`);
  facts.push(`${deals.file}: dates ${dealsDate.format ?? 'ISO 8601'} (${dealsDate.read} of ${dealsDate.total} samples read)`);
  const dealsSection: FileSection = {
    path: input.paths.deals,
    preset: preset.name,
    encoding: deals.encoding,
    delimiter: deals.delimiter,
    ...dateSection(dealsDate, dealsPreset.dateFormat),
    ...decimalSection(deals.amountSamples, deals.delimiter, dealsPreset.decimal),
    columns: columnLines(deals, preset),
    comments: dealsComments(deals, preset),
    trailer: [
      "Values (of a status column, or stage names) meaning won / lost, besides the preset's and the pipelines' won/lost stages:",
      'status: { won: ["…"], lost: ["…"] }',
    ],
  };
  for (const f of deals.missingRequired) {
    warnings.push(`${deals.file}: no column for the required field "${f}": map it under data.deals.columns before running anything`);
  }
  if (!deals.mapped.has('id')) warnings.push(`${deals.file}: no id column: each deal is numbered by its line (map id under data.deals.columns if the CRM has ids)`);
  for (const note of deals.notes) facts.push(note);

  // Status and stages.
  const statusOf = makeStatusReader(dealsPreset, { won: [], lost: [] });
  const outcomeStages = dealsPreset.stageShowsOutcome !== false;
  const wonStage = (stage: string) => statusOf.wonWords.has(stage.trim().toLowerCase());
  const lostStage = (stage: string) => statusOf.lostWords.has(stage.trim().toLowerCase());

  // History: its entries, in time order per deal, give the stage order.
  let historyEntries: RawEntry[] = [];
  let historyFormat: string | undefined;
  let historySection: FileSection | undefined;
  const historyComments: string[] = [];
  if (input.history) {
    const h = input.history;
    if (h.problem) {
      warnings.push(`${h.file}: left out of the config: ${h.problem}; map it by hand under data.history`);
      historyComments.push(`history: ${h.file} could not be mapped (${h.problem}); map it by hand:`);
      historyComments.push(`  history: { path: ${JSON.stringify(input.paths.history ?? h.file)}, columns: { deal_id: "…", stage: "…", entered_at: "…" } }`);
    } else {
      const date = detectDateFormat(h.dateSamples, presetOf(input, h.preset)?.history?.dateFormat);
      if (date.doubt) warnings.push(`${h.file}: ${date.doubt}`);
      historyFormat = date.format;
      historyEntries = h.entries;
      historySection = {
        path: input.paths.history ?? h.file,
        preset: h.preset,
        encoding: h.encoding,
        delimiter: h.delimiter,
        ...dateSection(date, presetOf(input, h.preset)?.history?.dateFormat),
        columns: sideColumns(h, HISTORY_FIELDS),
        comments: [
          h.form === 'changes'
            ? 'Stage history, one row per change (from → to): each change is an entry into to_stage.'
            : 'Stage history, one row per entry of a deal into a stage.',
        ],
      };
      facts.push(`${h.file}: stage history (${h.form === 'changes' ? 'from → to' : 'entries'}, ${h.preset} names), ${h.entries.length} rows`);
      facts.push(...h.notes.filter((n) => n.endsWith('(by its name)')));
    }
  } else if (deals.wideColumns.length > 0) {
    historyEntries = deals.wideEntries;
    historyFormat = dealsDate.format;
    historyComments.push(
      `history: none needed — the ${deals.wideColumns.length} "Date entered …" columns of the deals file are read as the stage history (funnel, zombies "stuck").`,
      'A separate history file under data.history would replace them.',
    );
  }

  const sequencesByPipeline = new Map<string, string[][]>();
  const historyFirstSeen = new Map<string, string[]>();
  if (historyEntries.length > 0) {
    const byDeal = new Map<string, Array<{ stage: string; at: number; n: number }>>();
    historyEntries.forEach((e, n) => {
      const r = parseDateTime(e.time, historyFormat === undefined ? { timezone } : { timezone, format: historyFormat });
      if (!r.ok) return;
      const list = byDeal.get(e.dealId) ?? [];
      list.push({ stage: e.stage, at: r.value.getTime(), n });
      byDeal.set(e.dealId, list);
    });
    const onlyPipeline = deals.pipelines.length === 1 ? deals.pipelines[0] : undefined;
    for (const [dealId, list] of byDeal) {
      const pipeline = deals.dealPipeline.get(dealId) ?? onlyPipeline;
      if (pipeline === undefined) continue;
      list.sort((a, b) => a.at - b.at || a.n - b.n);
      const seq: string[] = [];
      for (const { stage } of list) if (seq[seq.length - 1] !== stage) seq.push(stage);
      const seqs = sequencesByPipeline.get(pipeline) ?? [];
      seqs.push(seq);
      sequencesByPipeline.set(pipeline, seqs);
      const seen = historyFirstSeen.get(pipeline) ?? [];
      for (const s of seq) if (!seen.includes(s)) seen.push(s);
      historyFirstSeen.set(pipeline, seen);
    }
  }

  const pipelines: PipelinePlan[] = [];
  const skippedPipelines: string[] = [];
  for (const name of deals.pipelines) {
    const seen = deals.stages.filter((s) => s.pipeline === name);
    const won: string[] = [];
    const lost: string[] = [];
    const working: string[] = [];
    const classify = (stage: string, counts?: { open: number; won: number; lost: number }) => {
      if (won.includes(stage) || lost.includes(stage) || working.includes(stage)) return;
      if (wonStage(stage)) won.push(stage);
      else if (lostStage(stage)) lost.push(stage);
      else if (outcomeStages && counts && counts.won > 0 && counts.open + counts.lost === 0) won.push(stage);
      else if (outcomeStages && counts && counts.lost > 0 && counts.open + counts.won === 0) lost.push(stage);
      else working.push(stage);
    };
    for (const s of seen) classify(s.stage, s.deals);
    for (const s of historyFirstSeen.get(name) ?? []) classify(s);
    const sequences = (sequencesByPipeline.get(name) ?? []).map((seq) => seq.filter((s) => working.includes(s)));
    const voted = orderStages(sequences, working);
    // The export's own order hint, when it tells every working stage apart, is its word on the order
    // (history rows of a demo org share one timestamp: their order says nothing).
    const hinted = orderByHint(voted, seen);
    const stages = hinted ?? voted;
    if (hinted !== undefined && deals.orderHint !== undefined) facts.push(`pipeline "${name}": stages ordered by the export's "${deals.orderHint}" column`);
    if (stages.length === 0) {
      skippedPipelines.push(`pipeline ${JSON.stringify(name)} is left out: no deal of it is in a working stage (add it by hand: stages: [...])`);
      continue;
    }
    pipelines.push({ name, stages, won, lost });
    facts.push(`pipeline "${name}": ${stages.join(' → ')}${won.length ? `; won: ${won.join(', ')}` : ''}${lost.length ? `; lost: ${lost.join(', ')}` : ''}`);
  }
  const pipelinesComment = [
    'Pipelines by name (the values of the pipeline column; "default" when there is none). `stages` are the',
    historyEntries.length > 0
      ? 'working stages in the order deals move through them, as the stage history shows it (deals that'
      : 'working stages in the order they first appear in the deals file (no stage history was given):',
    historyEntries.length > 0 ? 'skip or go back are outvoted); `won` / `lost` end a deal.' : 'check the order; `won` / `lost` end a deal.',
  ];
  if (!outcomeStages) pipelinesComment.push(`${preset.label} keeps a closed deal in its last working stage: the status column says won or lost, no stage does.`);

  // Starter targets and zombie rules from the data itself.
  const leads = deals.rows;
  const observed = leads > 0 ? deals.status.won / leads : 0;
  const conversionTarget = leads > 0 ? Math.min(0.95, Math.max(0.05, Math.floor(observed * 20) / 20)) : 0.3;
  const targetComment =
    leads > 0
      ? `A starter value: over the whole export ${deals.status.won} of ${leads} deals are won (${(observed * 100).toFixed(1)}%). Set your own.`
      : 'A starter value; set your own.';

  const median = medianAmount(deals.amounts);
  const band = median !== undefined && median.gt(0) ? roundTwoFigures(median) : undefined;
  const zombieRules: ZombieRulePlan[] = band !== undefined
    ? [
        { name: 'small', amountBelow: band, maxAgeDays: 30 },
        { name: 'default', maxAgeDays: 60 },
      ]
    : [{ name: 'default', maxAgeDays: 60 }];
  const zombieComment =
    band !== undefined
      ? `Open deals older than max_age_days are zombies; the first rule whose amount band holds the deal applies. ${band} is about the median deal amount.`
      : 'Open deals older than max_age_days are zombies; the first rule whose amount band holds the deal applies.';

  const plan: ConfigPlan = {
    about: aboutLines(input),
    timezone,
    timezoneComment,
    currency,
    currencyComment,
    deals: dealsSection,
    historyComments,
    pipelines,
    pipelinesComment,
    skippedPipelines,
    conversionTarget,
    targetComment,
    zombieRules,
    zombieComment,
    managers: deals.managers,
  };
  if (historySection) plan.history = historySection;
  if (historyEntries.length > 0 || deals.mapped.has('stage_changed_at')) plan.maxDaysInStage = 21;
  if (deals.mapped.has('last_activity_at')) plan.maxDaysWithoutActivity = 14;

  if (input.payments) {
    const p = input.payments;
    if (p.problem) {
      warnings.push(`${p.file}: left out of the config: ${p.problem}; map it by hand under data.payments`);
      plan.paymentsComments = [`payments: ${p.file} could not be mapped (${p.problem}); map it by hand:`, `  payments: { path: ${JSON.stringify(input.paths.payments ?? p.file)}, columns: { deal_id: "…", paid_at: "…", amount: "…" } }`];
    } else {
      const date = detectDateFormat(p.dateSamples, undefined);
      if (date.doubt) warnings.push(`${p.file}: ${date.doubt}`);
      plan.payments = {
        path: input.paths.payments ?? p.file,
        preset: p.preset,
        encoding: p.encoding,
        delimiter: p.delimiter,
        ...dateSection(date, undefined),
        ...decimalSection(p.amountSamples, p.delimiter, undefined),
        columns: sideColumns(p, PAYMENT_FIELDS),
        comments: ['Cash movements, one row per payment; a negative amount is a refund.'],
      };
    }
  }
  return { plan, warnings, facts };
}

function presetOf(input: PlanInput, name: string): Preset | undefined {
  return name === input.preset.name ? input.preset : undefined;
}

function aboutLines(input: PlanInput): string[] {
  const { detection, preset } = input;
  const how =
    input.chosenBy === 'flag'
      ? `${preset.label} (--crm ${preset.name})`
      : detection.confidence === 'none'
        ? 'no known CRM (generic CSV)'
        : `${preset.label}, recognised with ${detection.confidence} confidence from ${detection.decidedBy.slice(0, 6).map((h) => JSON.stringify(h)).join(', ')}${detection.decidedBy.length > 6 ? ', …' : ''}`;
  return [`dealpulse config written by \`dealpulse init\` for ${input.deals.file}`, `Export: ${how}.`, `Deals found: ${input.deals.rows}. Read it through, then run dealpulse doctor.`];
}

function dateSection(guess: ReturnType<typeof detectDateFormat>, presetFormat: string | undefined): Pick<FileSection, 'dateFormat' | 'dateComment'> {
  if (guess.format === undefined) return { dateComment: guess.total > 0 ? 'the dates are ISO 8601' : 'no dates seen' };
  const why =
    guess.format === presetFormat
      ? "the preset's format"
      : presetFormat !== undefined
        ? `read from the data (the preset expects ${presetFormat}: an Excel re-save?)`
        : 'read from the data';
  return { dateFormat: guess.format, dateComment: guess.doubt ? `${why}; ${guess.doubt}` : why };
}

function decimalSection(samples: readonly string[], delimiter: string, presetDecimal: '.' | ',' | undefined): Pick<FileSection, 'decimal' | 'decimalComment'> {
  const seen = detectDecimal(samples);
  const decimal = seen ?? presetDecimal;
  if (decimal === undefined || decimal === decimalHintFor(delimiter, undefined)) return {};
  return {
    decimal,
    decimalComment: seen !== undefined ? `amounts like ${samples.find((s) => /,/.test(s)) ?? samples[0]} show it` : "the CRM's decimal separator, whatever the delimiter",
  };
}

function columnLines(deals: DealsScan, preset: Preset): ColumnLine[] {
  const lines: ColumnLine[] = [];
  for (const field of DEAL_FIELDS) {
    const header = deals.mapped.get(field);
    if (header === undefined) {
      if (REQUIRED.includes(field)) lines.push({ field, header: '<header in your file>', commentedOut: 'REQUIRED and not found: map it' });
      else if (field === 'id') lines.push({ field, header: '<header in your file>', commentedOut: 'not found: each deal is numbered by its line' });
      continue;
    }
    const columns = deals.duplicates.get(header.trim());
    if (columns !== undefined) {
      const why = preset.deals.duplicateHeaders?.[header.trim()];
      lines.push({
        field,
        header,
        commentedOut: `in columns ${columns.join(' and ')}: the preset reads column ${columns[0]}${why ? ` (${why})` : ''}; mapped here it would be ambiguous`,
      });
      continue;
    }
    lines.push({ field, header });
  }
  return lines;
}

function dealsComments(deals: DealsScan, preset: Preset): string[] {
  const comments: string[] = [];
  const own = [...deals.mapped].filter(([field]) => !(DEAL_FIELDS as readonly string[]).includes(field));
  if (own.length > 0) {
    comments.push(`The ${preset.name} preset also reads ${own.map(([f, h]) => `"${h}" (${f})`).join(', ')}: status flags, close-date fallbacks, product rows.`);
  }
  return comments;
}

function sideColumns(scan: SideFileScan, fields: readonly string[]): ColumnLine[] {
  return fields.flatMap((field) => {
    const header = scan.mapped.get(field);
    return header === undefined ? [] : [{ field, header }];
  });
}

/** 12 345 → 12000, 0.0456 → 0.046: a round band edge. */
function roundTwoFigures(x: Big): string {
  const digits = x.round(0, 0).toFixed(0).length;
  if (x.lt(1)) return x.toPrecision(2, 0).replace(/\.?0+$/, '');
  const factor = 10 ** Math.max(0, digits - 2);
  return x.div(factor).round(0, 0).times(factor).toFixed(0);
}

/**
 * `stages` ordered by the median of their order hints (`StageSeen.hints`: a sort order or a
 * probability), when every stage has one and no two share it; else undefined (the vote stands).
 */
function orderByHint(stages: readonly string[], seen: readonly StageSeen[]): string[] | undefined {
  const medianOf = (values: readonly number[]): number | undefined => {
    if (values.length === 0) return undefined;
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  const hint = new Map(stages.map((stage) => [stage, medianOf(seen.find((s) => s.stage === stage)?.hints ?? [])]));
  const values = [...hint.values()];
  if (stages.length < 2 || values.some((v) => v === undefined) || new Set(values).size !== values.length) return undefined;
  return [...stages].sort((a, b) => hint.get(a)! - hint.get(b)!);
}
