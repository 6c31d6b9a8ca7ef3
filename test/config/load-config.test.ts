// One reproducer per config error message: the user must be pointed at file:line:col and the key.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/model/errors.js';

const minimal = `timezone: Europe/Moscow
currency: RUB
data:
  deals: { path: deals.csv }
`;

function errorOf(source: string): string {
  try {
    parseConfigText(source, 'kpi.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfigText', () => {
  it('reads a minimal config and fills defaults', () => {
    const c = parseConfigText(minimal, 'kpi.yaml');
    expect(c.timezone).toBe('Europe/Moscow');
    expect(c.week_starts_on).toBe('monday');
    expect(c.data.deals.encoding).toBe('auto');
    expect(c.data.deals.delimiter).toBe('auto');
    expect(c.data.deals.columns).toEqual({});
    expect(c.pipelines).toEqual({});
  });

  it('keeps money and rates exact (no binary floats)', () => {
    const c = parseConfigText(
      `${minimal}commission:
  plans:
    hunter:
      tiers:
        - { from: 0, rate: 0.1 }
        - { from: 0.8, rate: 0.03 }
  team:
    - { manager: Ivanova, plan: hunter, quota: { default: 1000000.10, 2025-03: 1200000 } }
`,
      'kpi.yaml',
    );
    const plan = c.commission!.plans['hunter']!;
    expect(plan.tiers[0]!.rate.times(3).toString()).toBe('0.3');
    const quota = c.commission!.team[0]!.quota as Record<string, { toString(): string }>;
    expect(quota['default']!.toString()).toBe('1000000.1');
  });

  it('names the line, the key and the nearest known key for a misspelt key', () => {
    const msg = errorOf(`${minimal}comission:\n  plans: {}\n`);
    expect(msg).toBe('kpi.yaml:5:1: comission: unknown key (did you mean "commission"?)');
  });

  it('finds misspelt keys deep inside', () => {
    const msg = errorOf(`timezone: UTC
data:
  deals:
    path: deals.csv
    colums: { id: ID }
`);
    expect(msg).toBe('kpi.yaml:5:5: data.deals.colums: unknown key (did you mean "columns"?)');
  });

  it('reports a wrong type with the path of the value', () => {
    const msg = errorOf(`${minimal}commission:
  plans:
    hunter:
      tiers:
        - { from: 0, rate: 0 }
        - { from: 0.8, rate: 0.03 }
        - { from: 1.0, rate: five }
`);
    expect(msg).toBe('kpi.yaml:11:30: commission.plans.hunter.tiers[2].rate: expected a number between 0 and 1');
  });

  it('reports a missing required key at its parent', () => {
    const msg = errorOf(`timezone: UTC\ndata:\n  deals: { encoding: auto }\n`);
    expect(msg).toBe('kpi.yaml:3:10: data.deals.path: missing required key');
  });

  it('refuses an unknown time zone and currency', () => {
    expect(errorOf(minimal.replace('Europe/Moscow', 'Europe/Moskva'))).toBe(
      'kpi.yaml:1:11: timezone: expected an IANA time zone such as Europe/Moscow',
    );
    expect(errorOf(minimal.replace('RUB', 'RUR'))).toBe('kpi.yaml:2:11: currency: expected an ISO 4217 code such as RUB, USD, EUR');
  });

  it('refuses stage limits for stages the pipeline does not have', () => {
    const msg = errorOf(`${minimal}pipelines:
  default:
    stages: [New, Proposal]
    sla_days: { Propsal: 3 }
`);
    expect(msg).toContain('kpi.yaml:8:26: pipelines.default.sla_days.Propsal: "Propsal" is not one of this pipeline\'s stages');
  });

  it('refuses a team member on an unknown plan', () => {
    const msg = errorOf(`${minimal}commission:
  plans:
    hunter: { tiers: [ { from: 0, rate: 0.05 } ] }
  team:
    - { manager: Ivanova, plan: huntr, quota: 100 }
`);
    expect(msg).toBe('kpi.yaml:9:33: commission.team[0].plan: unknown plan "huntr" (plans: hunter)');
  });

  it('refuses a duplicate key with its line', () => {
    const msg = errorOf(`${minimal}currency: USD\n`);
    expect(msg).toMatch(/^kpi\.yaml:5:1: duplicate key: /);
  });

  it('refuses unknown tags instead of warning', () => {
    const msg = errorOf(`${minimal}company: !secret name\n`);
    expect(msg).toMatch(/^kpi\.yaml:5:10: /);
  });

  it('refuses a %YAML 1.1 directive, whose booleans differ', () => {
    expect(errorOf(`%YAML 1.1\n---\n${minimal}`)).toBe(
      'kpi.yaml:1:1: a %YAML 1.1 directive is not supported; remove it (dealpulse reads YAML 1.2)',
    );
  });

  it('survives an alias bomb without hanging', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    ].join('\n');
    const started = Date.now();
    expect(errorOf(bomb)).toMatch(/^kpi\.yaml: cannot read the YAML: /);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('survives 10,000-deep nesting', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const msg = errorOf(deep);
    expect(msg).toMatch(/^kpi\.yaml/);
  });

  it('refuses a file that is not a mapping', () => {
    expect(errorOf('- a\n- b\n')).toBe(
      'kpi.yaml: expected a YAML mapping of settings (timezone:, data:, pipelines: …), see kpi.example.yaml',
    );
  });

  it('checks target keys', () => {
    const msg = errorOf(`${minimal}targets:\n  conversion:\n    default: 0.3\n    2025-Q5: 0.4\n`);
    expect(msg).toContain('targets.conversion.2025-Q5: unknown target key "2025-Q5"');
  });
});
