// A counting read (conversion, funnel) takes plain deal lines the fast way (read-deals-fast.ts):
// the Deal is made from the line's text without the row view, but only for lines the careful
// build would keep without a word. Generated exports (fixed seeds) with every cell mostly plain and
// now and then in another form — padded, empty, a word for "no date", an offset, a decimal comma,
// a doubtful status, a date in the future, a close before the creation… — must give the same deals,
// diagnostics and counts with the fast paths on and off, under the presets whose rules differ
// (status column, flag columns, close-date fallbacks, an open deal's close date as its expected one,
// "no date" words, a currency column, custom fields).
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/load-config.js';
import { DEAL_FIELDS } from '../../src/config/schema.js';
import { loadDataset, type Dataset } from '../../src/io/load-dataset.js';
import { presetFor } from '../../src/io/presets/index.js';
import { plainLines } from '../../src/io/read-table.js';
import type { FreeLabel } from '../../src/io/read-deals.js';
import { Big } from '../../src/model/money.js';
import { countedDeal, type CountedDeal } from '../../src/model/records.js';
import { carefully } from '../support/careful.js';
import { makeTmp } from './csv/helpers.js';

const tmp = makeTmp('counting-fast-row');
afterAll(() => tmp.cleanup());

const AS_OF = new Date('2026-01-01T00:00:00Z');

/** A small seeded generator (mulberry32): the same file on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Cells = (i: number, rnd: () => number) => string;

/** The plain value of a column most of the time, else one of its other forms. */
function column(plain: Cells, others: readonly string[], rate = 0.12): Cells {
  return (i, rnd) => (rnd() < rate ? others[Math.floor(rnd() * others.length)]! : plain(i, rnd));
}

const pick = <T,>(list: readonly T[], rnd: () => number): T => list[Math.floor(rnd() * list.length)]!;
const two = (n: number) => String(n).padStart(2, '0');
const iso = (day: number, hour: number) => `2025-${two(1 + (day % 12))}-${two(1 + (day % 28))} ${two(hour % 24)}:${two(day % 60)}:00`;
const dotted = (day: number, hour: number) => `${two(1 + (day % 28))}.${two(1 + (day % 12))}.2025 ${two(hour % 24)}:${two(day % 60)}:00`;

interface Case {
  name: string;
  preset: string;
  delimiter: string;
  /** Date cells in the preset's (or this) format. */
  date: (day: number, hour: number) => string;
  dateFormat?: string;
  /** Cells per field (canonical or preset-only); the header uses the preset's first column name. */
  fields: Record<string, Cells>;
  won: string;
  lost: string;
  open: string;
  custom?: Record<string, Cells>;
}

const AMOUNT_FORMS = ['', ' 1000 ', '1 000', '-5', '1e3', '0', '007', '1000.5', '1000,50', '12345678901234567890', 'n/a', '1\u00a0000'];
const DATE_FORMS_ISO = ['', ' 2025-03-01 10:00 ', '2025-03-01', '2025-03-01T10:00', '2025-03-01T10:00:00Z', '2025-03-01T10:00:00+05:00', '2025-02-30 10:00', '2027-05-01 10:00', '-', 'не закрыта', '2025-03-01 24:00'];
const TEXT_FORMS = ['', ' Padded ', '\u00a0Анна\u00a0', 'Анна Петрова', 'A name longer than thirteen characters'];

