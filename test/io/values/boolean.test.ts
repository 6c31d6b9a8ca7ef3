import { describe, expect, it } from 'vitest';
import { parseBoolean } from '../../../src/io/values/boolean.js';

describe('parseBoolean', () => {
  it.each(['true', 'TRUE', 'True', 'yes', 'Yes', 'да', 'Да', 'ДА', '1', 'y', 'Y', 'x', 'X', ' x ', '\u0445', '\u0425'])(
    '%j is true',
    (t) => expect(parseBoolean(t)).toEqual({ ok: true, value: true }),
  );

  it.each(['false', 'FALSE', 'no', 'No', 'нет', 'Нет', '0', 'n', 'N', ' no '])('%j is false', (t) =>
    expect(parseBoolean(t)).toEqual({ ok: true, value: false }),
  );

  it('an empty cell is false: a gate not passed', () => {
    expect(parseBoolean('')).toEqual({ ok: true, value: false });
    expect(parseBoolean('   ')).toEqual({ ok: true, value: false });
    expect(parseBoolean('\u00A0')).toEqual({ ok: true, value: false });
  });

  it('refuses anything else with the documented message', () => {
    expect(parseBoolean('maybe')).toEqual({
      ok: false,
      reason: 'cannot read "maybe" as yes/no (expected e.g. да, нет, yes, no, 1, 0, x)',
    });
    for (const t of ['2', '-1', 'yes!', 'true false', 'on', 'off', '✓', 'nope', '1.0', 'д']) {
      const r = parseBoolean(t);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.reason).toBe(`cannot read "${t}" as yes/no (expected e.g. да, нет, yes, no, 1, 0, x)`);
    }
  });
});
