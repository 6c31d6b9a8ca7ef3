// The zod schema of kpi.yaml (SPEC §2). Every object is strict: an unknown key is almost always a
// typo, and a silently ignored `comission:` would pay nobody. Messages are written for the person
// editing the file; the loader adds `file:line:col: path:` in front of them.
import * as z from 'zod';
import { Big, isKnownCurrency } from '../model/money.js';
import { PERIOD_KEY } from '../model/period.js';
import { validateDateFormat } from '../model/date-format.js';

const text = z.string({ error: 'expected a text value' }).trim().min(1, { error: 'expected a non-empty text' });
const textList = z.array(text, { error: 'expected a list of names, e.g. [Won]' });

/** A fraction such as a conversion target, a tier rate or a tier threshold. */
const fraction = z
  .number({ error: 'expected a number between 0 and 1' })
  .min(0, { error: 'expected a number between 0 and 1' })
  .max(1, { error: 'expected a number between 0 and 1' });

/** Tier thresholds are attainment ratios: 1.2 means 120 % of quota, so no upper bound. */
const attainmentLevel = z
  .number({ error: 'expected a number ≥ 0 (1.0 = 100 % of quota)' })
  .min(0, { error: 'expected a number ≥ 0 (1.0 = 100 % of quota)' });

/**
 * Money in the config (quotas, bonuses, caps). YAML gives a binary float; its shortest decimal
 * spelling is exactly what the user typed (1200000, 0.05), so going through String() is exact.
 */
const money = z
  .number({ error: 'expected an amount (a number ≥ 0, without currency)' })
  .min(0, { error: 'expected an amount ≥ 0' })
  .refine(Number.isFinite, { error: 'expected a finite amount' })
  .transform((n) => new Big(String(n)));

/** Exact decimal fraction (rates are multiplied with money, so they must not be floats). */
const exactFraction = fraction.transform((n) => new Big(String(n)));
const exactLevel = attainmentLevel.transform((n) => new Big(String(n)));

const positiveDays = z
  .number({ error: 'expected a whole number of days' })
  .int({ error: 'expected a whole number of days' })
  .positive({ error: 'expected a whole number of days > 0' });

export const ENCODINGS = ['auto', 'utf-8', 'windows-1251', 'windows-1252', 'iso-8859-1', 'utf-16le', 'utf-16be'] as const;
export const DELIMITERS = ['auto', ',', ';', '\t', '|', 'tab'] as const;
export const PRESETS = ['generic', 'amocrm', 'bitrix24', 'hubspot', 'pipedrive', 'salesforce', 'zoho'] as const;

/** Canonical fields a `columns:` mapping may name, per kind of file (SPEC §1). */
export const DEAL_FIELDS = [
  'id', 'title', 'manager', 'pipeline', 'stage', 'status', 'amount', 'margin', 'currency',
  'created_at', 'closed_at', 'expected_close_at', 'last_activity_at', 'stage_changed_at',
  'source', 'lost_reason', 'client',
] as const;
export const HISTORY_FIELDS = ['deal_id', 'stage', 'entered_at', 'from_stage', 'to_stage', 'changed_at', 'pipeline'] as const;
export const PAYMENT_FIELDS = ['deal_id', 'paid_at', 'amount', 'currency'] as const;

function columnsOf(keys: readonly string[]) {
  const shape: Record<string, z.ZodOptional<typeof text>> = Object.fromEntries(keys.map((k) => [k, text.optional()]));
  return z.strictObject(shape);
}