function isoCase(name: string, preset: string, delimiter: string, statusColumn: boolean): Case {
  const stages = ['Won', 'Lost', 'Talks', 'Proposal'];
  const fields: Record<string, Cells> = {
    id: column((i) => String(10_000 + i), [' 1 ', '', 'A-7']),
    title: (i) => (i % 9 === 0 ? `"Racks, phase ${i}"` : `Deal ${i}`),
    manager: column((i) => pick(['Anna', 'Boris', 'Олег Сидоров'], () => (i % 3) / 3), TEXT_FORMS),
    pipeline: column((i) => (i % 5 === 0 ? 'partners' : 'default'), ['', ' partners ']),
    stage: column((i) => stages[i % 4]!, ['', 'won', ' Won ', 'Закрыто']),
    amount: column((i) => (i % 4 === 0 ? `${i * 10}.50` : String(i * 100)), AMOUNT_FORMS),
    margin: column((i) => String(i * 30), AMOUNT_FORMS),
    created_at: column((i) => iso(i, i), DATE_FORMS_ISO, 0.1),
    closed_at: column((i) => (stages[i % 4] === 'Won' || stages[i % 4] === 'Lost' ? iso(i + 40, i + 3) : ''), [...DATE_FORMS_ISO, '2024-01-01 10:00']),
    expected_close_at: column((i) => `2025-${two(1 + (i % 12))}-15`, DATE_FORMS_ISO),
    last_activity_at: column((i) => iso(i + 3, i), DATE_FORMS_ISO),
    stage_changed_at: column((i) => iso(i + 2, i), DATE_FORMS_ISO),
    source: column((i) => pick(['ads', 'referral', 'expo'], () => (i % 3) / 3), TEXT_FORMS),
    lost_reason: column((i) => (stages[i % 4] === 'Lost' ? 'Price' : ''), ['Цена', ' Price ']),
    client: column((i) => `Client ${i % 17}`, TEXT_FORMS),
    currency: column(() => 'RUB', ['', 'rub', 'Российский рубль', 'XYZ', ' RUB ']),
  };
  if (statusColumn) fields['status'] = column((i) => ['won', 'lost', 'open', 'open'][i % 4]!, ['', 'maybe', 'Won', ' lost ']);
  return {
    name,
    preset,
    delimiter,
    date: iso,
    fields,
    won: 'Won',
    lost: 'Lost',
    open: 'Talks',
    custom: {
      paid: column((i) => (i % 2 === 0 ? 'yes' : 'no'), ['', 'maybe', ' да ']),
      region: column((i) => `Region ${i % 4}`, TEXT_FORMS),
    },
  };
}

