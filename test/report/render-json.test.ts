import { describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import { renderJson } from '../../src/report/render-json.js';
import { sampleReport } from './sample-report.js';

describe('renderJson', () => {
  it('writes command, as_of, params, rows, summary, warnings; 2-space indent and a final newline', () => {
    expect(renderJson(sampleReport(), { color: false })).toBe(`{
  "command": "conversion",
  "as_of": "2025-03-31T21:00:00.000Z",
  "params": {
    "period": "2025-03",
    "by": [
      "manager"
    ],
    "window": null
  },
  "rows": [
    {
      "manager": "Иванова",
      "leads": 1234,
      "won_amount": 1250000.51,
      "conversion": 0.35,
      "median_hours": 76,
      "created_at": "2025-03-01T09:30:00.000Z"
    },
    {
      "manager": "=HYPERLINK(\\"x\\")",
      "leads": 0,
      "won_amount": -5,
      "conversion": null,
      "median_hours": 5.33,
      "created_at": null
    },
    {
      "manager": "bad\\u001b[31mred\\u0000",
      "leads": 2,
      "won_amount": 0,
      "conversion": 0.3333333333333333,
      "median_hours": 0.75,
      "created_at": null
    }
  ],
  "summary": {
    "won_amount": 1249995.51,
    "by_manager": [
      {
        "manager": "Иванова",
        "amount_at_risk": 10.01,
        "parked": 0,
        "last": "2025-03-02T00:00:00.000Z"
      }
    ],
    "note": null
  },
  "warnings": [
    {
      "file": "deals.csv",
      "line": 7,
      "column": "Бюджет",
      "field": "amount",
      "value": "abc",
      "reason": "not a number",
      "action": "skipped"
    },
    {
      "file": "deals.csv",
      "line": 9,
      "reason": "won deal without closed_at",
      "action": "kept"
    }
  ]
}
`);
  });

  it('rounds money to the minor unit of the currency: RUB 2, JPY 0, KWD 3', () => {
    const money = (currency: string, amount: string): unknown => {
      const report = sampleReport({
        currency,
        main: { columns: [{ key: 'amount', kind: 'money' }], rows: [{ amount: new Big(amount) }, { amount: null }] },
        summary: { total: new Big(amount), nested: { lines: [[new Big(amount)]] } },
      });
      return JSON.parse(renderJson(report, { color: false }));
    };
    expect(money('RUB', '1.005')).toMatchObject({
      rows: [{ amount: 1.01 }, { amount: null }],
      summary: { total: 1.01, nested: { lines: [[1.01]] } },
    });
    expect(money('JPY', '1250.5')).toMatchObject({ rows: [{ amount: 1251 }, { amount: null }], summary: { total: 1251 } });
    expect(money('KWD', '-0.0005')).toMatchObject({
      rows: [{ amount: -0.001 }, { amount: null }],
      summary: { total: -0.001 },
    });
    expect(money('RUB', '-0.001')).toMatchObject({ rows: [{ amount: 0 }, { amount: null }] });
  });

  it('null for missing, NaN and Infinity; every row has every column', () => {
    const report = sampleReport({
      main: {
        columns: [
          { key: 'a', kind: 'ratio' },
          { key: 'b', kind: 'number' },
          { key: 'c', kind: 'text' },
        ],
        rows: [{ a: Number.NaN, b: Number.POSITIVE_INFINITY }],
      },
      summary: { x: Number.NaN, y: undefined, z: [undefined, 1] },
    });
    const doc = JSON.parse(renderJson(report, { color: false })) as Record<string, unknown>;
    expect(doc.rows).toEqual([{ a: null, b: null, c: null }]);
    expect(doc.summary).toEqual({ x: null, y: null, z: [null, 1] });
  });

  it('keeps a __proto__ key as data', () => {
    const report = sampleReport({ summary: JSON.parse('{"__proto__": {"polluted": 1}}') as Record<string, unknown> });
    const doc = JSON.parse(renderJson(report, { color: false })) as { summary: Record<string, unknown> };
    expect(Object.hasOwn(doc.summary, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
