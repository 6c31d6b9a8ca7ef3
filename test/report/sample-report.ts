// A small hand-built report shared by the renderer tests: every column kind, a missing ratio, a
// negative amount, a formula-looking text, control characters, Cyrillic, a bad row and totals.
import { Big } from '../../src/model/money.js';
import type { Report } from '../../src/report/report.js';

export function sampleReport(overrides: Partial<Report> = {}): Report {
  return {
    command: 'conversion',
    asOf: new Date('2025-03-31T21:00:00Z'),
    params: { period: '2025-03', by: ['manager'], window: undefined },
    currency: 'RUB',
    timezone: 'Europe/Moscow',
    main: {
      title: 'Conversion, 2025-03',
      columns: [
        { key: 'manager', kind: 'text', title: 'Manager' },
        { key: 'leads', kind: 'int' },
        { key: 'won_amount', kind: 'money' },
        { key: 'conversion', kind: 'ratio' },
        { key: 'median_hours', kind: 'hours' },
        { key: 'created_at', kind: 'datetime' },
      ],
      rows: [
        {
          manager: 'Иванова',
          leads: 1234,
          won_amount: new Big('1250000.505'),
          conversion: 0.35,
          median_hours: 76,
          created_at: new Date('2025-03-01T09:30:00Z'),
        },
        {
          manager: '=HYPERLINK("x")',
          leads: 0,
          won_amount: new Big(-5),
          conversion: null,
          median_hours: 5.3333,
          created_at: null,
        },
        { manager: 'bad\u001b[31mred\u0000', leads: 2, won_amount: new Big(0), conversion: 1 / 3, median_hours: 0.75 },
      ],
      marks: [undefined, 'bad', undefined],
      totals: { manager: 'Total', leads: 1236, won_amount: new Big('1249995.505') },
    },
    sections: [
      {
        title: 'By pipeline',
        columns: [
          { key: 'pipeline', kind: 'text' },
          { key: 'won_amount', kind: 'money' },
        ],
        rows: [{ pipeline: 'retail|b2c', won_amount: new Big('99.999') }],
      },
    ],
    summary: {
      won_amount: new Big('1249995.505'),
      by_manager: [{ manager: 'Иванова', amount_at_risk: new Big('10.005'), parked: 0, last: new Date('2025-03-02T00:00:00Z') }],
      note: undefined,
    },
    warnings: [
      { file: 'deals.csv', line: 7, field: 'amount', column: 'Бюджет', value: 'abc', reason: 'not a number', action: 'skipped' },
      { file: 'deals.csv', line: 9, reason: 'won deal without closed_at', action: 'kept' },
    ],
    notes: ['method: period', 'stage <Proposal> is the *bottleneck*'],
    ...overrides,
  };
}