const CASES: Case[] = [
  isoCase('generic, stage decides, `,`', 'generic', ',', false),
  isoCase('generic with a status column, `;`', 'generic', ';', true),
  {
    name: 'HubSpot: flag columns, an open deal’s close date is its expected one',
    preset: 'hubspot',
    delimiter: ',',
    date: iso,
    fields: {
      id: (i) => String(20_000 + i),
      title: (i) => `Deal ${i}`,
      manager: column((i) => ['Anna', 'Boris'][i % 2]!, TEXT_FORMS),
      pipeline: () => 'Sales Pipeline',
      stage: column((i) => ['Closed Won', 'Closed Lost', 'Qualified'][i % 3]!, ['', 'Decision']),
      amount: column((i) => String(i * 100), AMOUNT_FORMS),
      created_at: column((i) => iso(i, i), DATE_FORMS_ISO, 0.1),
      closed_at: column((i) => iso(i + 40, i), DATE_FORMS_ISO),
      last_activity_at: column((i) => iso(i + 3, i), DATE_FORMS_ISO),
      lost_reason: (i) => (i % 3 === 1 ? 'Budget' : ''),
      is_closed_won: column((i) => (i % 3 === 0 ? 'true' : 'false'), ['', 'maybe', 'TRUE']),
      is_closed_lost: column((i) => (i % 3 === 1 ? 'true' : 'false'), ['', 'yes']),
    },
    won: 'Closed Won',
    lost: 'Closed Lost',
    open: 'Qualified',
  },
  {
    name: 'Bitrix24: `;`, dd.MM.yyyy, flags, closed_at from the last change, a currency column',
    preset: 'bitrix24',
    delimiter: ';',
    date: dotted,
    fields: {
      id: (i) => String(30_000 + i),
      title: (i) => `Сделка ${i}`,
      manager: column((i) => ['Иванова Анна', 'Петров Пётр'][i % 2]!, TEXT_FORMS),
      stage: column((i) => ['Сделка успешна', 'Сделка провалена', 'Переговоры'][i % 3]!, ['', 'WON']),
      amount: column((i) => `${i * 100}.00`, AMOUNT_FORMS),
      currency: column(() => 'Российский рубль', ['', 'RUB', 'Рубль', 'Тугрик']),
      created_at: column((i) => dotted(i, i), ['', '01.03.2025', '31.02.2025 10:00:00', '2025-03-01 10:00', 'не указана'], 0.1),
      expected_close_at: column((i) => `15.${two(1 + (i % 12))}.2025`, ['', 'bad', '15.13.2025']),
      modified_at: column((i) => dotted(i + 40, i), ['', '31.04.2025 10:00:00']),
      is_closed: column((i) => (i % 3 === 2 ? 'Нет' : 'Да'), ['', 'Может быть']),
      stage_group: column((i) => ['Успешные', 'Провал', 'В работе'][i % 3]!, ['', 'S', 'Иное']),
      source: (i) => ['Звонок', 'Сайт'][i % 2]!,
    },
    won: 'Сделка успешна',
    lost: 'Сделка провалена',
    open: 'Переговоры',
  },
  {
    name: 'Pipedrive: won and lost times stand in for a missing close date',
    preset: 'pipedrive',
    delimiter: ',',
    date: iso,
    fields: {
      id: (i) => String(40_000 + i),
      manager: (i) => ['Anna', 'Boris'][i % 2]!,
      stage: (i) => ['Negotiation', 'Proposal'][i % 2]!,
      status: column((i) => ['won', 'lost', 'open'][i % 3]!, ['', 'deleted']),
      amount: column((i) => String(i * 100), AMOUNT_FORMS),
      created_at: column((i) => iso(i, i), DATE_FORMS_ISO, 0.1),
      closed_at: column((i) => (i % 3 === 2 ? '' : iso(i + 40, i)), ['', '2024-01-01 10:00']),
      won_time: column((i) => iso(i + 41, i), ['']),
      lost_time: column((i) => iso(i + 42, i), ['']),
    },
    won: 'Won',
    lost: 'Lost',
    open: 'Negotiation',
  },
  {
    name: 'amoCRM: `;`, dd.MM.yyyy, "no date" words',
    preset: 'amocrm',
    delimiter: ';',
    date: dotted,
    fields: {
      id: (i) => String(50_000 + i),
      manager: column((i) => ['Иванова Анна', 'Петров Пётр'][i % 2]!, TEXT_FORMS),
      stage: column((i) => ['Успешно реализовано', 'Закрыто и не реализовано', 'Переговоры'][i % 3]!, ['', ' Переговоры ']),
      amount: column((i) => (i % 2 === 0 ? `${i * 10},50` : String(i * 100)), AMOUNT_FORMS),
      created_at: column((i) => dotted(i, i), ['', '01.03.2025', '2025-03-01 10:00', '31.02.2025 10:00:00'], 0.1),
      closed_at: column((i) => (i % 3 === 2 ? '' : dotted(i + 40, i)), ['', 'не закрыта', 'Не закрыта ', '01.01.2024 10:00:00']),
      lost_reason: (i) => (i % 3 === 1 ? 'Дорого' : ''),
    },
    won: 'Успешно реализовано',
    lost: 'Закрыто и не реализовано',
    open: 'Переговоры',
  },
];

/**
 * How a CRM may quote a cell that needs no quotes: some quote every text cell, some only where a
 * title holds a line break or a quote. Given its own random numbers, so that the cells stay as in
 * the unquoted export of the same seed: the same value quoted, or now and then a value only a quoted
 * cell can hold (a line break, a doubled quote, the delimiter), in any column.
 */
function quoting(seed: number, delimiter: string): (cell: string, column: number) => string {
  const rnd = random(seed);
  const quoted = (v: string) => `"${v.replace(/"/g, '""')}"`;
  return (v, column) => {
    const r = rnd();
    if (r < 0.25) return quoted(v);
    // The id stays as it is: a streamed read stops at an id out of order (tested apart).
    if (column === 0) return v;
    if (r < 0.27) return quoted(`${v}\nmore`);
    if (r < 0.29) return quoted(`${v} "x"`);
    if (r < 0.3) return quoted(`${v}${delimiter}`);
    return v;
  };
}

