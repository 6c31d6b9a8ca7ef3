// The benchmark's data shapes (issue 23): the same deals written the way different exports write
// them, so that `npm run bench` measures dealpulse on more than one kind of file.
//
//   bench             scripts/generate-bench.mjs's own files (generic headers, UTF-8, `,`, wall-clock
//                     `yyyy-MM-dd HH:mm:ss`, ids in creation order, history in time order)
//   iso-z             an API export (HubSpot / Salesforce / Pipedrive style): ISO 8601 instants in UTC
//                     with `Z` and milliseconds, some with an offset (+03:00, -05:00); amounts with cents;
//                     an explicit status column (open / won / lost); more titles quoted for commas
//   amocrm            amoCRM's deals export: Windows-1251, `;`, CRLF, `dd.MM.yyyy HH:mm:ss`, amounts
//                     `1 250 000,50` (space or NBSP thousands, decimal comma), `не закрыта` for an
//                     open deal's close date, Russian headers, names, stages and pipelines, status from
//                     the stage; the history as amoCRM's events list (from → to); a boolean gate column
//   shuffled-ids      bench's deals in random order (ids not monotonic); bench's history
//   shuffled-history  bench's deals; bench's history rows in random order instead of time order
//
// Every shape but `bench` is derived from bench's files of the same size (the same deals, re-written)
// by `writeShape`, with its own seeded PRNG (mulberry32): deterministic, byte-identical on every
// machine. Run through `node scripts/generate-bench.mjs --shape NAME --size N`, or by the bench.
//
// FORMATS says, per shape, how its files are written — the column order, delimiter, date and
// number forms — which is what the DuckDB SQL (duckdb-sql.mjs) needs to read them the same way.
import { closeSync, copyFileSync, createReadStream, existsSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ChunkWriter } from './chunk-writer.mjs';
import { csvCell, csvLine } from './csv.mjs';
import { mulberry32 } from './mulberry32.mjs';
import { pad2 } from './wall-clock.mjs';

/** Bump when a derived shape's output changes, so that the bench rewrites stale data sets. */
export const SHAPES_VERSION = 1;
export const SHAPE_NAMES = ['bench', 'iso-z', 'amocrm', 'shuffled-ids', 'shuffled-history'];
const SEEDS = { 'iso-z': 23_0001, amocrm: 23_0002, 'shuffled-ids': 23_0003, 'shuffled-history': 23_0004 };

// ---------------------------------------------------------------------------------------------
// Formats: how each shape's files look, for the SQL that reads them.
//
// `deals` / `history`: [header in the file, canonical field, DuckDB type] in column order. Types:
// TIMESTAMP = wall-clock text in `timestampformat`; TIMESTAMPTZ = an ISO 8601 instant with an
// offset; DATE in `dateformat`; AMOUNT = `1 250 000,50` (read as text, parsed in SQL); BOOL_RU = да/нет.

// bench's own files (generate-bench.mjs writes its headers and kpi.yaml columns from this list):
// dealpulse's generic headers, each the name of its field.
const GENERIC_FORMAT = {
  delimiter: ',',
  timestampformat: '%Y-%m-%d %H:%M:%S',
  dateformat: '%Y-%m-%d',
  nullstr: [''],
  status: 'stage', // won / lost from the stage name
  historyForm: 'entries',
  duckdbTwin: false,
  deals: [
    ['id', 'id', 'BIGINT'],
    ['title', 'title', 'VARCHAR'],
    ['manager', 'manager', 'VARCHAR'],
    ['pipeline', 'pipeline', 'VARCHAR'],
    ['stage', 'stage', 'VARCHAR'],
    ['amount', 'amount', 'DECIMAL(18,2)'],
    ['margin', 'margin', 'DECIMAL(18,2)'],
    ['created_at', 'created_at', 'TIMESTAMP'],
    ['closed_at', 'closed_at', 'TIMESTAMP'],
    ['expected_close_at', 'expected_close_at', 'DATE'],
    ['last_activity_at', 'last_activity_at', 'TIMESTAMP'],
    ['source', 'source', 'VARCHAR'],
    ['lost_reason', 'lost_reason', 'VARCHAR'],
  ],
  history: [
    ['deal_id', 'deal_id', 'BIGINT'],
    ['stage', 'stage', 'VARCHAR'],
    ['entered_at', 'entered_at', 'TIMESTAMP'],
  ],
};

