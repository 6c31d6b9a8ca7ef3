// The warning before reading files likely to outgrow Node's heap: said near the limit, silent far
// below it, and with a heap size that fits the estimate.
import { describe, expect, it } from 'vitest';
import { estimatedHeapBytes, memoryWarning } from '../../src/io/memory-estimate.js';

const MB = 1024 ** 2;
const GB = 1024 ** 3;

describe('memoryWarning', () => {
  it('is silent for files far below the heap limit', () => {
    expect(memoryWarning({ dealsBytes: 161 * MB, historyBytes: 195 * MB, deals: 'counting' }, 4 * GB)).toBeUndefined();
  });

  it('warns for a 2 GB deals file, with a heap size that would fit it', () => {
    const sizes = { dealsBytes: 2 * GB, historyBytes: 0, deals: 'whole' as const };
    expect(estimatedHeapBytes(sizes)).toBe(4 * GB);
    const text = memoryWarning(sizes, 4 * GB)!;
    expect(text).toContain('the files are big (2.0 GB)');
    expect(text).toContain('about 4.0 GB of memory');
    expect(text).toContain("Node's heap limit is 4.0 GB");
    expect(text).toContain('NODE_OPTIONS=--max-old-space-size=6144');
  });

  it('counts the history and the lighter deals of the counting commands', () => {
    expect(estimatedHeapBytes({ dealsBytes: 100, historyBytes: 100, deals: 'counting' })).toBe(500);
    expect(estimatedHeapBytes({ dealsBytes: 100, historyBytes: 100, deals: 'counting', eventTable: true })).toBe(300);
    expect(estimatedHeapBytes({ dealsBytes: 100, historyBytes: 100, deals: 'columns', eventTable: true })).toBe(300);
    expect(estimatedHeapBytes({ dealsBytes: 100, historyBytes: 0, deals: 'none' })).toBe(0);
    expect(memoryWarning({ dealsBytes: 400 * MB, historyBytes: 500 * MB, deals: 'counting' }, 2.5 * GB)).toContain('about 2.2 GB');
  });
});
