// The html renderer: one self-contained page — no scripts, nothing fetched, data text escaped,
// charts drawn from the report's chart hints.
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/render-html.js';
import { sampleReport } from './sample-report.js';

describe('renderHtml', () => {
  const html = renderHtml(
    sampleReport({
      sections: [
        {
          title: 'Trend',
          columns: [
            { key: 'week', kind: 'text' },
            { key: 'leads', kind: 'int' },
            { key: 'conversion', kind: 'ratio' },
          ],
          rows: [
            { week: '2025-W01', leads: 10, conversion: 0.2 },
            { week: '2025-W02', leads: 14, conversion: null },
            { week: '2025-W03', leads: 9, conversion: 0.3 },
          ],
          chart: { kind: 'sparkline', label: 'week', values: ['leads', 'conversion'] },
        },
        {
          title: 'Attainment',
          columns: [
            { key: 'manager', kind: 'text' },
            { key: 'attainment', kind: 'ratio' },
          ],
          rows: [
            { manager: 'Иванова', attainment: 1.25 },
            { manager: '<script>alert(1)</script>', attainment: 0.5 },
          ],
          chart: { kind: 'progress', label: 'manager', value: 'attainment' },
        },
      ],
    }),
    { color: false },
  );

  it('is one self-contained document without scripts or external references', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html).toContain('<meta name="viewport"');
  });

  it('escapes data text and strips control characters', () => {
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('=HYPERLINK(&#34;x&#34;)');
    expect(html).not.toContain('\u001b');
    expect(html).not.toContain('\u0000');
  });

  it('formats values like the terminal table and marks bad rows', () => {
    expect(html).toContain('1 250 000.51 ₽');
    expect(html).toContain('35.0%');
    expect(html).toContain('<tr class="bad"><td class="mark">!</td>');
    expect(html).toContain('<tr class="total">');
  });

  it('draws the charts the report asks for', () => {
    expect(html.match(/<svg /g)?.length).toBe(3); // two sparklines + one progress chart
    expect(html).toContain('aria-label="Attainment"');
    // 125 % overflows the full bar: the part above 100 % is drawn apart.
    expect(html).toContain('class="over"');
    // A missing value breaks the sparkline instead of being drawn as 0: two pen-down moves.
    const conversionPath = html.match(/aria-label="conversion"[^>]*><path class="line" d="([^"]*)"/)?.[1] ?? '';
    expect(conversionPath.match(/M/g)?.length).toBe(2);
  });
});

describe('renderHtml bar charts with a missing value', () => {
  it('draws no bar for it and shows it as missing, not as a measured 0', () => {
    const page = renderHtml(
      sampleReport({
        sections: [],
        main: {
          title: 'Attainment',
          columns: [
            { key: 'manager', kind: 'text' },
            { key: 'attainment', kind: 'ratio' },
          ],
          rows: [
            { manager: 'Ivanova', attainment: 0.5 },
            { manager: 'NoQuota', attainment: null },
          ],
          chart: { kind: 'progress', label: 'manager', value: 'attainment' },
        },
      }),
      { color: false },
    );
    const svg = page.match(/<svg[\s\S]*?<\/svg>/)![0];
    const rows = svg.split('<g>').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('class="bar"');
    expect(rows[1]).not.toContain('class="bar"');
    expect(rows[1]).toContain('>—<');
  });
});
