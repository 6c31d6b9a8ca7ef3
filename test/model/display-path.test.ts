// How a file is named in messages and reports (model/display-path.ts).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath } from '../../src/model/display-path.js';

describe('displayPath', () => {
  const cwd = path.resolve('/work/reports');
  it('names a file inside the working directory by its path from there', () => {
    expect(displayPath(cwd, path.join(cwd, 'exports', 'deals.csv'))).toBe(path.join('exports', 'deals.csv'));
    expect(displayPath(cwd, 'kpi.yaml')).toBe('kpi.yaml');
    expect(displayPath(cwd, path.join(cwd, '..data.csv'))).toBe('..data.csv');
  });
  it('and any other by its absolute path', () => {
    expect(displayPath(cwd, '/dev/stdin')).toBe(path.resolve('/dev/stdin'));
    expect(displayPath(cwd, path.resolve('/work/deals.csv'))).toBe(path.resolve('/work/deals.csv'));
    expect(displayPath(cwd, '../other/deals.csv')).toBe(path.resolve('/work/other/deals.csv'));
    expect(displayPath(cwd, cwd)).toBe(cwd);
  });
});
