import { describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import { renderTable } from '../../src/report/render-table.js';
import { sampleReport } from './sample-report.js';

describe('renderTable', () => {
  it('renders title, header, rows, a marked bad row, totals, sections and notes', () => {
    expect(renderTable(sampleReport(), { color: false })).toBe(
      [
        'Conversion, 2025-03',
        '┌───┬─────────────────┬───────┬────────────────┬────────────┬──────────────┬──────────────────┐',
        '│   │ Manager         │ leads │     won_amount │ conversion │ median_hours │ created_at       │',
        '├───┼─────────────────┼───────┼────────────────┼────────────┼──────────────┼──────────────────┤',
        '│   │ Иванова         │ 1 234 │ 1 250 000.51 ₽ │      35.0% │        3d 4h │ 2025-03-01 12:30 │',
        '│ ! │ =HYPERLINK("x") │     0 │        -5.00 ₽ │          — │       5h 20m │ —                │',
        '│   │ badred          │     2 │         0.00 ₽ │      33.3% │          45m │ —                │',
        '├───┼─────────────────┼───────┼────────────────┼────────────┼──────────────┼──────────────────┤',
        '│   │ Total           │ 1 236 │ 1 249 995.51 ₽ │            │              │                  │',
        '└───┴─────────────────┴───────┴────────────────┴────────────┴──────────────┴──────────────────┘',
        '',
        'By pipeline',
        '┌────────────┬────────────┐',
        '│ pipeline   │ won_amount │',
        '├────────────┼────────────┤',
        '│ retail|b2c │   100.00 ₽ │',
        '└────────────┴────────────┘',
        '',
        'method: period',
        'stage <Proposal> is the *bottleneck*',
        '',
      ].join('\n'),
    );
  });

  it('color: false writes no ANSI codes at all, even with escape codes in the data', () => {
    const report = sampleReport({ notes: ['note \u001b]0;title\u0007 here'] });
    report.main.title = '\u001b[5mblink';
    const out = renderTable(report, { color: false });
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain('note  here');
    expect(out.startsWith('blink\n')).toBe(true);
  });

  it('color: true paints the bad row red, totals and headers bold, and nothing from the data', () => {
    const out = renderTable(sampleReport(), { color: true });
    expect(out).toContain('│ \u001b[31m!\u001b[39m │ \u001b[31m=HYPERLINK("x")\u001b[39m │');
    expect(out).toContain('\u001b[1m1 249 995.51 ₽\u001b[22m');
    expect(out).toContain('\u001b[1mManager\u001b[22m');
    expect(out).toContain('│   │ badred          │');
    // The only escape sequences are SGR colour codes we produced.
    const sequences = out.match(/\u001b[^m]*m/g) ?? [];
    expect(new Set(sequences)).toEqual(new Set(['\u001b[1m', '\u001b[22m', '\u001b[31m', '\u001b[39m']));
  });

  it('leaves out the marker column when no row is bad, and says so when there are no rows', () => {
    const report = sampleReport({
      sections: [],
      notes: [],
      main: { columns: [{ key: 'manager', kind: 'text' }, { key: 'amount', kind: 'money' }], rows: [] },
    });
    expect(renderTable(report, { color: false })).toBe(
      ['┌─────────┬────────┐', '│ manager │ amount │', '└─────────┴────────┘', '(no rows)', ''].join('\n'),
    );
  });

  it('draws the header line above the totals when there are only totals', () => {
    const report = sampleReport({
      sections: [],
      notes: [],
      main: {
        columns: [{ key: 'manager', kind: 'text' }, { key: 'amount', kind: 'money' }],
        rows: [],
        totals: { manager: 'Total', amount: new Big(0) },
      },
    });
    expect(renderTable(report, { color: false })).toBe(
      [
        '┌─────────┬────────┐',
        '│ manager │ amount │',
        '├─────────┼────────┤',
        '│ Total   │ 0.00 ₽ │',
        '└─────────┴────────┘',
        '(no rows)',
        '',
      ].join('\n'),
    );
  });
});
