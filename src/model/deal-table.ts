// The deals of a read as columns. A `Deal` object with its `Date`s, exact amounts and source object
// costs about a kilobyte; a million of them outgrow a laptop's heap and spend much of a run in the
// garbage collector, which walks every one of them again and again. Here each field is a column —
// times as epoch ms in typed arrays, amounts as whole hundredths (exact: an amount that is not a
// whole number of hundredths keeps its Big), repeated labels as indexes into one list of texts —
// and a deal is read through a small `DealRow`, which is a `Deal` to every metric: the records a
// reader returns are rows of its table, and no metric knows the difference.
import { DealIdsBuilder } from './deal-id.js';
import { Big, bigOfHundredths, hundredthsOf } from './money.js';
import { NO_FIELDS, plainDeal, type CustomFields, type Deal, type DealStatus } from './records.js';
import type { SourceRef } from './diagnostic.js';
import { TextTable } from './event-table.js';
import { widened } from './typed-arrays.js';

const STATUSES: readonly DealStatus[] = ['open', 'won', 'lost'];
const STATUS_CODE: Readonly<Record<DealStatus, number>> = { open: 0, won: 1, lost: 2 };
/** No text: an index column's empty cell. */
const NONE = -1;

/** Exact amounts: hundredths in a column, NaN for "see `bigs`" (or none, when `bigs` has none either). */
class AmountColumn {
  hundredths: Float64Array;
  readonly bigs = new Map<number, Big>();

  constructor(size: number) {
    this.hundredths = new Float64Array(size);
  }

  set(i: number, value: Big | undefined): void {
    const h = value === undefined ? NaN : hundredthsOf(value);
    this.hundredths[i] = h;
    if (value !== undefined && Number.isNaN(h)) this.bigs.set(i, value);
  }

  get(i: number): Big | undefined {
    const h = this.hundredths[i]!;
    return Number.isNaN(h) ? this.bigs.get(i) : bigOfHundredths(h);
  }

  grow(size: number): void {
    this.hundredths = widened(this.hundredths, size);
  }
}

/** A column of texts that repeat (managers, stages…): an index per deal into one list of texts. */
class LabelColumn {
  codes: Int32Array;

  constructor(
    size: number,
    private readonly labels: TextTable,
  ) {
    this.codes = new Int32Array(size);
  }

  set(i: number, text: string | undefined): void {
    this.codes[i] = text === undefined ? NONE : this.labels.indexOf(text);
  }

  get(i: number): string | undefined {
    const c = this.codes[i]!;
    return c === NONE ? undefined : this.labels.texts[c];
  }

  grow(size: number): void {
    this.codes = widened(this.codes, size);
  }
}

