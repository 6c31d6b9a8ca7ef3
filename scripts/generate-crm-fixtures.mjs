#!/usr/bin/env node
// Writes fixtures/crm/<crm>/: the same 24 deals as six CRMs export them — each CRM's own header
// names, date and number formats, encodings and quirks (../shared/CRM-EXPORTS.md) — plus the stage
// histories those CRMs have. One story, so the expected numbers are the same for every CRM and are
// computed by hand once (test/cli/init.test.ts, test/io/history-forms.test.ts; the table is in
// fixtures/crm/README.md). Deterministic: no randomness, no current date. Run:
//   node scripts/generate-crm-fixtures.mjs
//
// Quirks written on purpose:
//   amocrm      UTF-8, `,`; `Бюджет ` with a trailing space; `Источник` and `utm_source` twice;
//               `Дата закрытия` = `не закрыта` for open deals.
//   bitrix24    Windows-1251 without BOM, every field quoted and followed by `;` (trailing
//               delimiter); the `Товар` column with one deal on two product rows; no close date.
//   hubspot     `Date entered "<Stage> (<Pipeline>)"` history columns in both quote styles (one stage
//               in both), plus `Date exited`, `Cumulative time in` and legacy `Time in` columns to
//               ignore; an Excel re-save as UTF-16LE tab text with `4/8/2025 17:19` dates and
//               `10,000` amounts; the same history as entry-form and from→to-form files.
//   pipedrive   `Deal - Status` Open/Won/Lost, closed deals keep their working stage, a custom
//               `Deal - Status__2`, no `Deal - Deal closed on` (close times come from Won/Lost time).
//   salesforce  a report export (labels, every value quoted, `10,000` amounts, footer lines) and a
//               Data Loader export (API names, UTC `Z` timestamps) with OpportunityHistory.csv
//               (stages repeated on consecutive saves).
//   zoho        `zcrm_` ids, `.id` twin columns, the backup's stage history keyed by `Deal Name.id`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../fixtures/crm/', import.meta.url));
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// The story. Times are wall clock in the CRM's zone (Europe/Moscow for amoCRM and Bitrix24, UTC for
// the others: the configs `init` writes use those zones), kept as Date.UTC milliseconds.
// path: [stage index 0–3, days after creation]; close: days after creation (at 17:00).

const STORY = [
  // id, manager, created, amount, path, outcome, close days
  [1, 0, '2025-01-06 10:00', 12000, [[0, 0], [1, 2], [2, 5], [3, 9]], 'won', 12],
  [2, 1, '2025-01-08 11:00', 5000, [[0, 0], [1, 1]], 'lost', 4],
  [3, 2, '2025-01-10 09:30', 30000, [[0, 0], [1, 3], [2, 7]], 'won', 15],
  [4, 0, '2025-01-14 14:00', 8000, [[0, 0]], 'lost', 2],
  [5, 1, '2025-01-16 10:00', 45000, [[0, 0], [1, 2], [2, 6], [3, 10]], 'won', 20],
  [6, 2, '2025-01-20 15:00', 7000, [[0, 0], [1, 4]], 'open', 0],
  [7, 0, '2025-01-22 10:00', 15000, [[0, 0], [1, 1], [2, 3]], 'lost', 8],
  [8, 1, '2025-01-27 12:00', 22000, [[0, 0], [1, 2], [2, 4], [3, 8]], 'won', 11],
  [9, 2, '2025-02-03 10:00', 9000, [[0, 0], [1, 2]], 'lost', 5],
  [10, 0, '2025-02-05 11:00', 60000, [[0, 0], [1, 3], [2, 8], [3, 14]], 'won', 21],
  [11, 1, '2025-02-07 09:00', 4000, [[0, 0]], 'open', 0],
  [12, 2, '2025-02-11 16:00', 18000, [[0, 0], [1, 1], [2, 5]], 'won', 9],
  [13, 0, '2025-02-13 10:00', 11000, [[0, 0], [1, 2], [2, 6]], 'open', 0],
  [14, 1, '2025-02-17 13:00', 26000, [[0, 0], [1, 3]], 'lost', 7],
  [15, 2, '2025-02-19 10:00', 33000, [[0, 0], [1, 2], [2, 5], [3, 9]], 'won', 16],
  [16, 0, '2025-02-24 11:00', 6500, [[0, 0], [1, 1]], 'open', 0],
  [17, 1, '2025-03-03 10:00', 14000, [[0, 0], [1, 2], [2, 4]], 'won', 10],
  [18, 2, '2025-03-05 12:00', 27000, [[0, 0], [1, 3], [2, 6], [3, 9]], 'open', 0],
  [19, 0, '2025-03-10 09:00', 3500, [[0, 0]], 'lost', 3],
  [20, 1, '2025-03-12 14:00', 52000, [[0, 0], [1, 2], [2, 5], [3, 8]], 'won', 12],
  [21, 2, '2025-03-17 10:00', 8800, [[0, 0], [1, 2]], 'open', 0],
  [22, 0, '2025-03-19 11:00', 19500, [[0, 0], [1, 1], [2, 4]], 'lost', 9],
  [23, 1, '2025-03-24 10:00', 41000, [[0, 0], [1, 3]], 'open', 0],
  [24, 2, '2025-03-26 15:00', 16000, [[0, 0]], 'open', 0],
];

