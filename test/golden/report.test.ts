// End-to-end `dealpulse report` on the built CLI: the Markdown snapshot of the demo export on a
// Friday evening (golden file), the html's self-containment (no scripts, nothing to fetch, inline
// SVG charts), section choice, payouts hidden by default, and sections skipped with a note when
// their input is not configured. Run `npm run build` first; `UPDATE_GOLDEN=1` rewrites the golden
// file (review the diff by hand).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGolden } from '../support/golden.js';
import { ROOT, runCli } from '../support/run-cli.js';

// 2026-03-27 is a Friday: the cron job's moment. The week 2026-W13 is not over yet.
const DEMO = ['report', '--config', 'kpi.example.yaml', '--as-of', '2026-03-27T18:00', '--period', 'this-week'];
const golden = (name: string) => path.join(ROOT, 'test', 'golden', 'expected', 'report', name);

interface JsonReport {
  command: string;
  params: Record<string, unknown>;
  rows: Array<Record<string, unknown>>;
  summary: Record<string, any>;
  warnings: unknown[];
}

function json(args: string[]): JsonReport {
  const r = runCli([...args, '--format', 'json', '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as JsonReport;
}

describe('report on the demo export (Friday 2026-03-27 18:00, this-week)', () => {
  it('Markdown snapshot matches the golden file', () => {
    const r = runCli([...DEMO, '--format', 'md']);
    expect(r.code, r.stderr).toBe(0);
    expectGolden(r.stdout, golden('demo.md'));
  });

  it('the headline agrees with `dealpulse conversion` for the week and the week before', () => {
    const report = json(DEMO);
    const conversion = (period: string) => {
      const r = runCli(['conversion', '--config', 'kpi.example.yaml', '--as-of', '2026-03-27T18:00', '--period', period, '--format', 'json', '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as JsonReport).rows[0]!;
    };
    const h = report.summary.headline;
    for (const [figures, period] of [[h.current, '2026-W13'], [h.previous, '2026-W12']] as const) {
      const c = conversion(period);
      expect(figures.period).toBe(period);
      expect([figures.leads, figures.won, figures.conversion, figures.won_amount, figures.avg_deal]).toEqual([c.leads, c.won, c.conversion, c.won_amount, c.avg_deal]);
    }
    expect(report.summary.previous_period).toEqual({ label: '2026-W12', start: '2026-03-16', end: '2026-03-22' });
    expect(h.change.leads.delta).toBe(h.current.leads - h.previous.leads);
  });

  it('json: the headline is the rows, every section is in summary, the trend has 12 weeks ending 2026-W13', () => {
    const report = json(DEMO);
    expect(report.command).toBe('report');
    expect(report.rows.map((r) => r.metric)).toEqual(['leads', 'won', 'conversion', 'won amount, ₽', 'avg deal, ₽', 'target']);
    expect(report.summary.sections).toEqual(['headline', 'trend', 'conversion', 'funnel', 'zombies', 'commission', 'quality']);
    expect(report.summary.skipped).toEqual([]);
    const trend = report.summary.trend as Array<{ period: string }>;
    expect(trend).toHaveLength(12);
    expect(trend[0]!.period).toBe('2026-W02');
    expect(trend[11]!.period).toBe('2026-W13');
    expect(report.summary.funnel.map((p: { pipeline: string; bottleneck: string }) => [p.pipeline, p.bottleneck])).toEqual([
      ['Продажи', 'Квалификация'],
      ['Розница', 'Подбор'],
    ]);
    expect(report.summary.zombies.top).toHaveLength(10);
    expect(report.summary.commission.period).toBe('2026-03');
    expect(report.summary.quality.warnings).toBe(report.warnings.length);
  });

  it('csv carries the headline only, with machine values', () => {
    const r = runCli([...DEMO, '--format', 'csv', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('metric,current,change,previous');
    expect(lines[1]).toMatch(/^leads,\d+,[▲▼=] [^,]*,\d+$/);
    expect(lines[3]).toMatch(/^conversion,0\.\d+,/);
    expect(lines).toHaveLength(7);
  });

  it('no payout amounts unless --with-payouts', () => {
    const plain = json(DEMO);
    for (const m of plain.summary.commission.managers) expect(Object.keys(m)).not.toContain('payout');
    const md = runCli([...DEMO, '--format', 'md', '--sections', 'commission']).stdout;
    expect(md).not.toMatch(/\| payout \|/);
    expect(md).not.toContain('₽');

    const paid = json([...DEMO, '--with-payouts']);
    expect(paid.summary.commission.managers[0]).toHaveProperty('payout');
    const mdPaid = runCli([...DEMO, '--format', 'md', '--sections', 'commission', '--with-payouts']).stdout;
    expect(mdPaid).toMatch(/\| payout \|/);
  });

  it('--sections picks sections (shown in the report order) and the main table follows', () => {
    const report = json([...DEMO, '--sections', 'zombies,conversion']);
    expect(report.summary.sections).toEqual(['conversion', 'zombies']);
    expect(report.summary).not.toHaveProperty('headline');
    expect(report.rows[0]).toHaveProperty('manager');
    expect(report.rows[0]).toHaveProperty('of_target');
  });

  it('an unknown section is a usage error (exit 2) that names the known ones', () => {
    const r = runCli([...DEMO, '--sections', 'headline,funel']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown section "funel"');
    expect(r.stderr).toContain('did you mean "funnel"');
    expect(r.stdout).toBe('');
  });

  it('--title and the period go into the html title', () => {
    const r = runCli([...DEMO, '--format', 'html', '--title', 'Acme <Sales> weekly', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('<title>Acme &#60;Sales&#62; weekly</title>');
    const plain = runCli([...DEMO, '--format', 'html', '--quiet']).stdout;
    expect(plain).toContain('<h1>Sales snapshot 2026-W13</h1>');
  });
});

describe('report html is one self-contained file', () => {
  let html: string;
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'dealpulse-report-html-'));
    const out = path.join(work, 'snapshot.html');
    // --out with an .html name picks the format by itself, as the cron line relies on.
    const r = runCli([...DEMO, '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    html = readFileSync(out, 'utf8');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('no scripts, no links or sources, no URLs', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\bsrc\s*=/i);
    expect(html).not.toMatch(/\bhref\s*=/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).not.toMatch(/\bon[a-z]+\s*=/i);
  });

  it('has the svg charts: sparklines, progress and bars', () => {
    const svgs = html.match(/<svg\b/g) ?? [];
    // 3 sparklines + conversion vs target + 2 funnels + zombies + commission.
    expect(svgs.length).toBe(8);
    expect(html.match(/<path class="line"/g)).toHaveLength(3);
    expect(html).toMatch(/<svg role="img" aria-label="Conversion by manager vs target, 2026-W13"/);
    expect(html).toMatch(/<svg role="img" aria-label="Commission to date, 2026-03: attainment of the monthly quota"/);
    expect(html).toContain('class="over"'); // attainment beyond 100% drawn as overflow
  });

  it('shows the headline with arrows and the bottleneck', () => {
    expect(html).toContain('Headline: 2026-W13 so far vs 2026-W12');
    expect(html).toMatch(/▲ \+\d+%|▼ -\d+%/);
    expect(html).toContain('bottleneck Квалификация');
  });
});

describe('missing optional inputs are skipped with a note, not an error', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'dealpulse-report-skip-'));
    // fixtures/small's config without history, payments and commission.
    const full = readFileSync(path.join(ROOT, 'fixtures', 'small', 'kpi.yaml'), 'utf8');
    const lines = full.split('\n');
    const cut = (from: string, to: string | undefined) => {
      const start = lines.findIndex((l) => l === from);
      const end = to === undefined ? lines.length : lines.findIndex((l, i) => i > start && l === to);
      lines.splice(start, end - start);
    };
    cut('  history:', 'pipelines:');
    cut('commission:', undefined);
    const config = lines.join('\n').replace('path: deals.csv', `path: ${JSON.stringify(path.join(ROOT, 'fixtures', 'small', 'deals.csv'))}`);
    writeFileSync(path.join(work, 'kpi.yaml'), config);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('no history: no funnel; no commission team: no commission; exit 0', () => {
    const args = ['report', '--config', path.join(work, 'kpi.yaml'), '--as-of', '2025-03-31T23:59', '--period', '2025-03'];
    const report = json(args);
    expect(report.summary.sections).toEqual(['headline', 'trend', 'conversion', 'zombies', 'quality']);
    expect(report.summary.skipped.map((s: { section: string }) => s.section)).toEqual(['funnel', 'commission']);
    const md = runCli([...args, '--format', 'md', '--quiet']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('funnel: skipped — no stage history');
    expect(md.stdout).toContain('commission: skipped — no commission.team in the config');
  });

  it('every asked section skipped: still exit 0, the report says why', () => {
    const r = runCli(['report', '--config', path.join(work, 'kpi.yaml'), '--as-of', '2025-03-31T23:59', '--sections', 'funnel,commission', '--format', 'md', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Nothing to show');
    expect(r.stdout).toContain('no stage history');
  });
});

describe('report --with-payouts', () => {
  it('shows the cap cut, so that commission + bonus + cap = payout on every row and in total', () => {
    const r = runCli(['report', '--config', 'kpi.example.yaml', '--as-of', '2026-02-28T23:59', '--period', 'this-month', '--with-payouts', '--sections', 'commission', '--format', 'md', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const money = (cell: string) => Number(cell.replace(/\*|₽|\s/g, '').replace(/\u00a0/g, ''));
    const lines = r.stdout.split('\n').filter((l) => /^\| .*₽\**\s*\|$/.test(l));
    expect(lines.length).toBe(8); // 7 managers and the total
    for (const line of lines) {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      const [commission, bonus, cap, payout] = cells.slice(-4).map(money) as [number, number, number, number];
      expect(Math.round((commission + bonus + cap) * 100)).toBe(Math.round(payout * 100));
    }
    // Иванова's February hits the 120 000 cap (checked by hand in the commission golden).
    expect(r.stdout).toContain('| -15 968.76 ₽ | 120 000.00 ₽ |');
  });
});
