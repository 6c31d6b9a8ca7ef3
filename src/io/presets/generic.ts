// The generic preset: a file whose headers are dealpulse's own field names (or their plain English
// spellings). Used when the config names no preset.
import type { Preset } from './preset.js';

export const genericPreset: Preset = {
  name: 'generic',
  label: 'generic CSV (dealpulse field names)',
  deals: {
    columns: {
      id: ['id', 'deal_id', 'deal id'],
      title: ['title', 'name', 'deal name'],
      manager: ['manager', 'owner', 'deal owner'],
      pipeline: ['pipeline'],
      stage: ['stage', 'deal stage'],
      status: ['status'],
      amount: ['amount', 'value'],
      margin: ['margin'],
      currency: ['currency'],
      created_at: ['created_at', 'created', 'create date', 'created date'],
      closed_at: ['closed_at', 'closed', 'close date'],
      expected_close_at: ['expected_close_at', 'expected close date'],
      last_activity_at: ['last_activity_at', 'last activity date'],
      stage_changed_at: ['stage_changed_at', 'last stage change'],
      source: ['source'],
      lost_reason: ['lost_reason', 'lost reason'],
      client: ['client', 'company', 'account'],
    },
    won: ['won'],
    lost: ['lost'],
  },
  history: {
    columns: {
      deal_id: ['deal_id', 'deal id'],
      stage: ['stage'],
      entered_at: ['entered_at', 'entered'],
      from_stage: ['from_stage', 'from'],
      to_stage: ['to_stage', 'to'],
      changed_at: ['changed_at', 'changed'],
      pipeline: ['pipeline'],
    },
  },
  payments: {
    columns: {
      deal_id: ['deal_id', 'deal id'],
      paid_at: ['paid_at', 'paid', 'date'],
      amount: ['amount'],
      currency: ['currency'],
    },
  },
};
