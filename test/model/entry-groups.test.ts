// Each deal's last entry up to a limit (model/entry-groups.ts `lastEntries`), found by deal id in the
// events' table: compared with the entries grouped as lists (`groupStageEntries`, itself checked
// against the rules written out the plain way in test/metrics/stage-entries.test.ts), on random
// histories with repeated stages, equal and out-of-order times and ids of every shape.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stageEvent } from '../../src/model/records.js';
import { packEvents } from '../../src/model/event-table.js';
import { lastEntries } from '../../src/model/entry-groups.js';
import { groupStageEntries } from '../../src/metrics/stage-entries.js';

const ID = fc.oneof(fc.integer({ min: 1_000_000, max: 1_000_030 }).map(String), fc.constantFrom('007', '7', 'A12', 'zcrm_5725767000000428001', '006Hs00001Ab3xYIAR', '999999999999999'));
const hour = (h: number) => Date.UTC(2025, 0, 1) + h * 3_600_000;

describe('lastEntries', () => {
  it('is the last grouped entry at or before the limit, for every deal, and nothing for others', () => {
    const event = fc.tuple(ID, fc.constantFrom('New', 'Talks', 'Proposal', 'Won'), fc.integer({ min: 0, max: 12 }));
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }), ID, (rows, limit, other) => {
        const events = rows.map(([dealId, stage, h], i) => stageEvent(dealId, stage, hour(h), 'history.csv', i + 2));
        const find = lastEntries(packEvents(events), limit === undefined ? undefined : hour(limit));
        const byDeal = groupStageEntries(events).byDeal;
        for (const id of new Set([...byDeal.keys(), other])) {
          const kept = (byDeal.get(id) ?? []).filter((e) => limit === undefined || e.enteredMs <= hour(limit));
          const last = kept[kept.length - 1];
          expect(find(id)).toEqual(last === undefined ? undefined : { stage: last.stage, enteredMs: last.enteredMs });
        }
      }),
      { numRuns: 3000 },
    );
  });
});
