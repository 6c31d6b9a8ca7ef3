// HubSpot: the deals export (comma-delimited, quoted headers), with the stage history as
// `Date entered "<Stage> (<Pipeline>)"` columns on the same file, per ../shared/CRM-EXPORTS.md.
// Names marked "guess" are not in that document.
import type { Preset } from './preset.js';

export const hubspotPreset: Preset = {
  name: 'hubspot',
  label: 'HubSpot',
  // Case matters: Zoho writes `Record Id` and `Deal Owner`, HubSpot `Record ID` and `Deal owner`.
  signatures: [
    'Record ID',
    'Deal Stage',
    'Deal owner',
    'Create Date',
    'Is Closed Won',
    'Is closed lost',
    'Closed Won Reason',
    'Closed Lost Reason',
    'Amount in company currency',
    'Associated Company (Primary)',
    'Last Activity Date',
    'Next Activity Date',
    /^Date entered ["']/,
  ],
  currency: 'USD', // guess: the portal's currency is not in the export
  deals: {
    columns: {
      id: ['Record ID'],
      title: ['Deal Name'],
      manager: ['Deal owner'],
      pipeline: ['Pipeline'],
      stage: ['Deal Stage'],
      amount: ['Amount', 'Amount in company currency'],
      created_at: ['Create Date'],
      // The expected close date while the deal is open (openCloseDateIsExpected).
      closed_at: ['Close Date'],
      last_activity_at: ['Last Activity Date'],
      lost_reason: ['Closed Lost Reason'],
      client: ['Associated Company (Primary)'],
      is_closed_won: ['Is Closed Won'],
      is_closed_lost: ['Is closed lost'],
    },
    // Dates are `YYYY-MM-DD HH:mm` (unverified), which ISO reading covers: no format needed.
    decimal: '.',
    timezone: 'account-local',
    statusFlags: [
      { field: 'is_closed_won', yes: 'won', no: 'not-won' },
      { field: 'is_closed_lost', yes: 'lost' },
    ],
    // Stage labels of HubSpot's default sales pipeline (guess); the flags above decide first.
    won: ['Closed Won'],
    lost: ['Closed Lost'],
    openCloseDateIsExpected: true,
    // `Date entered "Qualified To Buy (Sales Pipeline)"` and `Date entered 'Closed Won (Sales
    // Pipeline)'`; not `Date exited …`, `Cumulative time in …` or `Time in '…'`. The pipeline is the
    // last parenthesised group, so a stage may itself contain parentheses.
    wideHistory: {
      entered: /^Date entered (["'])(?<stage>.+?)(?: \((?<pipeline>[^()]+)\))?\1$/i,
    },
  },
};
