// Won, lost and open as CRMs write them (src/io/deal-status.ts `statusOfWord`), in a status column
// and as the name of a final stage, whatever the preset; the config's and preset's words first.
import { describe, expect, it } from 'vitest';
import { makeStatusReader, statusOfWord } from '../../src/io/deal-status.js';
import { genericPreset } from '../../src/io/presets/generic.js';

describe('status words', () => {
  it.each([
    ['won', ['Won', 'WON', 'Closed Won', 'closedwon', 'Closed-Won', 'C6:WON', 'closed_won', 'Success']],
    ['lost', ['Lost', 'LOSE', 'C2:LOSE', 'Closed Lost', 'closedlost', 'Dead', 'Closed-Lost to Competition', 'Cancelled', 'Проиграна']],
    ['open', ['Open', 'On Hold', 'In progress', 'pending']],
  ])('%s', (status, words) => {
    for (const w of words) expect(statusOfWord(w), w).toBe(status);
  });

  it('says nothing of other words', () => {
    for (const w of ['Qualification', 'Negotiation/Review', 'Lost Reason', 'Won Reason', 'Needs Analysis', '']) expect(statusOfWord(w), w).toBeUndefined();
  });

  it('decides a status column and a final stage, after the words of the config', () => {
    const read = makeStatusReader(genericPreset.deals, { won: ['Signed'], lost: [] });
    const flag = () => undefined;
    expect(read({ status: 'Dead', flag }, true)).toMatchObject({ status: 'lost', by: 'status' });
    expect(read({ status: 'On Hold', flag }, true)).toEqual({ status: 'open', by: 'status' });
    expect(read({ status: 'Archived', flag }, true)).toMatchObject({ status: 'open', warning: expect.stringContaining('neither a won nor a lost value') });
    expect(read({ stage: 'Closed Won', flag }, false)).toMatchObject({ status: 'won', by: 'stage' });
    expect(read({ stage: 'C4:LOSE', flag }, false)).toMatchObject({ status: 'lost', by: 'stage' });
    expect(read({ stage: 'Signed', flag }, false)).toMatchObject({ status: 'won', by: 'stage' });
    // An open word names no close: the stage stays open by default.
    expect(read({ stage: 'New', flag }, false)).toMatchObject({ status: 'open', by: 'default' });
  });
});