const wallOf = (text) => {
  const [d, t] = text.split(' ');
  const [y, mo, da] = d.split('-').map(Number);
  const [h, mi] = t.split(':').map(Number);
  return Date.UTC(y, mo - 1, da, h, mi);
};

const deals = STORY.map(([n, manager, created, amount, path, outcome, closeDays]) => {
  const createdAt = wallOf(created);
  const closedAt = outcome === 'open' ? undefined : createdAt - (createdAt % DAY) + closeDays * DAY + 17 * 3_600_000;
  const entries = path.map(([stage, days]) => ({ stage, at: createdAt + days * DAY }));
  const last = entries[entries.length - 1];
  return {
    n,
    manager,
    createdAt,
    amount,
    entries,
    outcome,
    closedAt,
    // Where the deal is now: its last working stage, or the won/lost stage.
    stageNow: outcome === 'won' ? 'won' : outcome === 'lost' ? 'lost' : last.stage,
    lastStage: last.stage,
    // Open deals are expected to close at the end of April; their last change was their last entry.
    expectedClose: Date.UTC(2025, 3, 30),
    modifiedAt: closedAt ?? last.at,
    source: ['web', 'referral', 'event'][n % 3],
    lostReason: outcome === 'lost' ? ['price', 'competitor'][n % 2] : '',
  };
});

// ---------------------------------------------------------------------------------------------
// Formatting helpers (wall-clock milliseconds → text)

const p2 = (x) => String(x).padStart(2, '0');
const parts = (ms) => {
  const d = new Date(ms);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() };
};
const iso = (ms) => {
  const x = parts(ms);
  return `${x.y}-${p2(x.mo)}-${p2(x.d)}`;
};
const isoMin = (ms) => {
  const x = parts(ms);
  return `${iso(ms)} ${p2(x.h)}:${p2(x.mi)}`;
};
const isoSec = (ms) => `${isoMin(ms)}:${p2(parts(ms).s)}`;
const isoZ = (ms) => `${iso(ms)}T${p2(parts(ms).h)}:${p2(parts(ms).mi)}:${p2(parts(ms).s)}.000Z`;
const ru = (ms) => {
  const x = parts(ms);
  return `${p2(x.d)}.${p2(x.mo)}.${x.y} ${p2(x.h)}:${p2(x.mi)}:${p2(x.s)}`;
};
const ruDate = (ms) => {
  const x = parts(ms);
  return `${p2(x.d)}.${p2(x.mo)}.${x.y}`;
};
const us = (ms) => {
  const x = parts(ms);
  return `${x.mo}/${x.d}/${x.y}`;
};
const usTime = (ms) => {
  const x = parts(ms);
  return `${us(ms)} ${x.h}:${p2(x.mi)}`;
};
const thousands = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A CSV line: fields quoted when needed (or always), joined with `delim`. */
function line(fields, { delim = ',', quoteAll = false, trailing = false } = {}) {
  const out = fields.map((f) => {
    const s = String(f ?? '');
    const special = s.includes(delim) || /["\n\r]/.test(s);
    return quoteAll || special ? `"${s.replace(/"/g, '""')}"` : s;
  });
  return out.join(delim) + (trailing ? delim : '');
}

function write(crm, name, text, encode = (t) => Buffer.from(t, 'utf8')) {
  const dir = join(ROOT, crm);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), encode(text));
}