function exportOf(c: Case, rows: number, seed: number, quote?: (cell: string, column: number) => string): { csv: string; columns: Record<string, string>; custom: Record<string, string> } {
  const rnd = random(seed);
  const preset = presetFor(c.preset)!.deals;
  // The preset's own header names where it has them (so that its mapping is exercised), else ours.
  const names = Object.keys(c.fields).map((field) => preset.columns[field]?.[0] ?? field);
  const customNames = Object.keys(c.custom ?? {});
  const header = [...names, ...customNames.map((n) => `Custom ${n}`)];
  const lines = [header.join(c.delimiter)];
  for (let i = 1; i <= rows; i++) {
    const cells = [...Object.values(c.fields), ...Object.values(c.custom ?? {})].map((f) => f(i, rnd));
    // A cell holding the delimiter is quoted, as a CRM would write it.
    lines.push(cells.map((v, k) => (v.startsWith('"') ? v : v.includes(c.delimiter) ? `"${v}"` : (quote?.(v, k) ?? v))).join(c.delimiter));
  }
  // Canonical fields by name; the preset's own columns (flags, won/lost times…) by its header names.
  const canonical: readonly string[] = DEAL_FIELDS;
  const columns = Object.fromEntries(Object.keys(c.fields).flatMap((field, k) => (canonical.includes(field) ? [[field, names[k]!]] : [])));
  const custom = Object.fromEntries(customNames.map((n) => [n, `Custom ${n}`]));
  return { csv: `${lines.join('\r\n')}\r\n`, columns, custom };
}

async function read(c: Case, key: string, countingOnly: boolean, countingLabels?: readonly FreeLabel[]): Promise<Dataset> {
  return loadDataset(await configOf(c, key), { cwd: tmp.dir, asOf: AS_OF, countingOnly, ...(countingLabels ? { countingLabels } : {}) });
}

async function configOf(c: Case, key: string): Promise<Config> {
  const config = tmp.write(
    `${key}.yaml`,
    [
      'timezone: Europe/Moscow',
      'currency: RUB',
      'data:',
      '  deals:',
      `    path: ${key}.csv`,
      `    preset: ${c.preset}`,
      '    encoding: utf-8',
      ...(c.dateFormat ? [`    date_format: "${c.dateFormat}"`] : []),
      `    columns: ${JSON.stringify(exportOf(c, 0, 0).columns)}`,
      ...(c.custom ? [`    fields: ${JSON.stringify(exportOf(c, 0, 0).custom)}`] : []),
      'pipelines:',
      `  default: { stages: [${JSON.stringify(c.open)}], won: [${JSON.stringify(c.won)}], lost: [${JSON.stringify(c.lost)}] }`,
      ...(c.custom ? ['commission:', '  plans:', '    p: { require: [paid], tiers: [{ from: 0, rate: 0.1 }] }', '  team: [{ manager: Anna, plan: p, quota: 1000 }]'] : []),
    ].join('\n'),
  );
  return loadConfig(config, tmp.dir);
}

/** Everything a dataset holds, as plain data. */
const plain = (data: Dataset) => JSON.parse(JSON.stringify({ deals: data.deals, files: data.files, diagnostics: data.diagnostics, notes: data.notes }));

