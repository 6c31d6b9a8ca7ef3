// The names CRMs and spreadsheets give dealpulse's deal fields, beyond any one CRM's preset: what
// `init` maps a column by when the preset found nothing for a field (a file of an unknown CRM, a
// CRM's API names, a re-saved report). Data, not code paths: a field's phrases, compared with a
// header after both are put in words — camelCase split, `__c` and punctuation dropped, lower case —
// so that `StageName`, `stage_name`, `Stage Name` and `Deal - Stage` read alike.
//
// A phrase in `exact` must be the whole header; a word in `within` may stand anywhere in it (the
// header `Masked Deal value` has the word `value`), unless the header also has a word of `unless`
// (`Expected Revenue` is not the amount, `Created By` not the creation date). Exact names are tried
// for every field first, then words, fields in the order below; a column is given to one field only.

export interface FieldNames {
  exact: readonly string[];
  within?: readonly string[];
  unless?: readonly string[];
}

/** Words no date field's header has: who did it, not when. */
const NOT_A_TIME = ['by', 'user', 'owner', 'author'];

export const DEAL_FIELD_NAMES: ReadonlyArray<readonly [string, FieldNames]> = [
  ['id', { exact: ['id', 'record id', 'deal id', 'opportunity id', 'potential id', 'object id', 'hs object id', 'external id', 'deal number', 'deal no', 'number', 'no'] }],
  [
    'expected_close_at',
    { exact: ['expected close date', 'expected close', 'tentative close date', 'estimated close date', 'forecast close date'], within: ['expected', 'tentative', 'estimated'], unless: ['revenue', 'amount', 'value', ...NOT_A_TIME] },
  ],
  [
    'created_at',
    {
      exact: ['created', 'created at', 'created on', 'create date', 'created date', 'created time', 'creation date', 'creation time', 'date created', 'createdate', 'date time created', 'datetime created', 'engage date', 'engaged date', 'open date', 'opened at', 'opened on'],
      within: ['created', 'creation', 'createdate'],
      unless: NOT_A_TIME,
    },
  ],
  [
    'closed_at',
    {
      exact: ['close date', 'closed date', 'closing date', 'closedate', 'date closed', 'closed at', 'closed on', 'close time', 'closed time', 'closure date', 'won date', 'date won'],
      within: ['close date', 'closed date', 'closedate', 'closing'],
      unless: ['expected', 'tentative', 'estimated', 'probability', ...NOT_A_TIME],
    },
  ],
  ['last_activity_at', { exact: ['last activity', 'last activity date', 'last activity time', 'notes last contacted', 'last contacted'], within: ['activity'], unless: ['next', 'type', 'count', ...NOT_A_TIME] }],
  [
    'manager',
    {
      exact: ['owner', 'deal owner', 'opportunity owner', 'potential owner', 'owner name', 'owner id', 'owner code', 'assigned to', 'assigned', 'assigned by id', 'agent', 'sales agent', 'salesperson', 'sales person', 'sales rep', 'sales representative', 'rep', 'responsible', 'responsible user', 'manager', 'account manager', 'hubspot owner id', 'user', 'employee', 'seller'],
      within: ['owner', 'agent', 'salesperson', 'rep', 'responsible', 'assigned'],
      unless: ['contact', 'company', 'account', 'client', 'email', 'phone'],
    },
  ],
  ['stage', { exact: ['stage', 'deal stage', 'stage name', 'dealstage', 'pipeline stage', 'sales stage', 'phase', 'deal phase', 'stage id'], within: ['stage'], unless: ['order', 'duration', 'date', 'time', 'probability', 'entered', 'exited', 'days'] }],
  // A status is only taken by its exact name: `Delivery Status`, `Payment Status` are other things.
  ['status', { exact: ['status', 'deal status', 'opportunity status', 'potential status', 'state', 'outcome', 'result', 'won lost', 'win loss'] }],
  [
    'amount',
    {
      exact: ['amount', 'value', 'deal value', 'deal amount', 'opportunity amount', 'budget', 'revenue', 'close value', 'sum', 'total', 'price', 'opportunity value'],
      within: ['amount', 'value', 'revenue', 'budget'],
      unless: ['expected', 'weighted', 'forecast', 'tier', 'probability', 'currency', 'company', 'recurring'],
    },
  ],
  ['title', { exact: ['name', 'title', 'deal name', 'deal title', 'opportunity name', 'potential name', 'dealname', 'subject', 'opportunity', 'deal'], within: ['title'], unless: ['job', 'contact'] }],
  ['pipeline', { exact: ['pipeline', 'sales pipeline', 'funnel', 'deal pipeline', 'category'], within: ['pipeline', 'funnel'], unless: ['stage'] }],
  ['currency', { exact: ['currency', 'currency code', 'currency iso code', 'currencyisocode', 'amount currency'], within: ['currency'], unless: ['amount in', 'rate'] }],
  ['source', { exact: ['source', 'lead source', 'leadsource', 'source origin', 'deal source', 'channel', 'utm source'], within: ['source'], unless: ['id', 'data'] }],
  ['lost_reason', { exact: ['lost reason', 'closed lost reason', 'reason for loss', 'loss reason', 'reason lost'], within: ['lost reason', 'loss'], unless: [] }],
  ['client', { exact: ['account', 'account name', 'company', 'company name', 'client', 'client name', 'client code', 'customer', 'customer name', 'organization', 'organisation', 'associated company', 'account id'], within: ['account', 'company', 'client', 'customer', 'organization', 'organisation'], unless: ['owner', 'manager', 'email', 'phone', 'type'] }],
];

