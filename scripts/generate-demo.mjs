#!/usr/bin/env node
// Writes fixtures/demo/: a realistic, deterministic amoCRM-style export (deals, stage events,
// payments) in Windows-1251 with `;` delimiters, for the demo, the README and end-to-end tests.
// Everything comes from one seeded PRNG and fixed dates, so two runs give byte-identical files:
// no Math.random, no current date, no dependencies. Run with `npm run fixtures`.
//
// Times are Moscow wall-clock. Moscow has had no DST since 2014 (UTC+3 all year), so wall-clock
// arithmetic is exact; we keep them as "wall-clock milliseconds" built with Date.UTC and format
// them with getUTC*, never the host's zone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './lib/mulberry32.mjs';
import { DAY, HOUR, MIN, wall } from './lib/wall-clock.mjs';

const OUT_DIR = fileURLToPath(new URL('../fixtures/demo/', import.meta.url));
const SEED = 20250101;


const FIRST_DAY = wall(2025, 1, 1);
const LAST_DAY = wall(2026, 3, 31); // creation dates run through this day
const CUTOFF = wall(2026, 3, 31, 20, 0, 0); // the moment of the export: nothing happens after it
const MIN_DEALS = 2000;

// ---------------------------------------------------------------------------------------------
// PRNG (mulberry32) and samplers

const rand = mulberry32(SEED);
const uniform = (lo, hi) => lo + (hi - lo) * rand();
const randInt = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const chance = (p) => rand() < p;
function normal() {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
const logNormal = (median, sigma) => median * Math.exp(sigma * normal());
function pick(items) {
  return items[Math.floor(rand() * items.length)];
}
/** `weighted([[value, weight], ...])` */
function weighted(pairs) {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [value, w] of pairs) {
    r -= w;
    if (r < 0) return value;
  }
  return pairs[pairs.length - 1][0];
}
function poisson(lambda) {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k += 1;
    p *= rand();
  }
  return k;
}

// ---------------------------------------------------------------------------------------------
// Windows-1251 encoder: only the characters the demo uses; anything else is a bug in this script.