// Windows-1251 without BOM (what older Bitrix24 installs write).
const CP1251_EXTRA = { Ё: 0xa8, ё: 0xb8, '№': 0xb9, '«': 0xab, '»': 0xbb, '—': 0x97 };
function cp1251(text) {
  const out = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (cp < 0x80) out.push(cp);
    else if (cp >= 0x410 && cp <= 0x44f) out.push(cp - 0x410 + 0xc0);
    else if (CP1251_EXTRA[ch] !== undefined) out.push(CP1251_EXTRA[ch]);
    else throw new Error(`no cp1251 byte for ${ch}`);
  }
  return Buffer.from(out);
}

// UTF-16LE with BOM, what Excel's "Unicode Text" writes.
const utf16le = (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

// ---------------------------------------------------------------------------------------------
// amoCRM

{
  const managers = ['Иванова А.', 'Петров С.', 'Смирнова Е.'];
  const stages = ['Первичный контакт', 'Переговоры', 'Принимают решение', 'Согласование договора'];
  const stageName = (d) => (d.stageNow === 'won' ? 'Успешно реализовано' : d.stageNow === 'lost' ? 'Закрыто и не реализовано' : stages[d.stageNow]);
  const sources = { web: 'Сайт', referral: 'Рекомендация', event: 'Выставка' };
  // A subset of the 76 columns, in the export's order; `Бюджет ` has a trailing space; `Источник`
  // and `utm_source` appear twice (the second `Источник` is a custom field of the same name).
  const header = [
    'ID', 'Название сделки', 'Бюджет ', 'Ответственный', 'Дата создания сделки', 'Кем создана сделка',
    'Дата редактирования', 'Кем редактирована', 'Дата закрытия', 'Теги', 'Примечание', 'Примечание 2',
    'Этап сделки', 'Воронка', 'Полное имя контакта', 'Компания контакта', 'Ответственный за контакт',
    'Компания', 'Рабочий телефон (контакт)', 'Рабочий email (контакт)', 'Источник', 'utm_source',
    'utm_medium', 'Источник', 'utm_source', 'Причина отказа',
  ];
  const rows = deals.map((d) => [
    31000000 + d.n, `Сделка №${d.n}`, d.amount, managers[d.manager], ru(d.createdAt), managers[d.manager],
    ru(d.modifiedAt), managers[d.manager], d.closedAt ? ru(d.closedAt) : 'не закрыта', '', '', '',
    stageName(d), 'Продажи', `Контакт ${d.n}`, `ООО «Клиент ${d.n}»`, managers[d.manager],
    `ООО «Клиент ${d.n}»`, `+7 900 000-00-${p2(d.n)}`, `client${d.n}@example.ru`, sources[d.source], 'yandex',
    'cpc', 'Старый источник', 'google', d.lostReason === 'price' ? 'Дорого' : d.lostReason === 'competitor' ? 'Ушли к конкуренту' : '',
  ]);
  write('amocrm', 'deals.csv', [header, ...rows].map((r) => line(r)).join('\n') + '\n');
}

// ---------------------------------------------------------------------------------------------
// Bitrix24

{
  const managers = ['Иванова Анна', 'Петров Сергей', 'Смирнова Елена'];
  const stages = ['Новая', 'Подготовка документов', 'Счёт на предоплату', 'Финальный счёт'];
  const stageName = (d) => (d.stageNow === 'won' ? 'Сделка успешна' : d.stageNow === 'lost' ? 'Сделка провалена' : stages[d.stageNow]);
  const group = (d) => (d.outcome === 'won' ? 'Успешные' : d.outcome === 'lost' ? 'Провал' : 'В работе');
  const sources = { web: 'Веб-сайт', referral: 'Рекомендация', event: 'Выставка' };
  const header = [
    'ID', 'Название сделки', 'Стадия сделки', 'Направление', 'Сумма', 'Валюта', 'Ответственный',
    'Дата создания', 'Дата изменения', 'Дата начала', 'Предполагаемая дата закрытия', 'Сделка закрыта',
    'Группа стадий', 'Вероятность', 'Тип', 'Источник', 'Компания', 'Контакт', 'Кем создана',
    'Кем изменена', 'Комментарий', 'Товар',
  ];
  const row = (d, product, sum) => [
    1000 + d.n, `Сделка ${d.n}`, stageName(d), 'Общее', `${sum}.00`, 'Российский рубль', managers[d.manager],
    ru(d.createdAt), ru(d.modifiedAt), ruDate(d.createdAt), ruDate(d.expectedClose), d.outcome === 'open' ? 'Нет' : 'Да',
    group(d), d.outcome === 'won' ? 100 : d.outcome === 'lost' ? 0 : 50, 'Продажа', sources[d.source],
    `ООО «Клиент ${d.n}»`, `Контакт ${d.n}`, managers[d.manager], managers[d.manager], '', product,
  ];
  const rows = [];
  for (const d of deals) {
    // Deal 6 (open) has two products: two rows, Сумма = price × quantity of each.
    if (d.n === 6) rows.push(row(d, 'Монтаж', 2000));
    rows.push(row(d, d.n === 6 ? 'Стеллаж' : '', d.n === 6 ? 5000 : d.amount));
  }
  const text = [header, ...rows].map((r) => line(r, { delim: ';', quoteAll: true, trailing: true })).join('\r\n') + '\r\n';
  write('bitrix24', 'deals.csv', text, cp1251);
}

// ---------------------------------------------------------------------------------------------
// HubSpot

const HS = {
  pipeline: 'Sales Pipeline',
  stages: ['Appointment Scheduled', 'Qualified To Buy', 'Presentation Scheduled', 'Contract Sent'],
  won: 'Closed Won',
  lost: 'Closed Lost',
  managers: ['Alice Smith', 'Bob Jones', 'Carol White'],
};
const hsStage = (d) => (d.stageNow === 'won' ? HS.won : d.stageNow === 'lost' ? HS.lost : HS.stages[d.stageNow]);
const hsId = (d) => String(9_000_000_000 + d.n * 137);
/** Every entry of a deal, the final won/lost one included: [stage name, wall ms]. */
function historyOf(d, names, won, lost) {
  const list = d.entries.map((e) => [names[e.stage], e.at]);
  if (d.outcome === 'won') list.push([won, d.closedAt]);
  if (d.outcome === 'lost') list.push([lost, d.closedAt]);
  return list;
}

function hubspotTable(fmtDate, fmtAmount, flag) {
  const all = [...HS.stages, HS.won, HS.lost];
  // "Closed Won" in single quotes, "Qualified To Buy" in both styles (HubSpot's two generations).
  const quote = (s) => (s === HS.won ? `'` : '"');
  const entered = all.map((s) => `Date entered ${quote(s)}${s} (${HS.pipeline})${quote(s)}`);
  const both = `Date entered '${HS.stages[1]} (${HS.pipeline})'`;
  const exited = HS.stages.map((s) => `Date exited "${s} (${HS.pipeline})"`);
  const cumulative = HS.stages.map((s) => `Cumulative time in "${s} (${HS.pipeline})" (HH:mm:ss)`);
  const legacy = [`Time in '${HS.stages[0]} (${HS.pipeline})'`];
  const header = [
    'Record ID', 'Deal Name', 'Deal Stage', 'Pipeline', 'Amount', 'Deal owner', 'Create Date', 'Close Date',
    'Last Activity Date', 'Last Modified Date', 'Next Activity Date', 'Deal Type', 'Closed Lost Reason',
    'Closed Won Reason', 'Is Closed Won', 'Is closed lost', 'Amount in company currency',
    'Associated Company (Primary)', ...entered, both, ...exited, ...cumulative, ...legacy,
  ];
  const rows = deals.map((d) => {
    const hist = new Map(historyOf(d, HS.stages, HS.won, HS.lost));
    const nextAfter = (stage) => {
      const h = historyOf(d, HS.stages, HS.won, HS.lost);
      const i = h.findIndex(([s]) => s === stage);
      return i >= 0 && i + 1 < h.length ? h[i + 1][1] : undefined;
    };
    const closeDate = d.closedAt ?? d.expectedClose + 17 * 3_600_000;
    return [
      hsId(d), `Deal ${d.n}`, hsStage(d), HS.pipeline, fmtAmount(d.amount), HS.managers[d.manager], fmtDate(d.createdAt),
      fmtDate(closeDate), fmtDate(d.modifiedAt), fmtDate(d.modifiedAt), '', 'newbusiness',
      d.outcome === 'lost' ? d.lostReason : '', d.outcome === 'won' ? 'Good fit' : '', flag(d.outcome === 'won'),
      flag(d.outcome === 'lost'), fmtAmount(d.amount), `Client ${d.n} Inc.`,
      ...all.map((s) => (hist.has(s) ? fmtDate(hist.get(s)) : '')),
      hist.has(HS.stages[1]) ? fmtDate(hist.get(HS.stages[1])) : '',
      ...HS.stages.map((s) => (nextAfter(s) !== undefined ? fmtDate(nextAfter(s)) : '')),
      ...HS.stages.map((s) => {
        const end = nextAfter(s);
        if (!hist.has(s) || end === undefined) return '';
        const secs = (end - hist.get(s)) / 1000;
        return `${Math.floor(secs / 3600)}:00:00`;
      }),
      hist.has(HS.stages[0]) && nextAfter(HS.stages[0]) !== undefined ? String((nextAfter(HS.stages[0]) - hist.get(HS.stages[0])) / 1000) : '',
    ];
  });
  return [header, ...rows];
}

{
  const table = hubspotTable(isoMin, String, (b) => (b ? 'true' : 'false'));
  write('hubspot', 'deals.csv', table.map((r, i) => line(r, { quoteAll: i === 0 })).join('\n') + '\n');
  // The same export opened in a US Excel and saved as "Unicode Text": UTF-16LE, tabs, CRLF,
  // `4/8/2025 17:19` dates, `12,000` amounts, TRUE/FALSE.
  const resaved = hubspotTable(usTime, thousands, (b) => (b ? 'TRUE' : 'FALSE'));
  write('hubspot', 'deals-excel.txt', resaved.map((r) => line(r, { delim: '\t' })).join('\r\n') + '\r\n', utf16le);

  // The same history in the two other forms, with dealpulse's generic headers.
  const entries = [['deal_id', 'stage', 'entered_at']];
  const changes = [['deal_id', 'from_stage', 'to_stage', 'changed_at']];
  for (const d of deals) {
    let from = '';
    for (const [stage, at] of historyOf(d, HS.stages, HS.won, HS.lost)) {
      entries.push([hsId(d), stage, isoMin(at)]);
      changes.push([hsId(d), from, stage, isoMin(at)]);
      from = stage;
    }
  }
  write('hubspot', 'history-entries.csv', entries.map((r) => line(r)).join('\n') + '\n');
  write('hubspot', 'history-changes.csv', changes.map((r) => line(r)).join('\n') + '\n');
}

// ---------------------------------------------------------------------------------------------
// Pipedrive

{
  const managers = ['Alice Smith', 'Bob Jones', 'Carol White'];
  const stages = ['Qualified', 'Contact Made', 'Proposal Made', 'Negotiations Started'];
  const header = [
    'Deal - ID', 'Deal - Title', 'Deal - Owner', 'Deal - Value', 'Deal - Currency of Value', 'Deal - Pipeline',
    'Deal - Stage', 'Deal - Status', 'Deal - Deal created', 'Deal - Update time', 'Deal - Last stage change',
    'Deal - Last activity date', 'Deal - Won time', 'Deal - Lost time', 'Deal - Expected close date',
    'Deal - Lost reason', 'Deal - Organization', 'Deal - Source origin', 'Deal - Status__2',
  ];
  const rows = deals.map((d) => {
    const lastEntry = d.entries[d.entries.length - 1].at;
    return [
      d.n, `Deal ${d.n}`, managers[d.manager], d.amount, 'USD', 'Pipeline',
      // A closed deal keeps the stage it was in.
      stages[d.lastStage], d.outcome === 'won' ? 'Won' : d.outcome === 'lost' ? 'Lost' : 'Open',
      isoSec(d.createdAt), isoSec(d.modifiedAt), isoSec(lastEntry), iso(d.modifiedAt),
      d.outcome === 'won' ? isoSec(d.closedAt) : '', d.outcome === 'lost' ? isoSec(d.closedAt) : '',
      iso(d.expectedClose), d.lostReason, `Client ${d.n} Ltd`, ['Web forms', 'Manually created', 'Import'][d.n % 3],
      d.n % 2 === 0 ? 'Hot' : 'Cold',
    ];
  });
  write('pipedrive', 'deals.csv', [header, ...rows].map((r) => line(r)).join('\n') + '\n');
}

// ---------------------------------------------------------------------------------------------
// Salesforce

{
  const managers = ['Alice Smith', 'Bob Jones', 'Carol White'];
  const ownerIds = ['0055g00000AAAAAAA1', '0055g00000BBBBBBB2', '0055g00000CCCCCCC3'];
  const stages = ['Prospecting', 'Qualification', 'Proposal/Price Quote', 'Negotiation/Review'];
  const stageName = (d) => (d.stageNow === 'won' ? 'Closed Won' : d.stageNow === 'lost' ? 'Closed Lost' : stages[d.stageNow]);
  const oppId = (d) => `0065g00000Opp${String(d.n).padStart(3, '0')}AAA`;
  const closeDate = (d) => d.closedAt ?? d.expectedClose;

  // Report export ("Details Only"): labels, every value quoted, `10,000` amounts, then the footer.
  // "Opportunity ID" (guess: the label of Id in a report) was added to the report's columns.
  const header = ['Opportunity Owner', 'Account Name', 'Opportunity Name', 'Opportunity ID', 'Stage', 'Amount', 'Close Date', 'Created Date', 'Type', 'Lead Source'];
  const rows = deals.map((d) => [
    managers[d.manager], `Client ${d.n} Corp`, `Deal ${d.n}`, oppId(d), stageName(d), thousands(d.amount), us(closeDate(d)), us(d.createdAt),
    'New Customer', ['Web', 'Partner Referral', 'Trade Show'][d.n % 3],
  ]);
  const report = [
    ...[header, ...rows].map((r) => line(r, { quoteAll: true })),
    '',
    '""',
    line([`Grand Totals (${rows.length} records)`], { quoteAll: true }),
    '',
    line(['Confidential Information - Do Not Distribute'], { quoteAll: true }),
    line(['Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved.'], { quoteAll: true }),
  ];
  write('salesforce', 'report.csv', report.join('\n') + '\n');

  // Data Loader export: API names, UTC timestamps with Z, CloseDate a date.
  const apiHeader = ['Id', 'Name', 'StageName', 'Amount', 'CloseDate', 'IsClosed', 'IsWon', 'OwnerId', 'CreatedDate', 'LastModifiedDate', 'LastActivityDate', 'LeadSource', 'CurrencyIsoCode'];
  const apiRows = deals.map((d) => [
    oppId(d), `Deal ${d.n}`, stageName(d), `${d.amount}.0`, iso(closeDate(d)), d.outcome !== 'open' ? 'true' : 'false',
    d.outcome === 'won' ? 'true' : 'false', ownerIds[d.manager], isoZ(d.createdAt), isoZ(d.modifiedAt), iso(d.modifiedAt),
    ['Web', 'Partner Referral', 'Trade Show'][d.n % 3], 'USD',
  ]);
  write('salesforce', 'Opportunity.csv', [apiHeader, ...apiRows].map((r) => line(r, { quoteAll: true })).join('\n') + '\n');

  // OpportunityHistory: a row per save touching stage, amount, probability or close date. Every
  // second entry is followed by an amount change an hour later: the same stage on the next row.
  const hHeader = ['Id', 'OpportunityId', 'CreatedById', 'CreatedDate', 'StageName', 'Amount', 'ExpectedRevenue', 'CloseDate', 'Probability', 'ForecastCategory', 'SystemModstamp', 'IsDeleted'];
  const hRows = [];
  let k = 0;
  for (const d of deals) {
    let amount = d.amount;
    for (const [stage, at] of historyOf(d, stages, 'Closed Won', 'Closed Lost')) {
      k++;
      const prob = stage === 'Closed Won' ? 100 : stage === 'Closed Lost' ? 0 : 10 + 20 * stages.indexOf(stage);
      const row = (when, amt) => [`008${String(k).padStart(15, '0')}`, oppId(d), ownerIds[d.manager], isoZ(when), stage, `${amt}.0`, `${(amt * prob) / 100}.0`, iso(closeDate(d)), prob, 'Pipeline', isoZ(when), 'false'];
      hRows.push(row(at, amount));
      if (k % 2 === 0 && !stage.startsWith('Closed')) {
        k++;
        amount += 500;
        hRows.push(row(at + 3_600_000, amount));
        hRows[hRows.length - 1][0] = `008${String(k).padStart(15, '0')}`;
      }
    }
  }
  write('salesforce', 'OpportunityHistory.csv', [hHeader, ...hRows].map((r) => line(r, { quoteAll: true })).join('\n') + '\n');
}

// ---------------------------------------------------------------------------------------------
// Zoho CRM

{
  const managers = ['Alice Smith', 'Bob Jones', 'Carol White'];
  const managerIds = ['zcrm_5725767000000401001', 'zcrm_5725767000000401002', 'zcrm_5725767000000401003'];
  const stages = ['Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review'];
  const stageName = (d) => (d.stageNow === 'won' ? 'Closed Won' : d.stageNow === 'lost' ? 'Closed Lost' : stages[d.stageNow]);
  const dealId = (d) => `zcrm_57257670000009${String(d.n).padStart(5, '0')}`;
  const header = [
    'Record Id', 'Deal Owner', 'Deal Owner.id', 'Deal Name', 'Amount', 'Closing Date', 'Stage', 'Pipeline',
    'Account Name', 'Account Name.id', 'Contact Name', 'Contact Name.id', 'Type', 'Lead Source', 'Probability (%)',
    'Reason For Loss', 'Currency', 'Created Time', 'Modified Time', 'Last Activity Time',
  ];
  const rows = deals.map((d) => [
    dealId(d), managers[d.manager], managerIds[d.manager], `Deal ${d.n}`, `${d.amount}.00`, iso(d.closedAt ?? d.expectedClose),
    stageName(d), 'Standard', `Client ${d.n}`, `zcrm_57257670000007${String(d.n).padStart(5, '0')}`, `Contact ${d.n}`,
    `zcrm_57257670000008${String(d.n).padStart(5, '0')}`, 'New Business', ['Web Download', 'Partner', 'Trade Show'][d.n % 3],
    d.outcome === 'won' ? 100 : d.outcome === 'lost' ? 0 : 40, d.outcome === 'lost' ? 'Lost to Competition' : '', 'USD',
    isoSec(d.createdAt), isoSec(d.modifiedAt), isoSec(d.modifiedAt),
  ]);
  write('zoho', 'deals.csv', [header, ...rows].map((r) => line(r)).join('\n') + '\n');

  // The backup's stage history: Record Id is the row's own id; the deal is Deal Name.id.
  const hHeader = ['Record Id', 'Deal Name', 'Deal Name.id', 'Stage', 'Stage Duration (Calendar Days)', 'Probability (%)', 'Moved To', 'Amount', 'Expected Revenue', 'Closing Date', 'Modified By', 'Modified By.id', 'Modified Time'];
  const hRows = [];
  let k = 0;
  for (const d of deals) {
    const h = historyOf(d, stages, 'Closed Won', 'Closed Lost');
    h.forEach(([stage, at], i) => {
      k++;
      const next = h[i + 1];
      const prob = stage === 'Closed Won' ? 100 : stage === 'Closed Lost' ? 0 : 10 + 20 * stages.indexOf(stage);
      hRows.push([
        `zcrm_5725767000001${String(k).padStart(6, '0')}`, `Deal ${d.n}`, dealId(d), stage, next ? Math.round((next[1] - at) / DAY) : '', prob,
        next ? next[0] : '', `${d.amount}.00`, `${(d.amount * prob) / 100}.00`, iso(d.closedAt ?? d.expectedClose), managers[d.manager],
        managerIds[d.manager], isoSec(at),
      ]);
    });
  }
  write('zoho', 'Deals__2025-04-01.csv', [hHeader, ...hRows].map((r) => line(r)).join('\n') + '\n');
}

process.stdout.write(`wrote ${deals.length} deals per CRM under ${ROOT}\n`);
