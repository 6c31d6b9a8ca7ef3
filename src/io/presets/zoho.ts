// Zoho CRM: the deals export (`zcrm_` ids, `.id` twin columns) and the stage history of the data
// backup (`Deals__<date>.csv`), per ../shared/CRM-EXPORTS.md. Names marked "guess" are not in that
// document.
import type { Preset } from './preset.js';

export const zohoPreset: Preset = {
  name: 'zoho',
  label: 'Zoho CRM',
  // Case matters: HubSpot writes `Record ID` and `Deal owner`.
  signatures: [
    'Record Id',
    'Deal Owner',
    'Closing Date',
    'Created Time',
    'Modified Time',
    'Last Activity Time',
    'Probability (%)',
    'Reason For Loss',
    'Contact Name',
    'Expected Revenue',
    'Deal Name.id',
    /\.id$/,
  ],
  currency: 'USD', // guess: used only when the Currency column is absent
  deals: {
    columns: {
      id: ['Record Id'],
      title: ['Deal Name'],
      manager: ['Deal Owner'],
      pipeline: ['Pipeline'],
      stage: ['Stage'],
      amount: ['Amount'],
      currency: ['Currency'],
      created_at: ['Created Time'],
      // The expected closing date while the deal is open (openCloseDateIsExpected).
      closed_at: ['Closing Date'],
      last_activity_at: ['Last Activity Time'],
      source: ['Lead Source'],
      lost_reason: ['Reason For Loss'],
      client: ['Account Name'],
    },
    // `2024-09-09 13:20:35`: ISO reading covers it.
    decimal: '.',
    timezone: 'account-local',
    // Zoho's default stage names (guess).
    won: ['Closed Won'],
    lost: ['Closed Lost', 'Closed-Lost to Competition'],
    openCloseDateIsExpected: true,
  },
  // The backup's stage history: `Record Id` is the history row's own id; the deal is `Deal Name.id`.
  // A row is the deal entering `Stage` at `Modified Time`.
  history: {
    columns: {
      deal_id: ['Deal Name.id'],
      stage: ['Stage'],
      entered_at: ['Modified Time'],
    },
    timezone: 'account-local',
  },
};