describe('a counting read’s fast row makes the deals the careful build makes', () => {
  for (const [k, c] of CASES.entries()) {
    it(c.name, async () => {
      const key = `case-${k}`;
      tmp.write(`${key}.csv`, exportOf(c, 1500, 1000 + k).csv);
      const before = { ...plainLines };
      const fast = await read(c, key, true);
      const fastLines = plainLines.fast - before.fast;
      const onLine = plainLines.line - before.line;
      const careful = await carefully(() => read(c, key, true));
      expect(plain(fast)).toEqual(plain(careful));
      // Both ways were taken: most lines by the fast row, the others by build.
      expect(fastLines).toBeGreaterThan(150);
      expect(onLine).toBeGreaterThan(150);
      expect(fast.diagnostics.some((d) => d.action === 'skipped')).toBe(true);
      expect(fast.diagnostics.some((d) => d.action === 'kept')).toBe(true);
      // And a whole read keeps the same deals (with more of their cells).
      const whole = await read(c, key, false);
      const counted = (data: Dataset) => data.deals.map((d) => [d.id, d.manager, d.pipeline, d.stage, d.status, d.amount?.toString(), d.createdAt.getTime(), d.closedAt?.getTime(), d.source, d.lostReason, d.client, d.currency, d.fields]);
      expect(counted(fast)).toEqual(counted(whole));
      expect(fast.diagnostics).toEqual(whole.diagnostics);
    });
  }

  // A command reads only the free labels it groups by or lists (conversion --by source: source;
  // --lost-reasons: lost_reason): the deals go without the others, and nothing else changes.
  it('leaves unread the free labels the command does not use, the same way fast and careful', async () => {
    const c = CASES[0]!;
    const key = 'labels';
    tmp.write(`${key}.csv`, exportOf(c, 1500, 77).csv);
    const all = plain(await read(c, key, true));
    // A label left unread is absent; a pipeline left unread is `default`, as without its column.
    const without = (data: ReturnType<typeof plain>, dropped: readonly string[]) => ({
      ...data,
      deals: data.deals.map((d: Record<string, unknown>) => ({
        ...Object.fromEntries(Object.entries(d).filter(([k]) => !dropped.includes(k))),
        ...(dropped.includes('pipeline') ? { pipeline: 'default' } : {}),
      })),
    });
    const cases: Array<[labels: FreeLabel[], dropped: string[]]> = [
      [['source'], ['pipeline', 'lostReason', 'client']],
      [['lost_reason', 'client', 'pipeline'], ['source']],
      [[], ['pipeline', 'source', 'lostReason', 'client']],
    ];
    for (const [labels, dropped] of cases) {
      const fast = plain(await read(c, key, true, labels));
      const careful = plain(await carefully(() => read(c, key, true, labels)));
      expect(careful, labels.join()).toEqual(fast);
      expect(fast, labels.join()).toEqual(without(all, dropped));
      // The labels kept are really there, with the values of a read that keeps all.
      for (const field of ['source', 'lostReason', 'client'].filter((f) => !dropped.includes(f))) {
        expect(fast.deals.filter((d: Record<string, unknown>) => d[field] !== undefined).length, field).toBeGreaterThan(100);
      }
      if (!dropped.includes('pipeline')) expect(fast.deals.filter((d: Record<string, unknown>) => d['pipeline'] === 'partners').length).toBeGreaterThan(100);
    }
    // A whole read keeps every label, whatever it is asked.
    expect(plain(await read(c, key, false, []))).toEqual(plain(await read(c, key, false)));
  });

  it('keeps alike a deal in a currency the config does not have: counted, its amount left out, said on its line', async () => {
    const c = CASES[0]!;
    const key = 'usd';
    const { csv } = exportOf(c, 200, 7);
    tmp.write(`${key}.csv`, csv.replace(/,RUB,/, ',USD,'));
    const fast = await read(c, key, true);
    const careful = await carefully(() => read(c, key, true));
    const foreign = fast.deals.filter((d) => d.foreignCurrency !== undefined);
    expect(foreign.map((d) => [d.foreignCurrency, d.amount])).toEqual([['USD', undefined]]);
    expect(fast.diagnostics).toContainEqual(expect.objectContaining({ field: 'currency', action: 'kept', reason: expect.stringContaining('the amount is in USD') }));
    expect(JSON.stringify(careful.deals)).toBe(JSON.stringify(fast.deals));
    expect(careful.diagnostics).toEqual(fast.diagnostics);
  });
});