const CP1251_EXTRA = new Map([
  [0x0401, 0xa8], // Ё
  [0x0451, 0xb8], // ё
  [0x2116, 0xb9], // №
  [0x00ab, 0xab], // «
  [0x00bb, 0xbb], // »
  [0x2014, 0x97], // —
  [0x2013, 0x96], // –
  [0x00a0, 0xa0], // NBSP
]);
function encodeCp1251(text) {
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x80) out[i] = c;
    else if (c >= 0x0410 && c <= 0x044f) out[i] = c - 0x0410 + 0xc0;
    else if (CP1251_EXTRA.has(c)) out[i] = CP1251_EXTRA.get(c);
    else {
      const at = text.slice(Math.max(0, i - 20), i + 20).replace(/\r?\n/g, ' ');
      throw new Error(`cannot encode U+${c.toString(16).padStart(4, '0')} in Windows-1251 near "${at}"`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Formatting

const pad = (n, w = 2) => String(n).padStart(w, '0');
function fmtDateTime(t) {
  const d = new Date(t);
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
function fmtDate(t) {
  const d = new Date(t);
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
}
const dayStart = (t) => t - (((t % DAY) + DAY) % DAY);

const NBSP = '\u00a0';
function groupThousands(digits, sep) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}
/**
 * Money in kopecks (an integer) → amoCRM-like text with a decimal comma.
 * style: 'plain' (154300 / 154300,50), 'space' (154 300,00), 'nbsp' (154 300,00 with NBSP).
 * Integers in plain style have no decimals, like amoCRM's budgets.
 */
function fmtMoney(kop, style) {
  const neg = kop < 0;
  const abs = Math.abs(kop);
  const rub = String(Math.floor(abs / 100));
  const cents = pad(abs % 100);
  const sign = neg ? '-' : '';
  if (style === 'plain') return abs % 100 === 0 ? `${sign}${rub}` : `${sign}${rub},${cents}`;
  if (style === 'plain2') return `${sign}${rub},${cents}`;
  return `${sign}${groupThousands(rub, style === 'nbsp' ? NBSP : ' ')},${cents}`;
}

/** CSV field for a `;` file: quoted only when needed. */
function csvField(value) {
  const s = value ?? '';
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function csvLine(values) {
  return values.map(csvField).join(';');
}

// ---------------------------------------------------------------------------------------------
// The sales organisation

const WON = 'Успешно реализовано';
const LOST = 'Закрыто и не реализовано';

const PIPELINES = {
  Продажи: {
    stages: ['Новая заявка', 'Квалификация', 'Коммерческое предложение', 'Переговоры', 'Договор'],
    // median hours spent in each stage and spread; Переговоры is the bottleneck
    duration: [
      [5, 1.0],
      [40, 0.7],
      [90, 0.6],
      [330, 0.55],
      [80, 0.5],
    ],
    // where lost deals drop out
    dropout: [0.2, 0.25, 0.2, 0.28, 0.07],
    amount: () => (chance(0.02) ? logNormal(1_100_000, 0.45) : logNormal(230_000, 0.5)),
    roundTo: 1000,
  },
  Розница: {
    stages: ['Новая заявка', 'Подбор', 'Счёт выставлен'],
    duration: [
      [3, 1.0],
      [30, 0.7],
      [70, 0.6],
    ],
    dropout: [0.3, 0.4, 0.3],
    amount: () => logNormal(38_000, 0.6),
    roundTo: 10,
  },
};

const LOST_REASONS = {
  Продажи: [
    [['Не отвечает', 5], ['Неактуально', 4], ['Нет бюджета', 1]],
    [['Нет бюджета', 4], ['Не отвечает', 2.5], ['Неактуально', 3.5]],
    [['Дорого', 5], ['Выбрали конкурента', 2.5], ['Нет бюджета', 2.5]],
    [['Выбрали конкурента', 4.5], ['Дорого', 4], ['Неактуально', 1.5]],
    [['Выбрали конкурента', 5], ['Неактуально', 5]],
  ],
  Розница: [
    [['Не отвечает', 6], ['Неактуально', 4]],
    [['Дорого', 4], ['Неактуально', 3], ['Не отвечает', 3]],
    [['Дорого', 4], ['Выбрали конкурента', 3], ['Не отвечает', 3]],
  ],
};

// winRate: chance that a deal ending closed is won; speed multiplies every stage duration;
// weight: share of new leads.
const MANAGERS = [
  { name: 'Иванова А.', pipeline: 'Продажи', winRate: 0.47, speed: 0.8, weight: 1.2 },
  { name: 'Петров С.', pipeline: 'Продажи', winRate: 0.34, speed: 1.0, weight: 1.0 },
  { name: 'Смирнова Е.', pipeline: 'Продажи', winRate: 0.4, speed: 0.9, weight: 1.0 },
  { name: 'Кузнецов Д.', pipeline: 'Продажи', winRate: 0.29, speed: 1.4, weight: 0.9 },
  { name: 'Волкова М.', pipeline: 'Продажи', winRate: 0.31, speed: 1.1, weight: 1.0 },
  { name: 'Соколов И.', pipeline: 'Розница', winRate: 0.47, speed: 0.8, weight: 1.0 },
  { name: 'Морозова Т.', pipeline: 'Розница', winRate: 0.4, speed: 1.2, weight: 1.0 },
];

const SOURCES = [
  ['Сайт', 35, 0],
  ['Звонок', 25, 0.02],
  ['Рекомендация', 15, 0.1],
  ['Выставка', 8, 0.03],
  ['Реклама', 17, -0.06],
];

const COMPANY_NAMES = [
  'Вектор', 'Альфа-Строй', 'Северный ветер', 'ТехноПарк', 'Гранит', 'Меридиан', 'Восход',
  'СибЛес', 'Уралмаш-Сервис', 'Балтика Логистик', 'Промснаб', 'Эталон', 'Континент', 'Радуга',
  'Агроресурс', 'Медтехника', 'Стройинвест', 'ИнфоСистемы', 'Волга-Трейд', 'Кристалл', 'Орион',
  'Лидер', 'Старт', 'Фаворит', 'Горизонт', 'Деловые линии плюс', 'Спектр', 'Нева', 'Атлант',
  'Прогресс', 'Феникс', 'Зенит', 'Олимп', 'Сфера', 'Полюс', 'Ресурс', 'Магистраль',
  'Енисей', 'Ёлки-Палки', 'Цифровые решения', 'ПетроХим', 'АвтоДор', 'Новый век', 'Бриз',
  'Кедр', 'Технология', 'Интегра', 'Мир упаковки', 'СтальКонструкция', 'ЭкоДом',
];
const COMPANY_FORMS = [['ООО', 7], ['АО', 2], ['ИП', 1]];
// A fixed client base; a few names use straight quotes so their cells must be CSV-quoted.
const COMPANIES = COMPANY_NAMES.map((name, i) => {
  const form = weighted(COMPANY_FORMS);
  if (form === 'ИП') return `ИП ${pick(['Соловьёв', 'Григорьев', 'Никитина', 'Фёдоров', 'Белова'])} ${pick(['А.', 'В.', 'Н.', 'О.'])}${pick(['А.', 'В.', 'П.', 'С.'])}`;
  return i % 9 === 4 ? `${form} "${name}"` : `${form} «${name}»`;
});

const SALES_PRODUCTS = [
  'Поставка оборудования', 'Внедрение CRM', 'Сервисный контракт', 'Монтаж вентиляции',
  'Аудит инфраструктуры', 'Лицензии на 12 мес.', 'Модернизация склада', 'Обучение персонала',
  'Поставка комплектующих', 'Проектирование',
];
const RETAIL_PRODUCTS = [
  'Кондиционер', 'Комплект мебели', 'Ноутбук', 'Кофемашина', 'Стеллажи', 'Принтер',
  'Сплит-система', 'Оргтехника',
];

function makeTitle(pipeline, company, id, seq) {
  const short = company.replace(/^(ООО|АО) /, '');
  if (pipeline === 'Розница') {
    return weighted([
      [`Заказ №${seq}`, 5],
      [`${pick(RETAIL_PRODUCTS)} — розница`, 3],
      [`Сделка #${id}`, 2],
    ]);
  }
  return weighted([
    [`${pick(SALES_PRODUCTS)} — ${short}`, 6],
    [`Сделка #${id}`, 2],
    [`${pick(SALES_PRODUCTS)}; монтаж и пусконаладка`, 0.25], // contains the delimiter
    [`Проект "${pick(['Склад-2', 'Офис', 'Филиал', 'Цех №3'])}" для ${short}`, 0.25], // quotes
    [`${pick(SALES_PRODUCTS)} (этап ${randInt(2, 3)})`, 0.6],
  ]);
}

// ---------------------------------------------------------------------------------------------
// Time helpers

/** Moves a time forward into working hours (Mon–Fri, 09:00–20:00) when a person made the move. */
function toWorkingHours(t) {
  let x = t;
  const h = new Date(x).getUTCHours();
  if (h < 9) x = dayStart(x) + 9 * HOUR + randInt(0, 90) * MIN + randInt(0, 59) * 1000;
  else if (h >= 20) x = dayStart(x) + DAY + 9 * HOUR + randInt(0, 90) * MIN + randInt(0, 59) * 1000;
  const dow = new Date(x).getUTCDay();
  if (dow === 6) x += 2 * DAY;
  else if (dow === 0) x += DAY;
  return x;
}
const toSecond = (t) => Math.floor(t / 1000) * 1000;
/** A call or letter around time t, in working hours when that is still before the export. */
function contactAt(t, notBefore) {
  const w = toWorkingHours(toSecond(t));
  return w <= CUTOFF ? w : Math.max(notBefore, toSecond(t));
}

/** Leads per calendar day: weekdays busier, slow New Year holidays, slow growth over the period. */
function leadsOn(day) {
  const d = new Date(day);
  const dow = d.getUTCDay();
  const month = d.getUTCMonth();
  const monthsIn = (d.getUTCFullYear() - 2025) * 12 + month;
  let lambda = dow === 0 || dow === 6 ? 1.6 : 7.4;
  lambda *= 1 + 0.15 * (monthsIn / 14);
  if (month === 0 && d.getUTCDate() <= 8) lambda *= 0.25;
  if (month === 7) lambda *= 0.85; // August
  if (month === 11) lambda *= 1.1; // December rush
  return poisson(lambda);
}

// ---------------------------------------------------------------------------------------------
// Simulation

/** Stage indices visited after the first stage, up to `last`, with occasional skips and re-entries. */
function stagePath(last) {
  const path = [];
  let skipped = false;
  for (let k = 1; k <= last; k += 1) {
    if (k < last && !skipped && chance(0.08)) {
      skipped = true;
      continue;
    }
    path.push(k);
    // back one stage (already visited), then on again: re-entries of both
    if (k >= 2 && path.includes(k - 1) && chance(0.06)) path.push(k - 1, k);
  }
  return path;
}

function stageDuration(pipe, stageIdx, speed, backVisit) {
  const [median, sigma] = pipe.duration[stageIdx];
  let hours = logNormal(median, sigma) * speed * (backVisit ? 0.5 : 1);
  hours = Math.min(hours, median * 6);
  return Math.max(hours, 0.1) * HOUR;
}

function simulateDeal(deal, mgr) {
  const pipe = PIPELINES[deal.pipeline];
  const n = pipe.stages.length;
  const sourceBoost = SOURCES.find(([s]) => s === deal.source)[2];
  const willWin = chance(Math.min(0.95, Math.max(0.05, mgr.winRate + sourceBoost)));
  const last = willWin ? n - 1 : weighted(pipe.dropout.map((w, i) => [i, w]));
  const path = stagePath(last);

  const events = [{ t: deal.createdAt, from: '', to: pipe.stages[0], author: deal.source === 'Сайт' ? 'Робот' : mgr.name }];
  let t = deal.createdAt;
  let cur = 0;
  let prevMax = 0;
  for (const k of path) {
    const back = k < prevMax;
    let next;
    const quick = cur > 0 && chance(0.05);
    if (quick) {
      // a manager clicking through two stages: same second, or a few seconds apart
      next = t + (chance(0.5) ? 0 : randInt(3, 40) * 1000);
    } else {
      next = toWorkingHours(toSecond(t + stageDuration(pipe, cur, mgr.speed, back)));
    }
    events.push({ t: next, from: pipe.stages[cur], to: pipe.stages[k], author: mgr.name });
    t = next;
    cur = k;
    prevMax = Math.max(prevMax, k);
  }
  // the close: at least an hour in the last stage
  const closeAt = toWorkingHours(toSecond(t + Math.max(HOUR, stageDuration(pipe, cur, mgr.speed * (willWin ? 1 : 1.2), false))));
  events.push({ t: closeAt, from: pipe.stages[cur], to: willWin ? WON : LOST, author: mgr.name });
  return { events, willWin };
}

function generate() {
  const deals = [];
  let id = 24_183_007;
  let retailSeq = 1040;
  const salesMgrs = MANAGERS.filter((m) => m.pipeline === 'Продажи').map((m) => [m, m.weight]);
  const retailMgrs = MANAGERS.filter((m) => m.pipeline === 'Розница').map((m) => [m, m.weight]);

  for (let day = FIRST_DAY; day <= LAST_DAY; day += DAY) {
    const count = leadsOn(day);
    const times = [];
    for (let i = 0; i < count; i += 1) {
      // web forms and messengers bring some leads around the clock; the rest come in working hours
      const anyTime = chance(0.15);
      const minute = anyTime ? randInt(0, 24 * 60 - 1) : randInt(9 * 60, 19 * 60 + 30);
      const t = day + minute * MIN + randInt(0, 59) * 1000;
      if (t <= CUTOFF) times.push(t);
    }
    times.sort((a, b) => a - b);
    for (const createdAt of times) {
      id += randInt(1, 37);
      // 65% of leads go to the project sales team, which also takes a few retail deals
      let mgr;
      let pipeline;
      if (chance(0.35)) {
        mgr = weighted(retailMgrs);
        pipeline = 'Розница';
      } else {
        mgr = weighted(salesMgrs);
        pipeline = chance(0.03) ? 'Розница' : 'Продажи';
      }
      const source = weighted(SOURCES.map(([s, w]) => [s, w]));
      const pipe = PIPELINES[pipeline];
      const rawAmount = Math.min(3_000_000, Math.max(5_000, pipe.amount()));
      let amountKop = Math.round(rawAmount / pipe.roundTo) * pipe.roundTo * 100;
      if (chance(0.08)) amountKop += chance(0.5) ? 50 : randInt(1, 99); // a budget with kopecks
      amountKop = Math.min(300_000_000, Math.max(500_000, amountKop));
      const company = pipeline === 'Розница' && chance(0.6) ? '' : pick(COMPANIES);
      const seq = retailSeq++;
      const deal = {
        id: String(id),
        title: makeTitle(pipeline, company || 'клиент', id, seq),
        amountKop,
        marginKop: chance(0.03) ? null : Math.round(amountKop * uniform(0.15, 0.4)),
        manager: mgr.name,
        createdAt,
        pipeline,
        source,
        company,
        budgetStyle: amountKop % 100 !== 0 ? weighted([['plain', 5], ['space', 3], ['nbsp', 2]]) : weighted([['plain', 7], ['space', 1.5], ['nbsp', 1.5]]),
        marginStyle: weighted([['plain2', 6], ['space', 2], ['nbsp', 2]]),
      };
      const sim = simulateDeal(deal, mgr);
      deal.events = sim.events;
      deal.willWin = sim.willWin;
      deals.push(deal);
    }
  }
  return deals;
}

/** Cuts a deal's story: abandoned (stale zombies), parked, or simply not finished by the export. */
function settle(deal) {
  const pipe = PIPELINES[deal.pipeline];
  const n = pipe.stages.length;
  const oldEnough = deal.createdAt < wall(2025, 12, 1);
  let fate = 'normal';
  const lateStages = pipe.stages.slice(n >= 5 ? 3 : 1);
  const reachedLate = deal.events.some((e) => lateStages.includes(e.to));
  if (oldEnough && chance(0.06)) fate = 'abandoned';
  else if (oldEnough && reachedLate && chance(0.045)) fate = 'parked';

  let events = deal.events;
  if (fate === 'abandoned') {
    // the deal stops moving somewhere before the close and nobody closes it
    const cut = randInt(1, Math.max(1, events.length - 2));
    events = events.slice(0, cut);
  } else if (fate === 'parked') {
    // postponed late in the pipeline: keep the moves up to the last working stage
    let cut = events.length - 1; // drop the close
    while (cut > 1 && !lateStages.includes(events[cut - 1].to)) cut -= 1;
    events = events.slice(0, cut);
  }
  const truncated = events.filter((e) => e.t <= CUTOFF);
  if (truncated.length < events.length) fate = fate === 'normal' ? 'unfinished' : fate;
  events = truncated;
  deal.events = events;
  deal.fate = fate;

  const lastEv = events[events.length - 1];
  const closed = lastEv.to === WON || lastEv.to === LOST;
  deal.status = closed ? (lastEv.to === WON ? 'won' : 'lost') : 'open';
  deal.stage = lastEv.to;
  deal.closedAt = closed ? lastEv.t : null;

  // last contact
  if (closed) {
    // the last call or letter: a little before the close, the same working day
    const prev = events[events.length - 2].t;
    const from = Math.max(prev, Math.min(lastEv.t, dayStart(lastEv.t) + 9 * HOUR));
    deal.lastContact = toSecond(lastEv.t - rand() * Math.min(lastEv.t - from, 4 * HOUR));
  } else if (fate === 'abandoned') {
    deal.lastContact = contactAt(lastEv.t + rand() * Math.min(10 * DAY, CUTOFF - lastEv.t), lastEv.t);
  } else if (fate === 'parked') {
    deal.lastContact = contactAt(Math.max(lastEv.t, CUTOFF - randInt(5, 45) * DAY - randInt(0, 8 * 60) * MIN - randInt(0, 59) * 1000), lastEv.t);
  } else {
    deal.lastContact = contactAt(lastEv.t + (0.4 + 0.6 * rand()) * (CUTOFF - lastEv.t), lastEv.t);
  }
  if (chance(0.02)) deal.lastContact = null;

  // planned close date (date only)
  deal.plannedClose = null;
  const cutoffDay = dayStart(CUTOFF);
  if (fate === 'parked') {
    deal.plannedClose = cutoffDay + randInt(10, 180) * DAY;
  } else if (fate === 'abandoned' && chance(0.35)) {
    const d = dayStart(lastEv.t) + randInt(14, 45) * DAY;
    if (d < cutoffDay) deal.plannedClose = d;
  } else if (fate === 'unfinished' && chance(0.4)) {
    deal.plannedClose = Math.max(dayStart(deal.createdAt) + 7 * DAY, dayStart(lastEv.t) + randInt(-10, 40) * DAY);
  } else if (closed && deal.pipeline === 'Продажи' && chance(0.06)) {
    deal.plannedClose = dayStart(deal.closedAt) + randInt(-10, 10) * DAY;
    if (deal.plannedClose < dayStart(deal.createdAt)) deal.plannedClose = dayStart(deal.closedAt);
  }

  // completion gates
  if (deal.status === 'won') {
    const r = rand();
    deal.docs = r < 0.05 ? 'Нет' : 'Да';
    deal.contract = r >= 0.05 && r < 0.1 ? 'Нет' : 'Да';
  } else if (deal.status === 'open') {
    const late = deal.stage === 'Договор' || deal.stage === 'Счёт выставлен';
    deal.docs = late && chance(0.5) ? 'Да' : 'Нет';
    deal.contract = 'Нет';
  } else {
    deal.docs = chance(0.05) ? 'Да' : 'Нет';
    deal.contract = 'Нет';
  }

  // lost reason
  deal.lostReason = '';
  if (deal.status === 'lost' && !chance(0.03)) {
    const fromIdx = pipe.stages.indexOf(lastEv.from);
    deal.lostReason = weighted(LOST_REASONS[deal.pipeline][fromIdx]);
  }
}

/** Payments for won deals: mostly one full payment; some instalments; a few refunds. */
function makePayments(deal) {
  const out = [];
  const closeDay = dayStart(deal.closedAt);
  const total = deal.amountKop;
  const r = rand();
  if (r < 0.22) {
    const parts = chance(0.5) ? 2 : 3;
    let day = closeDay + randInt(0, 10) * DAY;
    let left = total;
    for (let i = 0; i < parts; i += 1) {
      let part;
      if (i === parts - 1) part = left;
      else {
        const share = i === 0 ? uniform(0.3, 0.5) : uniform(0.3, 0.6);
        part = Math.round((total * share) / 10000) * 10000; // whole hundreds of roubles
        part = Math.max(10000, Math.min(part, left - 10000));
      }
      out.push({ day, amountKop: part });
      left -= part;
      day += randInt(25, 45) * DAY;
    }
  } else {
    out.push({ day: closeDay + Math.min(40, Math.floor(logNormal(5, 0.8))) * DAY, amountKop: total });
  }
  if (chance(0.03)) {
    const lastDay = out[out.length - 1].day;
    const refund = Math.max(100000, Math.round((total * uniform(0.1, 0.5)) / 100000) * 100000);
    out.push({ day: lastDay + randInt(30, 70) * DAY, amountKop: -refund });
  }
  // nothing after the export day (a refund always comes after every payment of its deal)
  return out.filter((p) => p.day <= dayStart(CUTOFF)).map((p) => ({ dealId: deal.id, ...p }));
}

// ---------------------------------------------------------------------------------------------
// Output

function main() {
  const deals = generate();
  if (deals.length < MIN_DEALS) throw new Error(`only ${deals.length} deals generated; expected ≥ ${MIN_DEALS}`);
  for (const d of deals) settle(d);

  const payments = [];
  for (const d of deals) if (d.status === 'won') payments.push(...makePayments(d));
  payments.sort((a, b) => a.day - b.day); // stable: same-day rows stay in deal order

  const EOL = '\r\n';
  const dealHeader = [
    'ID', 'Название сделки', 'Бюджет', 'Маржа', 'Ответственный', 'Дата создания сделки',
    'Дата закрытия', 'Этап сделки', 'Воронка', 'Источник', 'Причина отказа', 'Компания',
    'Дата последнего контакта', 'Планируемая дата закрытия', 'Документы загружены', 'Договор подписан',
  ];
  const dealLines = [csvLine(dealHeader)];
  for (const d of deals) {
    dealLines.push(csvLine([
      d.id,
      d.title,
      fmtMoney(d.amountKop, d.budgetStyle),
      d.marginKop === null ? '' : fmtMoney(d.marginKop, d.marginStyle),
      d.manager,
      fmtDateTime(d.createdAt),
      d.closedAt === null ? 'не закрыта' : fmtDateTime(d.closedAt),
      d.stage,
      d.pipeline,
      d.source,
      d.lostReason,
      d.company,
      d.lastContact === null ? '' : fmtDateTime(d.lastContact),
      d.plannedClose === null ? '' : fmtDate(d.plannedClose),
      d.docs,
      d.contract,
    ]));
  }

  // the events list is chronological; equal times keep their generation order (stable sort)
  const events = [];
  for (const d of deals) for (const e of d.events) events.push({ ...e, dealId: d.id });
  events.sort((a, b) => a.t - b.t);
  const eventLines = [csvLine(['Дата', 'Автор', 'ID сделки', 'Событие', 'Значение до', 'Значение после'])];
  for (const e of events) {
    eventLines.push(csvLine([fmtDateTime(e.t), e.author, e.dealId, 'Изменение этапа', e.from, e.to]));
  }

  const paymentLines = [csvLine(['ID сделки', 'Дата оплаты', 'Сумма'])];
  for (const p of payments) {
    paymentLines.push(csvLine([p.dealId, fmtDate(p.day), fmtMoney(p.amountKop, weighted([['plain2', 5], ['space', 3], ['nbsp', 2]]))]));
  }

  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, 'deals.csv'), encodeCp1251(dealLines.join(EOL) + EOL));
  writeFileSync(join(OUT_DIR, 'stages.csv'), encodeCp1251(eventLines.join(EOL) + EOL));
  writeFileSync(join(OUT_DIR, 'payments.csv'), encodeCp1251(paymentLines.join(EOL) + EOL));

  const count = (s) => deals.filter((d) => d.status === s).length;
  const refunds = payments.filter((p) => p.amountKop < 0).length;
  const lines = [
    `fixtures/demo written (seed ${SEED}, Windows-1251, ';', export cut-off ${fmtDateTime(CUTOFF)} Moscow)`,
    `  deals.csv     ${deals.length} deals: ${count('open')} open, ${count('won')} won, ${count('lost')} lost`,
    `  stages.csv    ${events.length} stage events`,
    `  payments.csv  ${payments.length} payments (${refunds} refunds)`,
    `  created       ${fmtDate(deals[0].createdAt)} .. ${fmtDate(deals[deals.length - 1].createdAt)}`,
    `  events        ${fmtDateTime(events[0].t)} .. ${fmtDateTime(events[events.length - 1].t)}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main();
