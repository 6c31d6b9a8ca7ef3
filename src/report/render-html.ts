// HTML output (SPEC §5 `html`): one self-contained file for an e-mail or a phone — inline CSS and
// inline SVG charts, no scripts, no external requests (no fonts, images or links to fetch). Every
// text from the data is escaped; the layout is one narrow column that also prints well.
import { cellOf, displayTable, formatDateTime, MISSING, stripControl, type DisplayTable, type FormatContext } from './format.js';
import type { ChartSpec, RenderOptions, Renderer, Report, Row, TableData } from './report.js';
import type { Cell } from './report.js';

const CSS = `
:root{color-scheme:light;--ink:#1d2433;--muted:#667085;--line:#e4e7ec;--bad:#b42318;--bad-bg:#fef3f2;--good:#067647;--bar:#2e6fd8;--bar-bg:#eef2f8}
*{box-sizing:border-box}
body{margin:0;padding:16px;font:15px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
main{max-width:960px;margin:0 auto}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 8px;padding-top:12px;border-top:1px solid var(--line)}
.asof{color:var(--muted);margin:0 0 12px}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:14px;font-variant-numeric:tabular-nums}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
th{font-weight:600;color:var(--muted);font-size:12px;text-transform:none}
td.num,th.num{text-align:right}
tr.bad td{background:var(--bad-bg);color:var(--bad)}
tr.good td{color:var(--good)}
tr.total td{font-weight:700;border-top:2px solid var(--ink)}
td.mark{width:1em;padding-right:0;font-weight:700}
.empty{color:var(--muted);font-style:italic}
ul.notes{color:var(--muted);padding-left:20px}
svg{display:block;max-width:100%;height:auto;margin:4px 0 10px}
svg text{font:12px -apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--ink)}
svg .bar{fill:var(--bar)} svg .bg{fill:var(--bar-bg)} svg .over{fill:var(--good)} svg .line{fill:none;stroke:var(--bar);stroke-width:2}
svg .muted{fill:var(--muted)}
@media (max-width:600px){body{padding:10px;font-size:14px}th,td{padding:5px 6px}}
@media print{body{padding:0}h2{break-after:avoid}tr{break-inside:avoid}.scroll{overflow:visible}}
`;