/** A column of times: epoch ms, NaN for none. */
function timeOf(column: Float64Array, i: number): Date | undefined {
  const t = column[i]!;
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** The columns; a `DealRow` reads them. Written only by `add` (read-only to everyone else). */
export class DealTable {
  count = 0;
  private size: number;
  /** The distinct texts of the label columns, each once. */
  private readonly labels = new TextTable();
  /** Plain integer ids as their numbers (no string each), others as text (`DealIdsBuilder`). */
  readonly ids = new DealIdsBuilder();
  /** Texts that seldom repeat (titles, clients): as they are, undefined for none. */
  readonly titles: (string | undefined)[] = [];
  readonly clients: (string | undefined)[] = [];
  readonly fieldMaps: CustomFields[] = [];
  readonly files: string[] = [];
  fileOf: Int32Array;
  lines: Int32Array;
  status: Uint8Array;
  created: Float64Array;
  closed: Float64Array;
  lastActivity: Float64Array;
  stageChanged: Float64Array;
  readonly manager: LabelColumn;
  readonly pipeline: LabelColumn;
  readonly stage: LabelColumn;
  readonly source: LabelColumn;
  readonly lostReason: LabelColumn;
  readonly currency: LabelColumn;
  readonly foreignCurrency: LabelColumn;
  /** `yyyy-MM-dd` dates repeat like labels (a few hundred days). */
  readonly expected: LabelColumn;
  readonly amount: AmountColumn;
  readonly margin: AmountColumn;

  constructor(size = 1024) {
    this.size = size;
    this.fileOf = new Int32Array(size);
    this.lines = new Int32Array(size);
    this.status = new Uint8Array(size);
    this.created = new Float64Array(size);
    this.closed = new Float64Array(size);
    this.lastActivity = new Float64Array(size);
    this.stageChanged = new Float64Array(size);
    this.manager = new LabelColumn(size, this.labels);
    this.pipeline = new LabelColumn(size, this.labels);
    this.stage = new LabelColumn(size, this.labels);
    this.source = new LabelColumn(size, this.labels);
    this.lostReason = new LabelColumn(size, this.labels);
    this.currency = new LabelColumn(size, this.labels);
    this.foreignCurrency = new LabelColumn(size, this.labels);
    this.expected = new LabelColumn(size, this.labels);
    this.amount = new AmountColumn(size);
    this.margin = new AmountColumn(size);
  }

  /** Keeps `deal`'s fields (the object itself is not kept) and gives the row that reads them. */
  add(deal: Deal): DealRow {
    if (this.count === this.size) this.grow();
    const i = this.count++;
    this.ids.push(deal.id);
    this.titles.push(deal.title);
    this.clients.push(deal.client);
    this.fieldMaps.push(deal.fields);
    const src = deal.src;
    let file = this.files.length - 1;
    if (file === -1 || this.files[file] !== src.file) {
      file = this.files.indexOf(src.file);
      if (file === -1) file = this.files.push(src.file) - 1;
    }
    this.fileOf[i] = file;
    this.lines[i] = src.line;
    this.status[i] = STATUS_CODE[deal.status];
    this.created[i] = deal.createdAt.getTime();
    this.closed[i] = deal.closedAt === undefined ? NaN : deal.closedAt.getTime();
    this.lastActivity[i] = deal.lastActivityAt === undefined ? NaN : deal.lastActivityAt.getTime();
    this.stageChanged[i] = deal.stageChangedAt === undefined ? NaN : deal.stageChangedAt.getTime();
    this.manager.set(i, deal.manager);
    this.pipeline.set(i, deal.pipeline);
    this.stage.set(i, deal.stage);
    this.source.set(i, deal.source);
    this.lostReason.set(i, deal.lostReason);
    this.currency.set(i, deal.currency);
    this.foreignCurrency.set(i, deal.foreignCurrency);
    this.expected.set(i, deal.expectedCloseAt);
    this.amount.set(i, deal.amount);
    this.margin.set(i, deal.margin);
    return new DealRow(this, i);
  }

  private grow(): void {
    const size = this.size * 2;
    this.size = size;
    this.fileOf = widened(this.fileOf, size);
    this.lines = widened(this.lines, size);
    this.status = widened(this.status, size);
    this.created = widened(this.created, size);
    this.closed = widened(this.closed, size);
    this.lastActivity = widened(this.lastActivity, size);
    this.stageChanged = widened(this.stageChanged, size);
    for (const c of [this.manager, this.pipeline, this.stage, this.source, this.lostReason, this.currency, this.foreignCurrency, this.expected, this.amount, this.margin]) c.grow(size);
  }
}

/**
 * One deal of a `DealTable`, read field by field from its columns: a `Deal` like any other (times
 * come as new `Date`s, amounts as `Big`s made once and kept while the row is). A row is read-only;
 * to change a deal, copy it first (`plainDeal`). Its fields are getters, so `{ ...row }` copies
 * nothing: use `plainDeal`.
 */
export class DealRow implements Deal {
  private amountMade: Big | undefined | null = null;

  constructor(
    private readonly table: DealTable,
    private readonly index: number,
  ) {}

  get id(): string {
    return this.table.ids.at(this.index);
  }
  get title(): string | undefined {
    return this.table.titles[this.index];
  }
  get manager(): string {
    return this.table.manager.get(this.index)!;
  }
  get pipeline(): string {
    return this.table.pipeline.get(this.index)!;
  }
  get stage(): string | undefined {
    return this.table.stage.get(this.index);
  }
  get status(): DealStatus {
    return STATUSES[this.table.status[this.index]!]!;
  }
  get amount(): Big | undefined {
    // Sorts and sums read a deal's amount many times: made once.
    if (this.amountMade === null) this.amountMade = this.table.amount.get(this.index);
    return this.amountMade;
  }
  get margin(): Big | undefined {
    return this.table.margin.get(this.index);
  }
  get createdAt(): Date {
    return new Date(this.table.created[this.index]!);
  }
  get closedAt(): Date | undefined {
    return timeOf(this.table.closed, this.index);
  }
  get expectedCloseAt(): string | undefined {
    return this.table.expected.get(this.index);
  }
  get lastActivityAt(): Date | undefined {
    return timeOf(this.table.lastActivity, this.index);
  }
  get stageChangedAt(): Date | undefined {
    return timeOf(this.table.stageChanged, this.index);
  }
  get source(): string | undefined {
    return this.table.source.get(this.index);
  }
  get lostReason(): string | undefined {
    return this.table.lostReason.get(this.index);
  }
  get client(): string | undefined {
    return this.table.clients[this.index];
  }
  get currency(): string | undefined {
    return this.table.currency.get(this.index);
  }
  get foreignCurrency(): string | undefined {
    return this.table.foreignCurrency.get(this.index);
  }
  get fields(): CustomFields {
    return this.table.fieldMaps[this.index] ?? NO_FIELDS;
  }
  get src(): SourceRef {
    return { file: this.table.files[this.table.fileOf[this.index]!]!, line: this.table.lines[this.index]! };
  }

  /** As JSON, the deal's fields (not its table). */
  toJSON(): Deal {
    return plainDeal(this);
  }
}
