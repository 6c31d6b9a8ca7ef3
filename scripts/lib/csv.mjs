// CSV text for the bench scripts: writing a cell (generate-bench.mjs, shapes.mjs) and reading rows
// back (shapes.mjs reads bench's files line by line, checks.mjs reads whole result files).

/** A cell as written between `delimiter`s: quoted (quotes doubled) when it holds the delimiter, a quote or a line break. */
export const csvCell = (s, delimiter = ',') => (s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Rows of a CSV text (RFC 4180: `,`, quotes, doubled quotes, CRLF) as arrays of cells. */
export function csvRows(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Cells of one line (no line breaks in it, as a line reader gives them; `,`, quotes doubled). */
export const csvLine = (line) => (line.includes('"') ? (csvRows(line)[0] ?? ['']) : line.split(','));

/** Rows of a CSV text as objects by header (empty lines left out). */
export function parseCsv(text) {
  const [header, ...body] = csvRows(text);
  return body.filter((r) => r.length > 1 || r[0] !== '').map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
