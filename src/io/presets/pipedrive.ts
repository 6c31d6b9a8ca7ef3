// Pipedrive: the deals export with "Entity - Field" headers, per ../shared/CRM-EXPORTS.md.
// Names marked "guess" are not in that document.
import type { Preset } from './preset.js';

export const pipedrivePreset: Preset = {
  name: 'pipedrive',
  label: 'Pipedrive',
  signatures: [
    'Deal - ID',
    'Deal - Title',
    'Deal - Owner',
    'Deal - Value',
    'Deal - Currency of Value',
    'Deal - Pipeline',
    'Deal - Stage',
    'Deal - Status',
    'Deal - Deal created',
    'Deal - Won time',
    'Deal - Lost time',
    'Deal - Deal closed on',
    'Deal - Expected close date',
  ],
  currency: 'USD', // guess: used only when `Deal - Currency of Value` is absent
  deals: {
    columns: {
      id: ['Deal - ID'],
      title: ['Deal - Title'],
      manager: ['Deal - Owner'],
      pipeline: ['Deal - Pipeline'],
      stage: ['Deal - Stage'],
      // Open / Won / Lost. A custom field named like it is `Deal - Status__2`, a different header.
      status: ['Deal - Status'],
      amount: ['Deal - Value'],
      currency: ['Deal - Currency of Value'],
      created_at: ['Deal - Deal created'],
      closed_at: ['Deal - Deal closed on'],
      expected_close_at: ['Deal - Expected close date'],
      last_activity_at: ['Deal - Last activity date'],
      stage_changed_at: ['Deal - Last stage change'],
      source: ['Deal - Source origin'],
      lost_reason: ['Deal - Lost reason'],
      client: ['Deal - Organization'],
      // Preset-only columns, read by closedAtFrom.
      won_time: ['Deal - Won time'],
      lost_time: ['Deal - Lost time'],
    },
    // `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD`: ISO reading covers both.
    decimal: '.',
    timezone: 'account-local',
    won: ['Won'],
    lost: ['Lost'],
    // A won or lost deal keeps the stage it was in: no stage means won or lost.
    stageShowsOutcome: false,
    closedAtFrom: [
      { field: 'won_time', when: 'won' },
      { field: 'lost_time', when: 'lost' },
    ],
  },
};