// Streamed to a counter (conversion), the plain lines are handed over as one reused CountedDeal
// without a Deal; the lines the careful way reads come as the counted view of their Deal. A counter
// must see the same deals either way. The ids are plain and in order here (a stream needs them so);
// every other cell keeps its odd forms.
describe('a streamed counting read hands a counter the deals its Deals would give', () => {
  /** What a counter can read of a counted deal, as plain data (the amount made, as a counter asks). */
  const seenOf = (d: CountedDeal) => ({
    manager: d.manager,
    pipeline: d.pipeline,
    stage: d.stage,
    source: d.source,
    lostReason: d.lostReason,
    client: d.client,
    fields: { ...d.fields },
    status: d.status,
    createdMs: d.createdMs,
    closedMs: d.closedMs,
    amount: d.amount?.toString(),
    // A counter sums the hundredths when the reader has them (AmountSum): they must be the amount.
    hundredths: Number.isNaN(d.amountHundredths) || (d.amount !== undefined && new Big(d.amountHundredths).div(100).eq(d.amount)),
  });

  /** The case with plain ids in increasing order, as a streamed read needs them. */
  const withOrderedIds = (c: Case): Case => ({ ...c, fields: { ...c.fields, id: (i) => String(60_000 + i) } });

  async function stream(c: Case, key: string, counted: boolean) {
    const seen: unknown[] = [];
    let resets = 0;
    /** Deals handed over before the stream stopped (reset), if it did. */
    let stoppedAfter: number | undefined;
    const data = await loadDataset(await configOf(c, key), {
      cwd: tmp.dir,
      asOf: AS_OF,
      countingOnly: true,
      dealSink: {
        add: (deal) => seen.push(seenOf(countedDeal(deal))),
        ...(counted ? { addCounted: (deal: CountedDeal) => seen.push(seenOf(deal)) } : {}),
        reset: () => {
          resets++;
          stoppedAfter ??= seen.length;
          seen.length = 0;
        },
      },
    });
    return { seen, resets, stoppedAfter, data: plain(data) };
  }

  /**
   * The export streamed to a counter as counted deals, as Deals, and the careful way: the same deals
   * each way, without a stop; `lines`: how many the fast row took (`plainLines[kind]`) in the first.
   */
  async function streamedAlike(c: Case, key: string, kind: 'fast' | 'cells') {
    const before = plainLines[kind];
    const counted = await stream(c, key, true);
    const lines = plainLines[kind] - before;
    const deals = await stream(c, key, false);
    const careful = await carefully(() => stream(c, key, true));
    expect(counted.resets).toBe(0);
    expect(counted).toEqual(deals);
    expect(counted).toEqual(careful);
    return { counted, lines };
  }

  for (const [k, c] of CASES.entries()) {
    it(c.name, async () => {
      const key = `counted-${k}`;
      const ordered = withOrderedIds(c);
      tmp.write(`${key}.csv`, exportOf(ordered, 1500, 2000 + k).csv);
      const { counted, lines } = await streamedAlike(ordered, key, 'fast');
      expect(lines).toBeGreaterThan(150);
      expect(counted.seen.length).toBeGreaterThan(lines);
    });
  }

  // A line with a quoted cell comes as a record; the fast row reads it from its cells (on byte text,
  // their bytes) when build would keep it without a word, and the counter must not see the difference.
  for (const bytes of ['always', 'never'] as const) {
    for (const [k, c] of CASES.entries()) {
      it(`quoted cells, ${bytes === 'always' ? 'byte text' : 'text'}: ${c.name}`, async () => {
        const key = `quoted-${bytes}-${k}`;
        const ordered = withOrderedIds(c);
        tmp.write(`${key}.csv`, exportOf(ordered, 1500, 4000 + k, quoting(5000 + k, c.delimiter)).csv);
        const was = process.env['DEALPULSE_BYTE_TEXT'];
        process.env['DEALPULSE_BYTE_TEXT'] = bytes;
        try {
          const { counted, lines } = await streamedAlike(ordered, key, 'cells');
          // Quoted lines were read from their cells (those the fast row reads: a line of these
          // exports is as often not plain for one of its other cells).
          expect(lines).toBeGreaterThan(150);
          // Lines further down keep their numbers past the line breaks inside quotes.
          expect(counted.data.diagnostics.some((d: { line: number }) => d.line > 1501)).toBe(true);
        } finally {
          if (was === undefined) delete process.env['DEALPULSE_BYTE_TEXT'];
          else process.env['DEALPULSE_BYTE_TEXT'] = was;
        }
      });
    }
  }

  it('stops at the first id out of order on a handed-over line as on a careful one', async () => {
    const c = CASES[0]!;
    const key = 'counted-order';
    const ordered: Case = { ...c, fields: { ...c.fields, id: (i) => String(i === 700 ? 5 : 60_000 + i) } };
    tmp.write(`${key}.csv`, exportOf(ordered, 1000, 3).csv);
    const counted = await stream(ordered, key, true);
    const careful = await carefully(() => stream(ordered, key, true));
    // The stream stopped both ways (the deals were then read whole and handed over).
    expect(counted.resets).toBe(1);
    // At the same deal, the one before line 701.
    expect(counted.stoppedAfter).toBeGreaterThan(500);
    expect(counted).toEqual(careful);
    expect(counted.seen).toHaveLength(counted.data.files[0].rowsUsed);
  });
});
