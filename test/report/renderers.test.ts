import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { formatNames, pickFormat, renderers } from '../../src/report/renderers.js';
import { sampleReport } from './sample-report.js';

describe('renderers', () => {
  it('maps every format name to a renderer', () => {
    expect(formatNames()).toEqual(['table', 'csv', 'json', 'md', 'html']);
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

describe('pickFormat from the --out extension', () => {
  it('uses the extension when no --format is given', () => {
    expect(pickFormat(undefined, false, 'snapshot.html')).toBe('html');
    expect(pickFormat(undefined, false, 'out/Report.JSON')).toBe('json');
    expect(pickFormat(undefined, true, 'payroll.csv')).toBe('csv');
    expect(pickFormat(undefined, false, 'notes.txt')).toBe('table');
    expect(pickFormat(undefined, false, 'weird.xlsx')).toBe('csv');
    expect(pickFormat('md', false, 'snapshot.html')).toBe('md');
  });
});