export function escapeHtml(text: string): string {
  return stripControl(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function numberOf(cell: Cell): number | undefined {
  if (cell === null || cell === undefined || typeof cell === 'boolean' || cell instanceof Date) return undefined;
  const n = typeof cell === 'string' ? Number(cell) : Number(cell.toString());
  return Number.isFinite(n) ? n : undefined;
}

function labelOf(row: Row, key: string): string {
  const v = cellOf(row, key);
  return v === null || v === undefined ? MISSING : escapeHtml(String(v));
}

// Charts are drawn at a phone's width so that their text stays at its real size there: an svg
// scaled down to fit a 360-px screen would shrink 12-px labels to 7 px. On a wide screen they keep
// this natural width. Each row puts its label and value on a line of their own (label left, value
// right) above a full-width bar, so long stage or manager names never squeeze the bars.
const WIDTH = 360;

function barsChart(table: TableData, spec: { kind: 'bars' | 'progress'; label: string; value: string }, display: DisplayTable): string {
  const rowH = 34;
  const barH = 12;
  const valueCol = table.columns.findIndex((c) => c.key === spec.value);
  // A missing value (no quota, no data) gets no bar and shows as missing, like the sparkline's gap:
  // an empty bar would read as a measured 0.
  const values = table.rows.map((r) => numberOf(cellOf(r, spec.value)));
  const known = values.filter((v): v is number => v !== undefined);
  const max = spec.kind === 'progress' ? Math.max(1, ...known) : Math.max(0, ...known);
  const barW = WIDTH;
  const parts = table.rows.map((row, i) => {
    const y = i * rowH;
    const barY = y + 17;
    const v = values[i];
    const w = v !== undefined && max > 0 ? Math.max(0, (v / max) * barW) : 0;
    const shown = v === undefined ? MISSING : valueCol >= 0 ? escapeHtml(display.rows[i]![valueCol]!) : String(v);
    const full = spec.kind === 'progress' ? (1 / max) * barW : barW;
    const bar = v === undefined
      ? ''
      : spec.kind === 'progress' && v > 1
      ? `<rect class="bar" x="0" y="${barY}" width="${full.toFixed(1)}" height="${barH}"/><rect class="over" x="${full.toFixed(1)}" y="${barY}" width="${(w - full).toFixed(1)}" height="${barH}"/>`
      : `<rect class="bar" x="0" y="${barY}" width="${w.toFixed(1)}" height="${barH}"/>`;
    return `<g><text x="0" y="${y + 12}">${labelOf(row, spec.label)}</text>` +
      `<rect class="bg" x="0" y="${barY}" width="${full.toFixed(1)}" height="${barH}"/>${bar}` +
      `<text class="muted" x="${WIDTH}" y="${y + 12}" text-anchor="end">${shown}</text></g>`;
  });
  const h = Math.max(rowH, table.rows.length * rowH);
  return `<svg role="img" aria-label="${escapeHtml(table.title ?? spec.value)}" viewBox="0 0 ${WIDTH} ${h}" width="${WIDTH}" height="${h}">${parts.join('')}</svg>`;
}

function sparklines(table: TableData, spec: { kind: 'sparkline'; label: string; values: string[] }): string {
  const w = 180;
  const h = 40;
  const charts = spec.values.map((key) => {
    const values = table.rows.map((r) => numberOf(cellOf(r, key)));
    const known = values.filter((v): v is number => v !== undefined);
    if (known.length === 0) return '';
    const lo = Math.min(...known);
    const hi = Math.max(...known);
    const x = (i: number) => (values.length <= 1 ? w / 2 : (i / (values.length - 1)) * (w - 8) + 4);
    const y = (v: number) => (hi === lo ? h / 2 : h - 6 - ((v - lo) / (hi - lo)) * (h - 12));
    // A missing value breaks the line rather than pretending it was zero.
    let d = '';
    let pen = false;
    values.forEach((v, i) => {
      if (v === undefined) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
      pen = true;
    });
    const title = table.columns.find((c) => c.key === key)?.title ?? key;
    return `<figure style="display:inline-block;margin:0 16px 8px 0"><svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}"><path class="line" d="${d.trim()}"/></svg><figcaption class="asof">${escapeHtml(title)}</figcaption></figure>`;
  });
  return `<div>${charts.join('')}</div>`;
}

function chartOf(table: TableData, spec: ChartSpec, display: DisplayTable): string {
  return spec.kind === 'sparkline' ? sparklines(table, spec) : barsChart(table, spec, display);
}

function renderOneTable(table: TableData, ctx: FormatContext): string {
  const display = displayTable(table, ctx);
  const withMarks = display.marks.some((m) => m === 'bad');
  const th = display.headers.map((h, i) => `<th${display.numeric[i] ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = display.rows.map((cells, r) => {
    const m = display.marks[r];
    const tds = cells.map((c, i) => `<td${display.numeric[i] ? ' class="num"' : ''}>${c === '' ? MISSING : escapeHtml(c)}</td>`).join('');
    return `<tr${m ? ` class="${m}"` : ''}>${withMarks ? `<td class="mark">${m === 'bad' ? '!' : ''}</td>` : ''}${tds}</tr>`;
  });
  if (display.totals) {
    const tds = display.totals.map((c, i) => `<td${display.numeric[i] ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('');
    body.push(`<tr class="total">${withMarks ? '<td class="mark"></td>' : ''}${tds}</tr>`);
  }
  const heading = display.title ? `<h2>${escapeHtml(display.title)}</h2>` : '';
  const chart = table.chart && table.rows.length > 0 ? chartOf(table, table.chart, display) : '';
  const tableHtml = table.rows.length === 0
    ? '<p class="empty">No rows.</p>'
    : `<div class="scroll"><table><thead><tr>${withMarks ? '<th></th>' : ''}${th}</tr></thead><tbody>${body.join('')}</tbody></table></div>`;
  return `<section>${heading}${chart}${tableHtml}</section>`;
}

/** `title` of the page: the report's own title param when given, else `dealpulse <command>`. */
export const renderHtml: Renderer = (report: Report, _options: RenderOptions): string => {
  const ctx: FormatContext = { currency: report.currency, timezone: report.timezone };
  const title = typeof report.params['title'] === 'string' ? report.params['title'] : `dealpulse ${report.command}`;
  const tables = [report.main, ...(report.sections ?? [])].map((t) => renderOneTable(t, ctx));
  const notes = report.notes && report.notes.length > 0 ? `<ul class="notes">${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Belt and braces for mail clients and browsers: nothing may be fetched or run.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title><style>${CSS.trim()}</style></head>`,
    `<body><main><h1>${escapeHtml(title)}</h1><p class="asof">As of ${escapeHtml(formatDateTime(report.asOf, report.timezone))} (${escapeHtml(report.timezone)})</p>`,
    ...tables,
    notes,
    '</main></body></html>',
    '',
  ].join('\n');
};