/** A stage history's fields (a row per entry into a stage), by the names exports give them. */
export const HISTORY_FIELD_NAMES: ReadonlyArray<readonly [string, FieldNames]> = [
  // The row's own id (`Record Id` of a history row) is not the deal's: only names of the deal.
  ['deal_id', { exact: ['deal id', 'opportunity id', 'potential id', 'lead id', 'deal', 'opportunity', 'deal name id', 'opportunity external id', 'deal external id', 'parent id'], within: ['opportunity', 'deal'], unless: ['name', 'stage', 'amount', 'date', 'time'] }],
  ['stage', { exact: ['stage', 'stage name', 'to stage', 'new stage', 'stage to', 'status'], within: ['stage'], unless: ['from', 'old', 'previous', 'sort', 'order', 'duration', 'probability'] }],
  [
    'entered_at',
    {
      exact: ['entered at', 'entered', 'entered on', 'date entered', 'created date', 'created', 'created at', 'created time', 'date time created', 'changed at', 'changed', 'modified time', 'date', 'timestamp', 'event date'],
      within: ['created', 'entered', 'changed', 'modified', 'timestamp'],
      unless: ['close', 'closing', 'expected', 'by'],
    },
  ],
];

/** A payments file's fields, by the names exports give them. */
export const PAYMENT_FIELD_NAMES: ReadonlyArray<readonly [string, FieldNames]> = [
  ['deal_id', { exact: ['deal id', 'opportunity id', 'deal', 'opportunity', 'order id', 'invoice deal id'], within: ['deal', 'opportunity'], unless: ['name', 'amount', 'date'] }],
  ['paid_at', { exact: ['paid at', 'paid', 'paid on', 'date paid', 'payment date', 'date', 'transaction date', 'received at', 'received'], within: ['paid', 'payment date', 'received'], unless: ['amount', 'by'] }],
  ['amount', { exact: ['amount', 'paid amount', 'payment amount', 'sum', 'value', 'total'], within: ['amount', 'sum'], unless: ['currency', 'deal amount'] }],
  ['currency', { exact: ['currency', 'currency code'] }],
];

/** A header in words: `DateTimeCreated__c` → `date time created`, `Owner.Name` → `owner name`, `Deal #` → `deal number`. */
export function headerWords(header: string): string {
  return header
    .trim()
    .replace(/__c$/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[#№]/g, ' number ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Whether `words` has the phrase `phrase` as whole words. */
function hasPhrase(words: string, phrase: string): boolean {
  return ` ${words} `.includes(` ${phrase} `);
}

/**
 * Columns for the deal fields `wanted` that `taken` columns leave, by name: field → 0-based column.
 * Exact names first for every field, then words within a header.
 */
export function columnsByName(
  header: readonly string[],
  wanted: ReadonlySet<string>,
  taken: ReadonlySet<number>,
  table: ReadonlyArray<readonly [string, FieldNames]> = DEAL_FIELD_NAMES,
): Map<string, number> {
  const words = header.map(headerWords);
  // An org's own custom fields (Salesforce `…__c`) say what the org meant, not what a word in them
  // suggests (`DeliveryInstallationStatus__c` is no deal status): they are taken by an exact name
  // only — unless they are reached through a relationship (`Owner.External_Id__c`: the owner's).
  const custom = header.map((h) => /__c$/i.test(h.trim()) && !h.includes('.'));
  const used = new Set(taken);
  const found = new Map<string, number>();
  const give = (field: string, test: (w: string) => boolean, byWords: boolean) => {
    if (found.has(field) || !wanted.has(field)) return;
    const i = words.findIndex((w, k) => !used.has(k) && w !== '' && !(byWords && custom[k]) && test(w));
    if (i === -1) return;
    found.set(field, i);
    used.add(i);
  };
  for (const [field, names] of table) give(field, (w) => names.exact.includes(w), false);
  for (const [field, names] of table) {
    const within = names.within ?? [];
    const unless = names.unless ?? [];
    give(field, (w) => within.some((p) => hasPhrase(w, p)) && !unless.some((p) => hasPhrase(w, p)), true);
  }
  return found;
}