/** The bench files' columns, in their order. */
export const BENCH_DEALS = GENERIC_FORMAT.deals.map(([header]) => header);
export const BENCH_HISTORY = GENERIC_FORMAT.history.map(([header]) => header);

const ISO_FORMAT = {
  delimiter: ',',
  timestampformat: null, // ISO 8601 with an offset: DuckDB's own TIMESTAMPTZ cast
  dateformat: '%Y-%m-%d',
  nullstr: [''],
  status: 'column',
  historyForm: 'entries',
  duckdbTwin: false,
  deals: [
    ['hs_object_id', 'id', 'BIGINT'],
    ['dealname', 'title', 'VARCHAR'],
    ['deal_owner', 'manager', 'VARCHAR'],
    ['pipeline', 'pipeline', 'VARCHAR'],
    ['dealstage', 'stage', 'VARCHAR'],
    ['deal_status', 'status', 'VARCHAR'],
    ['amount', 'amount', 'DECIMAL(18,2)'],
    ['margin', 'margin', 'DECIMAL(18,2)'],
    ['createdate', 'created_at', 'TIMESTAMPTZ'],
    ['closedate', 'closed_at', 'TIMESTAMPTZ'],
    ['expected_close_date', 'expected_close_at', 'DATE'],
    ['notes_last_contacted', 'last_activity_at', 'TIMESTAMPTZ'],
    ['lead_source', 'source', 'VARCHAR'],
    ['closed_lost_reason', 'lost_reason', 'VARCHAR'],
  ],
  history: [
    ['deal_id', 'deal_id', 'BIGINT'],
    ['dealstage', 'stage', 'VARCHAR'],
    ['timestamp', 'entered_at', 'TIMESTAMPTZ'],
  ],
};

const AMOCRM_MISSING = 'не закрыта';
const AMOCRM_FORMAT = {
  delimiter: ';',
  timestampformat: '%d.%m.%Y %H:%M:%S',
  dateformat: '%d.%m.%Y',
  nullstr: ['', AMOCRM_MISSING],
  status: 'stage',
  historyForm: 'changes',
  // DuckDB 1.5 reads utf-8, utf-16 and latin-1 only; Windows-1251 needs its `encodings` extension,
  // which is downloaded by `INSTALL encodings` (not part of @duckdb/node-api). Its latin-1 reader
  // refuses bytes 0x80–0x9F (cp1251's em dash, quotes, …). So the generator writes a UTF-8 twin of
  // each file, byte for byte the same text, and DuckDB reads that (the bench says so).
  duckdbTwin: true,
  deals: [
    ['ID', 'id', 'BIGINT'],
    ['Название сделки', 'title', 'VARCHAR'],
    ['Бюджет', 'amount', 'AMOUNT'],
    ['Маржа', 'margin', 'AMOUNT'],
    ['Ответственный', 'manager', 'VARCHAR'],
    ['Дата создания сделки', 'created_at', 'TIMESTAMP'],
    ['Дата закрытия', 'closed_at', 'TIMESTAMP'],
    ['Этап сделки', 'stage', 'VARCHAR'],
    ['Воронка', 'pipeline', 'VARCHAR'],
    ['Источник', 'source', 'VARCHAR'],
    ['Причина отказа', 'lost_reason', 'VARCHAR'],
    ['Дата последнего контакта', 'last_activity_at', 'TIMESTAMP'],
    ['Планируемая дата закрытия', 'expected_close_at', 'DATE'],
    ['Документы загружены', 'docs_uploaded', 'BOOL_RU'],
  ],
  history: [
    ['Дата', 'entered_at', 'TIMESTAMP'],
    ['Автор', 'author', 'VARCHAR'],
    ['ID сделки', 'deal_id', 'BIGINT'],
    ['Событие', 'event', 'VARCHAR'],
    ['Значение до', 'from_stage', 'VARCHAR'],
    ['Значение после', 'stage', 'VARCHAR'],
  ],
};

export const FORMATS = { bench: GENERIC_FORMAT, 'iso-z': ISO_FORMAT, amocrm: AMOCRM_FORMAT, 'shuffled-ids': GENERIC_FORMAT, 'shuffled-history': GENERIC_FORMAT };

