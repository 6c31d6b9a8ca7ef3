// Every form of stage history gives the same stage events, and so the same funnel: HubSpot's wide
// `Date entered "…"` columns on the deals file, the entry form, the from→to form (the same deals,
// fixtures/crm/hubspot/), Salesforce's OpportunityHistory (stages repeated on saves) and Zoho's
// backup history (the same story, other stage names).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { loadDataset } from '../../src/io/load-dataset.js';
import { presetFor } from '../../src/io/presets/index.js';
import { readHistoryAs } from '../../src/io/read-history.js';
import { groupStageEntries } from '../../src/metrics/stage-entries.js';
import { makeTmp } from './csv/helpers.js';
import { ROOT, runCli } from '../support/run-cli.js';

const crm = (p: string) => JSON.stringify(path.join(ROOT, 'fixtures', 'crm', p));
const AS_OF = new Date('2025-03-31T23:59:00Z');
const HS_STAGES = '["Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Contract Sent"]';

const hubspotDeals = `  deals: { path: ${crm('hubspot/deals.csv')}, preset: hubspot }\n`;
const hubspotPipelines = `pipelines:\n  "Sales Pipeline": { stages: ${HS_STAGES}, won: ["Closed Won"], lost: ["Closed Lost"] }\n`;

const CONFIGS: Record<string, string> = {
  wide: `timezone: UTC\ndata:\n${hubspotDeals}${hubspotPipelines}`,
  entries: `timezone: UTC\ndata:\n${hubspotDeals}  history: { path: ${crm('hubspot/history-entries.csv')} }\n${hubspotPipelines}`,
  changes: `timezone: UTC\ndata:\n${hubspotDeals}  history: { path: ${crm('hubspot/history-changes.csv')} }\n${hubspotPipelines}`,
  salesforce:
    `timezone: UTC\ncurrency: USD\ndata:\n  deals: { path: ${crm('salesforce/Opportunity.csv')}, preset: salesforce }\n` +
    `  history: { path: ${crm('salesforce/OpportunityHistory.csv')}, preset: salesforce }\n` +
    'pipelines:\n  default: { stages: [Prospecting, Qualification, "Proposal/Price Quote", "Negotiation/Review"], won: [Closed Won], lost: [Closed Lost] }\n',
  zoho:
    `timezone: UTC\ncurrency: USD\ndata:\n  deals: { path: ${crm('zoho/deals.csv')}, preset: zoho }\n` +
    `  history: { path: ${crm('zoho/Deals__2025-04-01.csv')}, preset: zoho }\n` +
    'pipelines:\n  Standard: { stages: [Qualification, "Needs Analysis", "Proposal/Price Quote", "Negotiation/Review"], won: [Closed Won], lost: [Closed Lost] }\n',
};
// The same story's stages, per CRM, in order: stage 1–4, won, lost.
const NAMES: Record<string, string[]> = {
  hubspot: ['Appointment Scheduled', 'Qualified To Buy', 'Presentation Scheduled', 'Contract Sent', 'Closed Won', 'Closed Lost'],
  salesforce: ['Prospecting', 'Qualification', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'],
  zoho: ['Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'],
};

const tmp = makeTmp('history-forms');
beforeAll(() => {
  for (const [name, text] of Object.entries(CONFIGS)) writeFileSync(path.join(tmp.dir, `${name}.yaml`), text);
});
afterAll(() => tmp.cleanup());

/** Each deal's entries (repeats collapsed) as `deal-number: stage-index@ISO time`, comparable across CRMs. */
async function entriesOf(form: string): Promise<string[]> {
  const config = await loadConfig(path.join(tmp.dir, `${form}.yaml`), tmp.dir);
  const data = await loadDataset(config, { cwd: tmp.dir, asOf: AS_OF, history: true });
  expect(data.diagnostics, form).toEqual([]);
  const names = NAMES[form === 'salesforce' || form === 'zoho' ? form : 'hubspot']!;
  // The deal's position in its deals file numbers it the same in every CRM (the story's order).
  const number = new Map(data.deals.map((d, i) => [d.id, i + 1]));
  const { byDeal } = groupStageEntries(data.events!);
  return [...byDeal].flatMap(([id, entries]) => entries.map((e) => `${number.get(id)}: ${names.indexOf(e.stage)}@${new Date(e.enteredMs).toISOString()}`)).sort();
}

describe('stage history forms', () => {
  it('wide, entry and from→to forms of the same deals give identical events', async () => {
    const wide = await entriesOf('wide');
    expect(wide).toHaveLength(80);
    expect(await entriesOf('entries')).toEqual(wide);
    expect(await entriesOf('changes')).toEqual(wide);
  });

  it('Salesforce OpportunityHistory (repeated stages collapsed) and the Zoho backup give the same events', async () => {
    const wide = await entriesOf('wide');
    expect(await entriesOf('salesforce')).toEqual(wide);
    expect(await entriesOf('zoho')).toEqual(wide);
  });

  it('and the same funnel output', () => {
    const funnel = (form: string) => {
      const r = runCli(['funnel', '--config', `${form}.yaml`, '--as-of', '2025-03-31T23:59', '--format', 'json'], { cwd: tmp.dir });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { rows: Array<Record<string, unknown>>; summary: Record<string, unknown> };
    };
    const wide = funnel('wide');
    expect(funnel('entries').rows).toEqual(wide.rows);
    expect(funnel('changes').rows).toEqual(wide.rows);
    // Other CRMs: the same rows once pipeline and stage names are set aside.
    const anonymous = (rows: Array<Record<string, unknown>>) => rows.map(({ pipeline: _p, stage: _s, ...rest }) => rest);
    const sf = funnel('salesforce');
    expect(anonymous(sf.rows)).toEqual(anonymous(wide.rows));
    expect(sf.summary['collapsed']).toBe(47); // OpportunityHistory's repeated saves
    expect(anonymous(funnel('zoho').rows)).toEqual(anonymous(wide.rows));
    expect(wide.rows.map((r) => r['entered'])).toEqual([24, 20, 13, 7]);
  });

  it('a configured history file replaces the wide columns', async () => {
    const config = await loadConfig(path.join(tmp.dir, 'entries.yaml'), tmp.dir);
    const data = await loadDataset(config, { cwd: tmp.dir, asOf: AS_OF, history: true });
    expect(data.events!.every((e) => e.src.file.endsWith('history-entries.csv'))).toBe(true);
    expect(data.notes.join('\n')).not.toContain('"date entered" columns');
  });
});

describe('readHistoryAs with a sink', () => {
  it('hands every entry on and keeps none (the reading thread stores them as columns itself)', async () => {
    const options = {
      path: path.join(ROOT, 'fixtures', 'crm', 'salesforce', 'OpportunityHistory.csv'),
      display: 'OpportunityHistory.csv',
      file: { path: 'OpportunityHistory.csv', columns: {} } as never,
      preset: presetFor('salesforce')!.history!,
      timezone: 'UTC',
      currency: 'USD',
    };
    const kept = await readHistoryAs(options, (dealId, stage, enteredMs, line) => ({ dealId, stage, enteredMs, line }));
    const handed: unknown[] = [];
    const streamed = await readHistoryAs(options, (dealId, stage, enteredMs, line) => ({ dealId, stage, enteredMs, line }), (e) => handed.push(e));
    expect(kept.records.length).toBeGreaterThan(10);
    expect(streamed.records).toEqual([]);
    expect(handed).toEqual(kept.records);
    expect(streamed.stats).toEqual(kept.stats);
    expect(streamed.diagnostics).toEqual(kept.diagnostics);
  });
});
