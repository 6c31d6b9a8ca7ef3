// `--by` grouping: which deal attribute a row group is keyed on. Built-in fields and any custom
// field mapped under `fields:` can be used; a deal without a value is grouped under NO_VALUE.
import type { Deal } from '../model/records.js';

export const BUILTIN_GROUP_FIELDS = ['manager', 'pipeline', 'source', 'stage', 'client', 'lost_reason', 'status'] as const;

/** Shown for deals that have no value in a grouping field. */
export const NO_VALUE = '(none)';

/** What grouping reads of a deal: a `Deal`, or any record that keeps these fields. */
export type GroupSource = Pick<Deal, 'manager' | 'pipeline' | 'status' | 'fields' | 'source' | 'stage' | 'client' | 'lostReason'>;

export function groupValue(deal: GroupSource, field: string): string {
  switch (field) {
    case 'manager':
      return deal.manager;
    case 'pipeline':
      return deal.pipeline;
    case 'source':
      return deal.source ?? NO_VALUE;
    case 'stage':
      return deal.stage ?? NO_VALUE;
    case 'client':
      return deal.client ?? NO_VALUE;
    case 'lost_reason':
      return deal.lostReason ?? NO_VALUE;
    case 'status':
      return deal.status;
    default: {
      const v = deal.fields[field];
      return v === undefined ? NO_VALUE : String(v);
    }
  }
}

/** The group of a deal for several fields, as values in field order. */
export function groupValues(deal: GroupSource, fields: readonly string[]): string[] {
  return fields.map((f) => groupValue(deal, f));
}
