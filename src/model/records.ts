// The canonical records every metric works on (SPEC §1). Readers in src/io build them from CRM
// exports; metrics never see CSV text. Amounts are exact decimals (big.js), never JS numbers.
import type Big from 'big.js';
import type { SourceRef } from './diagnostic.js';
import { DAY_MS, instantToWall } from './zone.js';

export type DealStatus = 'open' | 'won' | 'lost';

/**
 * Custom columns (`fields:` in the config). Fields that a commission plan `require`s are read as
 * booleans (an empty cell is false: a gate not passed); the rest stay text, and empty cells are
 * absent from the map (missing, never "").
 */
export type CustomFields = Record<string, string | boolean>;

/** The custom fields of every deal when the config maps none: shared, never written to. */
export const NO_FIELDS: Readonly<CustomFields> = Object.freeze({});

export interface Deal {
  id: string;
  title?: string;
  manager: string;
  /** `default` when the export has no pipeline column. */
  pipeline: string;
  stage?: string;
  status: DealStatus;
  /** Absent when the cell was empty: missing is never zero. */
  amount?: Big;
  margin?: Big;
  createdAt: Date;
  /** Absent for open deals, and for closed deals whose export had no close date (warned). */
  closedAt?: Date;
  /** A calendar date in the config's zone, `yyyy-MM-dd`. */
  expectedCloseAt?: string;
  lastActivityAt?: Date;
  /** When the deal entered its current stage, if the export has such a column. */
  stageChangedAt?: Date;
  source?: string;
  lostReason?: string;
  client?: string;
  /** Text of the amount's currency column, when the export has one. */
  currency?: string;
  /**
   * The ISO code of another currency than the config's that the deal's amount is in (its sign or
   * code, or the currency column): the deal counts, its amount is left out of every sum (`amount`
   * is absent), and payroll refuses it.
   */
  foreignCurrency?: string;
  fields: CustomFields;
  src: SourceRef;
  /**
   * Set by the --as-of view on a deal it opened: the export says it is won or lost, with a close
   * date after --as-of. Open as it stood then — yet closed in the CRM, whose close dates of closed
   * deals are sometimes the planned ones (Salesforce), so no list of dead open deals shows it.
   */
  closedLater?: 'won' | 'lost';
}

/** The optional fields of a deal, copied by `plainDeal` when present. */
const OPTIONAL_FIELDS = ['title', 'stage', 'amount', 'margin', 'closedAt', 'expectedCloseAt', 'lastActivityAt', 'stageChangedAt', 'source', 'lostReason', 'client', 'currency', 'foreignCurrency', 'closedLater'] as const;

/**
 * A deal as a plain object of its own, to change: a reader's deals are rows of a table
 * (model/deal-table.ts), read-only and read through getters, which `{ ...deal }` does not copy.
 */
export function plainDeal(deal: Deal): Deal {
  const copy: Deal = { id: deal.id, manager: deal.manager, pipeline: deal.pipeline, status: deal.status, createdAt: deal.createdAt, fields: deal.fields, src: deal.src };
  for (const field of OPTIONAL_FIELDS) {
    const value = deal[field];
    if (value !== undefined) (copy as unknown as Record<string, unknown>)[field] = value;
  }
  return copy;
}

/**
 * A deal as a counting command sees it (conversion): its creation and close as epoch ms, and its
 * amount made only when a count asks for it. A counting read hands a million plain lines over as
 * one object reused line after line, without a `Deal`, its two `Date`s and its exact amount each:
 * a sink reads it while it is handed over, may change it then (the --as-of view opens a deal that
 * closed later) and keeps nothing of it. `countedDeal` makes one of a `Deal`.
 */
export interface CountedDeal extends Pick<Deal, 'manager' | 'pipeline' | 'stage' | 'source' | 'lostReason' | 'client' | 'fields'> {
  status: DealStatus;
  createdMs: number;
  /** NaN: no close date. */
  closedMs: number;
  /** `Deal.amount`. */
  readonly amount: Big | undefined;
  /**
   * The amount as a whole number of hundredths when the reader has it so (a plain amount cell, a
   * safe integer), for an exact sum without a Big (`AmountSum`); NaN otherwise: read `amount`.
   */
  readonly amountHundredths: number;
}

/** The counted view of a deal (a fresh object: the sink may change it). */
export function countedDeal(deal: Deal): CountedDeal {
  return {
    manager: deal.manager,
    pipeline: deal.pipeline,
    stage: deal.stage,
    source: deal.source,
    lostReason: deal.lostReason,
    client: deal.client,
    fields: deal.fields,
    status: deal.status,
    createdMs: deal.createdAt.getTime(),
    closedMs: deal.closedAt === undefined ? NaN : deal.closedAt.getTime(),
    amount: deal.amount,
    amountHundredths: NaN,
  };
}

/** One entry of a deal into a stage. From→to and wide history forms are turned into these. */
export interface StageEvent {
  dealId: string;
  stage: string;
  /**
   * When the deal entered the stage, in epoch milliseconds: a history holds millions of events, and a
   * `Date` object each would be a fifth of their memory.
   */
  enteredMs: number;
  /** Pipeline, when the history says (wide HubSpot form, `Воронка / Этап` values). */
  pipeline?: string;
  src: SourceRef;
}

/**
 * A stage event as the readers make it. A history holds millions of events, so the source line is
 * kept as two plain fields and `src` is made when asked for (only for messages): one object fewer per
 * event. Construct through `stageEvent` so that every event has the same shape.
 */
class ReadStageEvent implements StageEvent {
  declare pipeline?: string;

  constructor(
    readonly dealId: string,
    readonly stage: string,
    readonly enteredMs: number,
    private readonly file: string,
    private readonly line: number,
  ) {}

  get src(): SourceRef {
    return { file: this.file, line: this.line };
  }
}

export function stageEvent(dealId: string, stage: string, enteredMs: number, file: string, line: number, pipeline?: string): StageEvent {
  const event = new ReadStageEvent(dealId, stage, enteredMs, file, line);
  if (pipeline !== undefined) event.pipeline = pipeline;
  return event;
}

/** One cash movement; a negative amount is a refund. */
export interface Payment {
  dealId: string;
  paidAt: Date;
  amount: Big;
  src: SourceRef;
}

/**
 * Whether a deal closed before it was created, compared at the coarser of the two times'
 * precisions: a close date written without a time (Bitrix24's `CLOSEDATE`, Salesforce's
 * `CloseDate`: local midnight) is not before a creation on the same day, nor a close time without
 * seconds (amoCRM) before a creation in the same minute. The precision is read off the instant: a
 * close at local midnight is taken as a date, one at a whole minute as a minute.
 */
export function closedBeforeCreated(createdMs: number, closedMs: number, timezone: string): boolean {
  if (!(closedMs < createdMs)) return false;
  const closed = instantToWall(closedMs, timezone);
  const created = instantToWall(createdMs, timezone);
  const unit = closed % DAY_MS === 0 ? DAY_MS : closed % 60_000 === 0 ? 60_000 : 1;
  return Math.floor(closed / unit) < Math.floor(created / unit);
}