/** File names in a shape's folder: what dealpulse reads, and what DuckDB reads (a twin when needed). */
export function shapeFiles(shape, dir) {
  const twin = FORMATS[shape].duckdbTwin;
  return {
    deals: join(dir, 'deals.csv'),
    history: join(dir, 'history.csv'),
    duckdbDeals: join(dir, twin ? 'deals.utf8.csv' : 'deals.csv'),
    duckdbHistory: join(dir, twin ? 'history.utf8.csv' : 'history.csv'),
    kpi: join(dir, 'kpi.yaml'),
  };
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const pad3 = (n) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** Windows-1251 encoder: the inverse of the platform's decoder (full ICU, as Node ships). */
const CP1251 = (() => {
  const decoded = new TextDecoder('windows-1251').decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  const map = new Map();
  for (let i = 0; i < 256; i++) if (decoded[i] !== '\ufffd') map.set(decoded.charCodeAt(i), i);
  return map;
})();
function encodeCp1251(text) {
  const out = Buffer.allocUnsafe(text.length);
  for (let i = 0; i < text.length; i++) {
    const b = CP1251.get(text.charCodeAt(i));
    if (b === undefined) throw new Error(`cannot encode U+${text.charCodeAt(i).toString(16)} in Windows-1251 near "${text.slice(Math.max(0, i - 20), i + 20)}"`);
    out[i] = b;
  }
  return out;
}

/** The lines of one of bench's files after its header (empty lines left out). */
async function* rowsOf(path) {
  const lines = createInterface({ input: createReadStream(path, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (line === '') continue;
    if (header) header = false;
    else yield line;
  }
}

/** A line of bench's deals.csv as an object by its columns. */
const benchDeal = (line) => Object.fromEntries(csvLine(line).map((v, i) => [BENCH_DEALS[i], v]));

/** A file that is the same as bench's: a hard link (no copy, one page cache), else a copy. */
function sameFile(from, to) {
  rmSync(to, { force: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/**
 * Writes `from`'s lines (after its header) to `to` in a seeded random order (Fisher–Yates over line
 * numbers): the file is held as one Buffer and an index of line starts, ~4 bytes a line beyond it.
 */
function shuffleLines(from, to, seed) {
  const buf = readFileSync(from);
  let count = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] === 0x0a) count++;
  const starts = new Float64Array(count + 1); // line k is buf[starts[k], starts[k + 1])
  for (let i = 0, k = 1; i < buf.length; i++) if (buf[i] === 0x0a) starts[k++] = i + 1;
  const order = new Uint32Array(count - 1); // lines 1… (0 is the header)
  for (let k = 0; k < order.length; k++) order[k] = k + 1;
  const rand = mulberry32(seed);
  for (let k = order.length - 1; k > 0; k--) {
    const j = Math.floor(rand() * (k + 1));
    const t = order[k];
    order[k] = order[j];
    order[j] = t;
  }
  const fd = openSync(to, 'w');
  const write = (b) => {
    let off = 0;
    while (off < b.length) off += writeSync(fd, b, off);
  };
  write(buf.subarray(0, starts[1]));
  const chunk = [];
  let size = 0;
  for (const k of order) {
    const line = buf.subarray(starts[k], starts[k + 1]);
    chunk.push(line);
    size += line.length;
    if (size >= 1 << 20) {
      write(Buffer.concat(chunk));
      chunk.length = 0;
      size = 0;
    }
  }
  if (chunk.length) write(Buffer.concat(chunk));
  closeSync(fd);
  return count - 1;
}

// ---------------------------------------------------------------------------------------------
// iso-z

// bench's times are Europe/Moscow wall-clock (generate-bench.mjs): UTC+3 all year since 2014, so an
// instant is the wall clock minus 3 hours, exactly. Another zone would need a real conversion.
const MOSCOW_OFFSET_MS = 3 * 3_600_000;

/** Milliseconds of a timestamp: a function of the second, so that the same moment in the deals and the history file is the same instant; 30 % of them .000, as API exports often write. */
const millisOf = (sec) => {
  const h = Math.imul(sec ^ 0x5bd1e995, 0x27d4eb2d) >>> 0;
  return h % 10 < 3 ? 0 : h % 1000;
};

function isoInstant(wallText, rand) {
  if (wallText === '') return '';
  const [date, time] = wallText.split(' ');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi, s] = time.split(':').map(Number);
  const wallMs = Date.UTC(y, mo - 1, d, h, mi, s);
  const ms = millisOf(wallMs / 1000);
  const r = rand();
  // 70 % UTC with Z, 20 % with the account's offset (+03:00), 10 % from a system in New York (-05:00).
  const offsetMin = r < 0.7 ? 0 : r < 0.9 ? 180 : -300;
  const t = new Date(wallMs - MOSCOW_OFFSET_MS + offsetMin * 60_000);
  const text = `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}T${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}:${pad2(t.getUTCSeconds())}.${pad3(ms)}`;
  if (offsetMin === 0) return `${text}Z`;
  const sign = offsetMin > 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${text}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** `280000` → `280000.00`, `280000.57` stays: API amounts carry cents. */
const withCents = (text) => (text === '' ? '' : text.includes('.') ? text : `${text}.00`);

const ISO_TITLE_SUFFIXES = ['renewal', 'phase 2', 'Q3 order', 'upsell', 'pilot', 'framework agreement'];

async function writeIsoZ({ benchDir, outDir, seed }) {
  const rand = mulberry32(seed);
  const deals = new ChunkWriter(join(outDir, 'deals.csv.tmp'));
  deals.write(`${ISO_FORMAT.deals.map((c) => c[0]).join(',')}\n`);
  let rows = 0;
  for await (const line of rowsOf(join(benchDir, 'deals.csv'))) {
    const c = benchDeal(line);
    const status = c.stage === 'Won' ? 'won' : c.stage === 'Lost' ? 'lost' : 'open';
    // API deal names are free text: a third of them get ", <suffix>" and are quoted for it.
    const title = rand() < 0.33 ? `${c.title}, ${ISO_TITLE_SUFFIXES[Math.floor(rand() * ISO_TITLE_SUFFIXES.length)]}` : c.title;
    const cells = [
      c.id,
      title,
      c.manager,
      c.pipeline,
      c.stage,
      status,
      withCents(c.amount),
      withCents(c.margin),
      isoInstant(c.created_at, rand),
      isoInstant(c.closed_at, rand),
      c.expected_close_at,
      isoInstant(c.last_activity_at, rand),
      c.source,
      c.lost_reason,
    ];
    deals.write(`${cells.map((v) => csvCell(v, ',')).join(',')}\n`);
    rows++;
  }
  const dealsBytes = deals.close();

  const history = new ChunkWriter(join(outDir, 'history.csv.tmp'));
  history.write(`${ISO_FORMAT.history.map((c) => c[0]).join(',')}\n`);
  let events = 0;
  for await (const line of rowsOf(join(benchDir, 'history.csv'))) {
    const [dealId, stage, enteredAt] = line.split(',');
    history.write(`${dealId},${stage},${isoInstant(enteredAt, rand)}\n`);
    events++;
  }
  const historyBytes = history.close();
  return { rows, events, bytes: { deals: dealsBytes, history: historyBytes } };
}

function isoKpi(bench, deals) {
  const cfg = structuredClone(bench);
  cfg.data = {
    deals: {
      path: 'deals.csv',
      preset: 'generic',
      encoding: 'utf-8',
      delimiter: ',',
      columns: Object.fromEntries(ISO_FORMAT.deals.map(([header, field]) => [field, header])),
      status: { won: ['won'], lost: ['lost'] },
    },
    history: {
      path: 'history.csv',
      encoding: 'utf-8',
      delimiter: ',',
      columns: Object.fromEntries(ISO_FORMAT.history.map(([header, field]) => [field, header])),
    },
  };
  // A revenue plan (bench's pays on margin): retroactive tiers, a bonus at 100 % of quota, no cap.
  const scale = deals / 100_000;
  const managers = bench.commission.team.map((m) => m.manager);
  cfg.commission = {
    rounding: 'half-up',
    plans: {
      closer: {
        base: 'revenue',
        credit_on: 'close',
        tier_mode: 'retroactive',
        tiers: [
          { from: 0, rate: 0.01 },
          { from: 0.7, rate: 0.02 },
          { from: 1, rate: 0.035 },
          { from: 1.3, rate: 0.05 },
        ],
        bonuses: [{ name: 'plan', attainment_at_least: 1, amount: 25000 }],
      },
    },
    team: managers.map((manager, i) => ({ manager, plan: 'closer', quota: Math.max(1000, Math.round(((6 + (i % 5)) * 1_000_000 * scale) / 1000) * 1000) })),
  };
  return cfg;
}

// ---------------------------------------------------------------------------------------------
// amocrm

const RU_MANAGERS = {
  Ivanova: 'Иванова', Petrov: 'Петров', Sidorov: 'Сидоров', Smirnova: 'Смирнова', Kuznetsov: 'Кузнецов', Popova: 'Попова', Vasiliev: 'Васильев',
  Sokolova: 'Соколова', Mikhailov: 'Михайлов', Novikova: 'Новикова', Fedorov: 'Фёдоров', Morozova: 'Морозова', Volkov: 'Волков', Alekseeva: 'Алексеева',
  Lebedev: 'Лебедев', Semenova: 'Семёнова', Egorov: 'Егоров', Pavlova: 'Павлова', Kozlov: 'Козлов', Stepanova: 'Степанова', Nikolaev: 'Николаев',
  Orlova: 'Орлова', Andreev: 'Андреев', Makarova: 'Макарова', Zakharov: 'Захаров', Zaitseva: 'Зайцева', Soloviev: 'Соловьёв', Borisova: 'Борисова',
  Yakovlev: 'Яковлев', Grigorieva: 'Григорьева', Romanov: 'Романов', Vorobieva: 'Воробьёва', Sergeev: 'Сергеев', Kuzmina: 'Кузьмина', Frolov: 'Фролов',
  Aleksandrova: 'Александрова', Dmitriev: 'Дмитриев', Korolyova: 'Королёва', Gusev: 'Гусев', Kiseleva: 'Киселёва', Ilyin: 'Ильин', Maksimova: 'Максимова',
  Polyakov: 'Поляков', Sorokina: 'Сорокина', Vinogradov: 'Виноградов', Kovalyova: 'Ковалёва', Belov: 'Белов', Medvedeva: 'Медведева', Antonov: 'Антонов',
  Tarasova: 'Тарасова',
};
const INITIALS = 'АБВГДЕИКЛМНОПРСТ';
/** `Иванова А.`: amoCRM shows users as they are named in the account. Initials fixed per name. */
const ruManager = (name) => {
  const ru = RU_MANAGERS[name];
  if (!ru) throw new Error(`amocrm shape: no Russian name for manager ${name}`);
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `${ru} ${INITIALS[h % INITIALS.length]}.`;
};
const RU_STAGES = {
  'New lead': 'Новая заявка',
  Qualification: 'Квалификация',
  'Needs analysis': 'Выявление потребностей',
  'Proposal sent': 'КП отправлено',
  Negotiation: 'Переговоры',
  'Contract signing': 'Подписание договора',
  'Invoice sent': 'Счёт выставлен',
  Won: 'Успешно реализовано',
  Lost: 'Закрыто и не реализовано',
};
const RU_PIPELINES = { default: 'Продажи', partners: 'Партнёры' };
const RU_SOURCES = { web: 'Сайт', referral: 'Рекомендация', expo: 'Выставка', 'cold call': 'Холодный звонок', partner: 'Партнёр', ads: 'Реклама', repeat: 'Повторная продажа' };
const RU_REASONS = {
  'Too expensive': 'Дорого',
  'No budget': 'Нет бюджета',
  'Chose a competitor': 'Выбрали конкурента',
  'No response': 'Не выходит на связь',
  'Not a fit': 'Не наш клиент',
  'Bad timing': 'Не сейчас',
};
const ru = (table, value, what) => {
  if (value === '') return '';
  const v = table[value];
  if (v === undefined) throw new Error(`amocrm shape: no Russian ${what} for "${value}"`);
  return v;
};
const RU_PRODUCTS = ['Поставка стеллажей', 'Монтаж мезонина', 'Обслуживание погрузчиков', 'Холодный склад', 'Упаковочные столы', 'Сканеры штрихкода', 'Аудит безопасности'];
const RU_CLIENTS = ['ООО «Ромашка»', 'АО «Северсталь-Снаб»', 'ИП Кузнецов', 'ООО «Волга-Агро»', 'ООО «Нордстрой»', 'ЗАО «Урал-Металл»', 'ООО «Дельта Фудс»'];

function ruTitle(rand, id) {
  const product = RU_PRODUCTS[Math.floor(rand() * RU_PRODUCTS.length)];
  const client = RU_CLIENTS[Math.floor(rand() * RU_CLIENTS.length)];
  const r = rand();
  if (r < 0.05) return `${product}; монтаж — ${client}`; // a `;`: quoted
  if (r < 0.07) return `Сделка "${product}" №${id}`; // quotes: quoted and doubled
  if (r < 0.3) return `Сделка #${id}`; // amoCRM's default name
  return `${product} — ${client}`;
}

/** wall `2025-03-14 09:30:05` → `14.03.2025 09:30:05`; a date `2025-03-14` → `14.03.2025`. */
function ruDateTime(text) {
  if (text === '') return '';
  const [date, time] = text.split(' ');
  const [y, m, d] = date.split('-');
  return time === undefined ? `${d}.${m}.${y}` : `${d}.${m}.${y} ${time}`;
}

/** `1250000.5` → `1 250 000,50`, `1 250 000`, `1250000,50`…: thousands by space, NBSP or nothing. */
function ruAmount(text, rand) {
  if (text === '') return '';
  const [int, frac] = text.split('.');
  const r = rand();
  const sep = r < 0.5 ? ' ' : r < 0.8 ? '\u00a0' : '';
  const grouped = sep === '' ? int : int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  if (frac !== undefined) return `${grouped},${frac.padEnd(2, '0')}`;
  return rand() < 0.3 ? `${grouped},00` : grouped;
}

async function writeAmocrm({ benchDir, outDir, seed, deals: N }) {
  const rand = mulberry32(seed);
  const EOL = '\r\n'; // a Windows export
  const both = (name) => [new ChunkWriter(join(outDir, `${name}.csv.tmp`), encodeCp1251), new ChunkWriter(join(outDir, `${name}.utf8.csv.tmp`))];
  const [deals, dealsTwin] = both('deals');
  const writeDeals = (text) => {
    deals.write(text);
    dealsTwin.write(text);
  };
  writeDeals(`${AMOCRM_FORMAT.deals.map((c) => c[0]).join(';')}${EOL}`);
  // Per deal, for the events list: its manager (the author of its changes) and its last stage.
  const firstId = 1_000_001;
  const managerOf = new Array(N);
  const lastStage = new Array(N).fill('');
  let rows = 0;
  for await (const line of rowsOf(join(benchDir, 'deals.csv'))) {
    const c = benchDeal(line);
    const k = Number(c.id) - firstId;
    const manager = ruManager(c.manager);
    managerOf[k] = manager;
    const open = c.stage !== 'Won' && c.stage !== 'Lost';
    const docs = rand();
    const cells = [
      c.id,
      ruTitle(rand, c.id),
      ruAmount(c.amount, rand),
      ruAmount(c.margin, rand),
      manager,
      ruDateTime(c.created_at),
      open ? AMOCRM_MISSING : ruDateTime(c.closed_at), // a won deal without a close date keeps its empty cell
      ru(RU_STAGES, c.stage, 'stage'),
      ru(RU_PIPELINES, c.pipeline, 'pipeline'),
      ru(RU_SOURCES, c.source, 'source'),
      ru(RU_REASONS, c.lost_reason, 'lost reason'),
      ruDateTime(c.last_activity_at),
      ruDateTime(c.expected_close_at),
      docs < 0.85 ? 'Да' : docs < 0.95 ? 'Нет' : '', // the commission gate: empty = not done
    ];
    writeDeals(`${cells.map((v) => csvCell(v, ';')).join(';')}${EOL}`);
    rows++;
  }
  const dealsBytes = deals.close();
  dealsTwin.close();

  const [history, historyTwin] = both('history');
  const writeHistory = (text) => {
    history.write(text);
    historyTwin.write(text);
  };
  writeHistory(`${AMOCRM_FORMAT.history.map((c) => c[0]).join(';')}${EOL}`);
  let events = 0;
  for await (const line of rowsOf(join(benchDir, 'history.csv'))) {
    const [dealId, stage, enteredAt] = line.split(',');
    const k = Number(dealId) - firstId;
    const to = ru(RU_STAGES, stage, 'stage');
    const from = lastStage[k];
    lastStage[k] = to;
    // The creation is written by amoCRM's robot with an empty "before"; later moves by the manager.
    writeHistory(`${ruDateTime(enteredAt)};${from === '' ? 'Робот' : managerOf[k]};${dealId};Изменение этапа;${from};${to}${EOL}`);
    events++;
  }
  const historyBytes = history.close();
  historyTwin.close();
  return { rows, events, bytes: { deals: dealsBytes, history: historyBytes } };
}

function amocrmKpi(bench, deals) {
  const cfg = structuredClone(bench);
  const stageList = (list) => list.map((s) => ru(RU_STAGES, s, 'stage'));
  const stageMap = (o) => Object.fromEntries(Object.entries(o ?? {}).map(([s, v]) => [ru(RU_STAGES, s, 'stage'), v]));
  cfg.data = {
    deals: {
      path: 'deals.csv',
      preset: 'amocrm',
      encoding: 'auto', // detected: Windows-1251
      delimiter: ';',
      decimal: ',',
      date_format: 'dd.MM.yyyy HH:mm:ss',
      // The preset knows amoCRM's names; these are the account's custom fields and the rest, spelled out.
      columns: Object.fromEntries(AMOCRM_FORMAT.deals.filter(([, field]) => field !== 'docs_uploaded').map(([header, field]) => [field, header])),
      fields: { docs_uploaded: 'Документы загружены' },
      status: { won: [RU_STAGES.Won], lost: [RU_STAGES.Lost] },
    },
    history: {
      path: 'history.csv',
      preset: 'amocrm',
      encoding: 'auto',
      delimiter: ';',
      date_format: 'dd.MM.yyyy HH:mm:ss',
      columns: { deal_id: 'ID сделки', from_stage: 'Значение до', to_stage: 'Значение после', changed_at: 'Дата' },
    },
  };
  cfg.pipelines = Object.fromEntries(
    Object.entries(bench.pipelines).map(([name, p]) => [
      ru(RU_PIPELINES, name, 'pipeline'),
      { stages: stageList(p.stages), won: stageList(p.won), lost: stageList(p.lost), sla_days: stageMap(p.sla_days), rot_days: stageMap(p.rot_days) },
    ]),
  );
  const conv = cfg.targets.conversion;
  if (conv.by_pipeline) conv.by_pipeline = Object.fromEntries(Object.entries(conv.by_pipeline).map(([p, v]) => [ru(RU_PIPELINES, p, 'pipeline'), v]));
  if (conv.by_manager) conv.by_manager = Object.fromEntries(Object.entries(conv.by_manager).map(([m, v]) => [ruManager(m), v]));
  // A revenue plan with marginal tiers, a gate (pending deals), a conversion bonus and a cap.
  const scale = deals / 100_000;
  cfg.commission = {
    rounding: 'half-up',
    plans: {
      farmer: {
        base: 'revenue',
        credit_on: 'close',
        require: ['docs_uploaded'],
        tier_mode: 'marginal',
        tiers: [
          { from: 0, rate: 0.01 },
          { from: 0.8, rate: 0.025 },
          { from: 1, rate: 0.04 },
        ],
        bonuses: [{ name: 'conversion', kpi: 'conversion', at_least: 0.3, amount: 10000 }],
        cap: Math.max(1000, Math.round((150_000 * scale) / 100) * 100),
      },
    },
    team: bench.commission.team.map((m, i) => ({ manager: ruManager(m.manager), plan: 'farmer', quota: Math.max(1000, Math.round(((6 + (i % 5)) * 1_000_000 * scale) / 1000) * 1000) })),
  };
  return cfg;
}

// ---------------------------------------------------------------------------------------------
// Writing a shape

async function kpiText(shape, benchDir, deals) {
  const { parse, stringify } = await import('yaml'); // one of dealpulse's own dependencies
  const bench = parse(readFileSync(join(benchDir, 'kpi.yaml'), 'utf8'));
  const cfg = shape === 'iso-z' ? isoKpi(bench, deals) : amocrmKpi(bench, deals);
  return (
    `# Benchmark data set, shape ${shape}: written by scripts/lib/shapes.mjs (version ${SHAPES_VERSION}, seed ${SEEDS[shape]})\n` +
    `# from bench-data/bench/<size>/ (the same deals). Do not edit: it is rewritten when the generator changes.\n` +
    stringify(cfg, { lineWidth: 0 })
  );
}

/**
 * Writes `shape` (not `bench`) into `outDir` from bench's data set in `benchDir` (whose meta is
 * `benchMeta`). Files are written under temporary names and renamed; meta.json comes last.
 */
export async function writeShape({ shape, benchDir, benchMeta, outDir, log = () => {} }) {
  if (!(shape in SEEDS)) throw new Error(`unknown shape ${shape} (${SHAPE_NAMES.join(', ')})`);
  mkdirSync(outDir, { recursive: true });
  rmSync(join(outDir, 'meta.json'), { force: true });
  const started = Date.now();
  const seed = SEEDS[shape];
  const files = { deals: join(outDir, 'deals.csv'), history: join(outDir, 'history.csv'), kpi: join(outDir, 'kpi.yaml') };
  let result;
  if (shape === 'shuffled-ids' || shape === 'shuffled-history') {
    const shuffled = shape === 'shuffled-ids' ? 'deals' : 'history';
    const kept = shape === 'shuffled-ids' ? 'history' : 'deals';
    const rows = shuffleLines(join(benchDir, `${shuffled}.csv`), `${files[shuffled]}.tmp`, seed);
    renameSync(`${files[shuffled]}.tmp`, files[shuffled]);
    sameFile(join(benchDir, `${kept}.csv`), files[kept]);
    const note = shape === 'shuffled-ids' ? 'deal rows in random order (ids not monotonic)' : 'history rows in random order (not in time order)';
    writeFileSync(files.kpi, `# Benchmark data set, shape ${shape}: bench's files with the ${note} (scripts/lib/shapes.mjs, seed ${seed}).\n${readFileSync(join(benchDir, 'kpi.yaml'), 'utf8')}`);
    result = { rows: shape === 'shuffled-ids' ? rows : benchMeta.deals, events: shape === 'shuffled-history' ? rows : benchMeta.events };
  } else {
    result = shape === 'iso-z' ? await writeIsoZ({ benchDir, outDir, seed }) : await writeAmocrm({ benchDir, outDir, seed, deals: benchMeta.deals });
    writeFileSync(`${files.kpi}.tmp`, await kpiText(shape, benchDir, benchMeta.deals));
    const names = ['deals.csv', 'history.csv', 'kpi.yaml', ...(FORMATS[shape].duckdbTwin ? ['deals.utf8.csv', 'history.utf8.csv'] : [])];
    for (const name of names) renameSync(join(outDir, `${name}.tmp`), join(outDir, name));
  }
  if (result.rows !== benchMeta.deals || result.events !== benchMeta.events) throw new Error(`${shape}: wrote ${result.rows} deals / ${result.events} events, bench has ${benchMeta.deals} / ${benchMeta.events}`);
  const meta = {
    generator: 'scripts/lib/shapes.mjs',
    shape,
    version: SHAPES_VERSION,
    seed,
    source: { version: benchMeta.version, seed: benchMeta.seed, deals: benchMeta.deals, events: benchMeta.events },
    deals: benchMeta.deals,
    events: benchMeta.events,
    bytes: { deals: statSync(files.deals).size, history: statSync(files.history).size },
    seconds: (Date.now() - started) / 1000,
  };
  writeFileSync(join(outDir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  log(`  ${shape}: deals.csv ${(meta.bytes.deals / 1e6).toFixed(1)} MB, history.csv ${(meta.bytes.history / 1e6).toFixed(1)} MB; ${meta.seconds.toFixed(1)} s`);
  return meta;
}

/** The meta of a complete, current derived data set in `dir`, made from bench's `benchMeta`; else undefined. */
export function currentShapeMeta(dir, shape, benchMeta) {
  const file = join(dir, 'meta.json');
  if (!existsSync(file)) return undefined;
  try {
    const meta = JSON.parse(readFileSync(file, 'utf8'));
    if (meta.shape !== shape || meta.version !== SHAPES_VERSION || meta.seed !== SEEDS[shape]) return undefined;
    const s = meta.source;
    if (s.version !== benchMeta.version || s.seed !== benchMeta.seed || s.deals !== benchMeta.deals || s.events !== benchMeta.events) return undefined;
    const files = shapeFiles(shape, dir);
    if (statSync(files.deals).size !== meta.bytes.deals || statSync(files.history).size !== meta.bytes.history) return undefined;
    for (const f of [files.kpi, files.duckdbDeals, files.duckdbHistory]) if (!existsSync(f)) return undefined;
    return meta;
  } catch {
    return undefined;
  }
}
