// Salesforce: an opportunities report exported "Details Only" (labels, every value quoted, footer
// rows) and the Data Loader / weekly export (API names, UTC timestamps), per
// ../shared/CRM-EXPORTS.md; plus OpportunityHistory.csv as the stage history. Names marked "guess"
// are not in that document.
import type { Preset } from './preset.js';

export const salesforcePreset: Preset = {
  name: 'salesforce',
  label: 'Salesforce',
  signatures: [
    // report labels
    'Opportunity Name',
    'Opportunity Owner',
    'Opportunity ID', // guess: the label of Id when added to a report
    'Created Date',
    'Lead Source',
    // API names
    'StageName',
    'IsWon',
    'IsClosed',
    'OwnerId',
    'CloseDate',
    'CreatedDate',
    'LastModifiedDate',
    'LastActivityDate',
    'LeadSource',
    'CurrencyIsoCode',
  ],
  currency: 'USD', // guess: a single-currency org's currency is not in the export
  deals: {
    columns: {
      // The report has no id unless "Opportunity ID" (guess) is added to it; the API export has Id.
      id: ['Opportunity ID', 'Id'],
      title: ['Opportunity Name', 'Name'],
      // OwnerId is a user id (005…), not a name: the API export has no owner name.
      manager: ['Opportunity Owner', 'OwnerId'],
      stage: ['Stage', 'StageName'],
      amount: ['Amount'],
      currency: ['Amount Currency', 'CurrencyIsoCode'],
      created_at: ['Created Date', 'CreatedDate'],
      // The expected close date while the opportunity is open (openCloseDateIsExpected).
      closed_at: ['Close Date', 'CloseDate'],
      last_activity_at: ['Last Activity', 'LastActivityDate'], // "Last Activity": guess
      source: ['Lead Source', 'LeadSource'],
      client: ['Account Name'],
      // Preset-only flag columns (API names; the report labels "Won" / "Closed" are a guess).
      is_won: ['IsWon', 'Won'],
      is_closed: ['IsClosed', 'Closed'],
    },
    // Report dates in an en_US user's locale (guess: reports follow the user's locale); API
    // timestamps are ISO 8601 with `Z` and are read whatever this says.
    dateFormat: 'M/d/yyyy',
    // `10,000` in reports of multicurrency orgs: a comma is a thousands separator.
    decimal: '.',
    timezone: 'utc',
    statusFlags: [
      { field: 'is_won', yes: 'won', no: 'not-won' },
      { field: 'is_closed', yes: 'closed', no: 'open' },
    ],
    // Stage names of a default org (guess); the flags decide first when the export has them.
    won: ['Closed Won'],
    lost: ['Closed Lost'],
    openCloseDateIsExpected: true,
    // The report's footer, after a blank line or two. Matched only at the end of the file.
    footer: [
      /^Grand Totals \(\d[\d,.\s]*records?\)$/i,
      /^Confidential Information - Do Not Distribute$/i,
      /^Copyright \(c\)/i, // the copyright line's exact wording: guess
      /^©/,
    ],
  },
  // OpportunityHistory.csv: one row per save touching stage, amount, probability or close date, so
  // a stage repeats on consecutive rows; the funnel reads consecutive repeats as one visit.
  history: {
    columns: {
      deal_id: ['OpportunityId'],
      stage: ['StageName'],
      entered_at: ['CreatedDate'],
    },
    timezone: 'utc',
  },
};
