import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { formatNames, pickFormat, renderers } from '../../src/report/renderers.js';
import { sampleReport } from './sample-report.js';

describe('renderers', () => {
  it('maps every format name to a renderer', () => {
    expect(formatNames()).toEqual(['table', 'csv', 'json', 'md']);
    for (const name of formatNames()) {
      expect(renderers[name](sampleReport(), { color: false })).toMatch(/\n$/);
    }
  });

  it('defaults to table on a terminal and csv when piped', () => {
    expect(pickFormat(undefined, true)).toBe('table');
    expect(pickFormat(undefined, false)).toBe('csv');
  });

  it('takes an explicit name whatever stdout is, case-insensitively', () => {
    expect(pickFormat('json', true)).toBe('json');
    expect(pickFormat('table', false)).toBe('table');
    expect(pickFormat(' MD ', false)).toBe('md');
  });

  it('an unknown name is a usage error listing the formats', () => {
    expect(() => pickFormat('xlsx', true)).toThrow(UsageError);
    expect(() => pickFormat('xlsx', true)).toThrow('unknown format "xlsx": use one of table, csv, json, md');
    expect(() => pickFormat('toString', true)).toThrow(UsageError);
    expect(() => pickFormat('', true)).toThrow(UsageError);
  });
});
