import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderMd } from '../../src/report/render-md.js';
import { sampleReport } from './sample-report.js';

describe('renderMd', () => {
  it('renders a heading, the tables with right-aligned numbers and bold totals, and the notes', () => {
    expect(renderMd(sampleReport(), { color: false })).toBe(
      [
        '# dealpulse conversion',
        '',
        'As of 2025-04-01 00:00 (Europe/Moscow).',
        '',
        '## Conversion, 2025-03',
        '',
        '|   | Manager | leads | won_amount | conversion | median_hours | created_at |',
        '| --- | --- | ---: | ---: | ---: | ---: | --- |',
        '|   | Иванова | 1 234 | 1 250 000.51 ₽ | 35.0% | 3d 4h | 2025-03-01 12:30 |',
        '| ! | =HYPERLINK("x") | 0 | -5.00 ₽ | — | 5h 20m | — |',
        '|   | badred | 2 | 0.00 ₽ | 33.3% | 45m | — |',
        '|   | **Total** | **1 236** | **1 249 995.51 ₽** |   |   |   |',
        '',
        '## By pipeline',
        '',
        '| pipeline | won_amount |',
        '| --- | ---: |',
        '| retail\\|b2c | 100.00 ₽ |',
        '',
        '- method: period',
        '- stage \\<Proposal\\> is the \\*bottleneck\\*',
        '',
      ].join('\n'),
    );
  });

  it('escapes what could break a table or inject markup, and strips control characters', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('\\<img src=x onerror=alert(1)\\>');
    expect(escapeMarkdown('[click](http://x) `code` ~~s~~')).toBe('\\[click\\](http://x) \\`code\\` \\~\\~s\\~\\~');
    expect(escapeMarkdown('_em_ snake_case a\\b &amp; $x$')).toBe('\\_em\\_ snake_case a\\\\b \\&amp; \\$x\\$');
    expect(escapeMarkdown('line1\nline2\u001b[31m')).toBe('line1 line2');
  });

  it('a row with a newline, a pipe and an escape code stays one table row', () => {
    const report = sampleReport({
      sections: [],
      notes: [],
      main: { columns: [{ key: 'title', kind: 'text' }], rows: [{ title: 'a\n| b |\u001b[2J' }] },
    });
    expect(renderMd(report, { color: false })).toBe(
      [
        '# dealpulse conversion',
        '',
        'As of 2025-04-01 00:00 (Europe/Moscow).',
        '',
        '| title |',
        '| --- |',
        '| a \\| b \\| |',
        '',
      ].join('\n'),
    );
  });
});
