// The names that find a deal field's column when no preset names it (src/io/presets/synonyms.ts):
// headers as spreadsheets, API exports and CRMs without a preset write them, in every spelling
// (camelCase, snake_case, `Entity - Field`, `__c`, relationship columns), and the look-alikes that
// must not be taken (who created a deal is not when; expected revenue is not the amount).
import { describe, expect, it } from 'vitest';
import { columnsByName, headerWords, HISTORY_FIELD_NAMES, PAYMENT_FIELD_NAMES } from '../../../src/io/presets/synonyms.js';
import { DEAL_FIELDS } from '../../../src/config/schema.js';

const ALL = new Set<string>(DEAL_FIELDS);

/** field → header, for a header row. */
function mapped(header: string[], wanted: ReadonlySet<string> = ALL, taken: ReadonlySet<number> = new Set()): Record<string, string> {
  return Object.fromEntries([...columnsByName(header, wanted, taken)].map(([field, i]) => [field, header[i]!]));
}

describe('columns by name', () => {
  it('puts headers in words', () => {
    expect(headerWords('DateTimeCreated__c')).toBe('date time created');
    expect(headerWords('Owner.External_Id__c')).toBe('owner external id');
    expect(headerWords('Deal - Expected close date')).toBe('deal expected close date');
    expect(headerWords('CurrencyIsoCode')).toBe('currency iso code');
    expect(headerWords('  Дата создания ')).toBe('дата создания');
  });

  it.each([
    [
      'a B2B pipeline data set',
      ['opportunity_id', 'sales_agent', 'product', 'account', 'deal_stage', 'engage_date', 'close_date', 'close_value'],
      { id: 'opportunity_id', manager: 'sales_agent', client: 'account', stage: 'deal_stage', created_at: 'engage_date', closed_at: 'close_date', amount: 'close_value' },
    ],
    [
      'API names of an opportunity object',
      ['Id', 'Name', 'StageName', 'Amount', 'CloseDate', 'OwnerId', 'CreatedDate', 'LeadSource', 'CurrencyIsoCode', 'LastActivityDate', 'ExpectedRevenue'],
      { id: 'Id', title: 'Name', stage: 'StageName', amount: 'Amount', closed_at: 'CloseDate', manager: 'OwnerId', created_at: 'CreatedDate', source: 'LeadSource', currency: 'CurrencyIsoCode', last_activity_at: 'LastActivityDate' },
    ],
    [
      'a load file with relationship columns',
      ['External_Id__c', 'Account.External_Id__c', 'Owner.External_Id__c', 'Name', 'StageName', 'CloseDate', 'DateTimeCreated__c', 'Amount'],
      { id: 'External_Id__c', client: 'Account.External_Id__c', manager: 'Owner.External_Id__c', title: 'Name', stage: 'StageName', closed_at: 'CloseDate', created_at: 'DateTimeCreated__c', amount: 'Amount' },
    ],
    [
      "a board's export without an id",
      ['Deal Name', 'Owner code', 'Client Code', 'Deal Status', 'Close Date (A)', 'Closure Probability', 'Masked Deal value', 'Tentative Close Date', 'Deal Stage', 'Created Date'],
      { title: 'Deal Name', manager: 'Owner code', client: 'Client Code', status: 'Deal Status', closed_at: 'Close Date (A)', amount: 'Masked Deal value', expected_close_at: 'Tentative Close Date', stage: 'Deal Stage', created_at: 'Created Date' },
    ],
    [
      'old deal names, with look-alikes beside the real columns',
      ['Potential Name', 'Potential Owner', 'Created By', 'Created Time', 'Closing Date', 'Expected Revenue', 'Amount', 'Stage', 'Lead Source', 'Reason For Loss'],
      { title: 'Potential Name', manager: 'Potential Owner', created_at: 'Created Time', closed_at: 'Closing Date', amount: 'Amount', stage: 'Stage', source: 'Lead Source', lost_reason: 'Reason For Loss' },
    ],
    [
      'internal property names',
      ['hs_object_id', 'dealname', 'dealstage', 'pipeline', 'amount', 'createdate', 'closedate', 'hubspot_owner_id', 'closed_lost_reason'],
      { id: 'hs_object_id', title: 'dealname', stage: 'dealstage', pipeline: 'pipeline', amount: 'amount', created_at: 'createdate', closed_at: 'closedate', manager: 'hubspot_owner_id', lost_reason: 'closed_lost_reason' },
    ],
    [
      'a spreadsheet of a small team',
      ['Deal #', 'Customer', 'Assigned To', 'Opened On', 'Closed On', 'Deal Value (EUR)', 'Status'],
      { id: 'Deal #', client: 'Customer', manager: 'Assigned To', created_at: 'Opened On', closed_at: 'Closed On', amount: 'Deal Value (EUR)', status: 'Status' },
    ],
  ])('maps %s', (_what, header, expected) => {
    expect(mapped(header)).toEqual(expected);
  });

  it("takes an org's custom fields and other statuses by an exact name only", () => {
    const header = ['Id', 'StageName', 'DeliveryInstallationStatus__c', 'Payment Status', 'OrderNumber__c', 'Amount_Discounted__c', 'Amount'];
    expect(mapped(header)).toEqual({ id: 'Id', stage: 'StageName', amount: 'Amount' });
    expect(mapped(['Deal Status', 'Owner'])).toEqual({ status: 'Deal Status', manager: 'Owner' });
  });

  it('fills only the fields asked for, and never a column already taken', () => {
    const header = ['ID', 'Owner', 'Created', 'Amount'];
    expect(mapped(header, new Set(['manager', 'created_at']))).toEqual({ manager: 'Owner', created_at: 'Created' });
    expect(mapped(header, ALL, new Set([1]))).toEqual({ id: 'ID', created_at: 'Created', amount: 'Amount' });
  });

  it("finds a stage history's and a payments file's columns, not the row's own id", () => {
    const history = (header: string[]) => Object.fromEntries([...columnsByName(header, new Set(['deal_id', 'stage', 'entered_at']), new Set(), HISTORY_FIELD_NAMES)].map(([f, i]) => [f, header[i]!]));
    expect(history(['External_Id__c', 'Amount__c', 'StageName__c', 'CloseDate__c', 'CreatedDate__c', 'Opportunity.External_Id__c'])).toEqual({ deal_id: 'Opportunity.External_Id__c', stage: 'StageName__c', entered_at: 'CreatedDate__c' });
    expect(history(['Record Id', 'Deal Name.id', 'Stage', 'Modified Time', 'Closing Date'])).toEqual({ deal_id: 'Deal Name.id', stage: 'Stage', entered_at: 'Modified Time' });
    expect(history(['OpportunityId', 'CreatedDate', 'StageName', 'Amount'])).toEqual({ deal_id: 'OpportunityId', stage: 'StageName', entered_at: 'CreatedDate' });
    const payments = (header: string[]) => Object.fromEntries([...columnsByName(header, new Set(['deal_id', 'paid_at', 'amount']), new Set(), PAYMENT_FIELD_NAMES)].map(([f, i]) => [f, header[i]!]));
    expect(payments(['Payment #', 'Deal ID', 'Payment Date', 'Paid Amount'])).toEqual({ deal_id: 'Deal ID', paid_at: 'Payment Date', amount: 'Paid Amount' });
  });
});