function fileSchema(keys: readonly string[]) {
  return z.strictObject({
    path: text,
    preset: z.enum(PRESETS, { error: `expected one of ${PRESETS.join(', ')}` }).optional(),
    encoding: z.enum(ENCODINGS, { error: `expected one of ${ENCODINGS.join(', ')}` }).default('auto'),
    delimiter: z
      .enum(DELIMITERS, { error: 'expected auto, ",", ";", tab or "|"' })
      .default('auto')
      .transform((d) => (d === 'tab' ? '\t' : d)),
    // Checked here, not row by row: a format with `yy` would refuse every date of the file.
    date_format: text.superRefine((fmt, ctx) => {
      const problem = validateDateFormat(fmt);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    }).optional(),
    // The decimal separator, when the delimiter would suggest the wrong one (a US export re-saved
    // by Excel as tab-separated text keeps `10,000` = ten thousand).
    decimal: z.enum(['.', ','], { error: 'expected "." or ","' }).optional(),
    columns: columnsOf(keys).default({}),
  });
}

const dealsFileSchema = fileSchema(DEAL_FIELDS).extend({
  fields: z.record(text, text, { error: 'expected custom field name: "Header in the file"' }).default({}),
  status: z
    .strictObject({ won: textList.default([]), lost: textList.default([]) })
    .default({ won: [], lost: [] }),
});

const pipelineSchema = z
  .strictObject({
    stages: textList.min(1, { error: 'expected at least one stage' }),
    won: textList.default([]),
    lost: textList.default([]),
    sla_days: z.record(text, z.number({ error: 'expected a number of days' }).positive({ error: 'expected days > 0' })).default({}),
    rot_days: z.record(text, positiveDays).default({}),
  })
  .superRefine((p, ctx) => {
    for (const key of ['sla_days', 'rot_days'] as const) {
      for (const stage of Object.keys(p[key])) {
        if (!p.stages.includes(stage)) {
          ctx.addIssue({ code: 'custom', path: [key, stage], message: `"${stage}" is not one of this pipeline's stages (${p.stages.join(', ')})` });
        }
      }
    }
  });

const conversionTargets = z.union([
  fraction,
  z
    .record(z.string(), z.union([fraction, z.record(text, fraction)]))
    .superRefine((t, ctx) => {
      for (const [key, value] of Object.entries(t)) {
        if (key.startsWith('by_')) {
          if (typeof value === 'number') ctx.addIssue({ code: 'custom', path: [key], message: `expected a map of ${key.slice(3)} → target, e.g. { Ivanova: 0.4 }` });
        } else if (key === 'default' || PERIOD_KEY.test(key)) {
          if (typeof value !== 'number') ctx.addIssue({ code: 'custom', path: [key], message: 'expected a number between 0 and 1' });
        } else {
          ctx.addIssue({ code: 'custom', path: [key], message: `unknown target key "${key}": expected default, a period (2025, 2025-Q1, 2025-03, 2025-W09) or by_<field>` });
        }
      }
    }),
]);

const zombieRule = z
  .strictObject({
    name: text,
    amount_from: money.optional(),
    amount_below: money.optional(),
    max_age_days: positiveDays,
  })
  .refine((r) => !(r.amount_from && r.amount_below) || r.amount_from.lt(r.amount_below), {
    error: 'amount_from must be below amount_below',
  });

const tier = z.strictObject({ from: exactLevel, rate: exactFraction });

const bonus = z
  .strictObject({
    name: text,
    kpi: z.enum(['conversion'], { error: 'expected kpi: conversion' }).optional(),
    at_least: fraction.optional(),
    attainment_at_least: attainmentLevel.optional(),
    amount: money,
  })
  .superRefine((b, ctx) => {
    const conditions = (b.kpi !== undefined ? 1 : 0) + (b.attainment_at_least !== undefined ? 1 : 0);
    if (conditions !== 1) ctx.addIssue({ code: 'custom', message: 'a bonus needs exactly one condition: `kpi: conversion` with `at_least`, or `attainment_at_least`' });
    if (b.kpi !== undefined && b.at_least === undefined) ctx.addIssue({ code: 'custom', path: ['at_least'], message: 'a kpi bonus needs `at_least` (e.g. 0.35)' });
  });

const measure = z.enum(['revenue', 'margin'], { error: 'expected revenue or margin' });

const plan = z
  .strictObject({
    base: measure.default('revenue'),
    attainment_on: measure.optional(),
    credit_on: z.enum(['payment', 'close'], { error: 'expected payment or close' }).default('close'),
    require: textList.default([]),
    tier_mode: z.enum(['retroactive', 'marginal'], { error: 'expected retroactive or marginal' }).default('retroactive'),
    tiers: z.array(tier).min(1, { error: 'expected at least one tier, e.g. - { from: 0, rate: 0.05 }' }),
    bonuses: z.array(bonus).default([]),
    cap: money.optional(),
  })
  .superRefine((p, ctx) => {
    p.tiers.forEach((t, i) => {
      const prev = p.tiers[i - 1];
      if (prev && !t.from.gt(prev.from)) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'from'], message: 'tiers must be in increasing order of `from`' });
    });
    if (p.tiers[0] && !p.tiers[0].from.eq(0)) ctx.addIssue({ code: 'custom', path: ['tiers', 0, 'from'], message: 'the first tier must start at from: 0' });
  });

const quota = z.union([
  money,
  z.record(z.string(), money).superRefine((q, ctx) => {
    for (const key of Object.keys(q)) {
      if (key !== 'default' && !PERIOD_KEY.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: `expected default or a period such as 2025-03, got "${key}"` });
    }
  }),
]);

const teamMember = z.strictObject({ manager: text, plan: text, quota });

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const configSchema = z
  .strictObject({
    company: text.optional(),
    timezone: text.refine(isTimeZone, { error: 'expected an IANA time zone such as Europe/Moscow' }).default('UTC'),
    currency: z
      .string({ error: 'expected an ISO 4217 code such as RUB, USD, EUR' })
      .refine((c) => /^[A-Z]{3}$/.test(c) && isKnownCurrency(c), { error: 'expected an ISO 4217 code such as RUB, USD, EUR' })
      .default('RUB'),
    week_starts_on: z.enum(['monday', 'sunday'], { error: 'expected monday or sunday' }).default('monday'),
    data: z.strictObject({
      deals: dealsFileSchema,
      history: fileSchema(HISTORY_FIELDS).optional(),
      payments: fileSchema(PAYMENT_FIELDS).optional(),
    }),
    margin_rate: fraction.transform((n) => new Big(String(n))).optional(),
    pipelines: z.record(text, pipelineSchema).default({}),
    targets: z.strictObject({ conversion: conversionTargets.optional() }).default({}),
    zombies: z
      .strictObject({
        rules: z.array(zombieRule).default([]),
        max_days_in_stage: positiveDays.optional(),
        max_days_without_activity: positiveDays.optional(),
      })
      .default({ rules: [] }),
    commission: z
      .strictObject({
        rounding: z.enum(['half-up', 'half-even'], { error: 'expected half-up or half-even' }).default('half-up'),
        plans: z.record(text, plan).default({}),
        team: z.array(teamMember).default([]),
      })
      .superRefine((c, ctx) => {
        c.team.forEach((m, i) => {
          if (!(m.plan in c.plans)) ctx.addIssue({ code: 'custom', path: ['team', i, 'plan'], message: `unknown plan "${m.plan}" (plans: ${Object.keys(c.plans).join(', ') || 'none defined'})` });
        });
      })
      .optional(),
  });

export type RawConfig = z.output<typeof configSchema>;
export type DealsFileConfig = RawConfig['data']['deals'];
export type FileConfig = z.output<ReturnType<typeof fileSchema>>;
export type PipelineConfig = RawConfig['pipelines'][string];
export type CommissionConfig = NonNullable<RawConfig['commission']>;
export type PlanConfig = CommissionConfig['plans'][string];
export type ZombieRule = RawConfig['zombies']['rules'][number];
export type ConversionTargets = NonNullable<RawConfig['targets']['conversion']>;
