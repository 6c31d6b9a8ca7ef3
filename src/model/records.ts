// The canonical records every metric works on (SPEC §1). Readers in src/io build them from CRM
// exports; metrics never see CSV text. Amounts are exact decimals (big.js), never JS numbers.
import type Big from 'big.js';
import type { SourceRef } from './diagnostic.js';

export type DealStatus = 'open' | 'won' | 'lost';

/**
 * Custom columns (`fields:` in the config). Fields that a commission plan `require`s are read as
 * booleans (an empty cell is false: a gate not passed); the rest stay text, and empty cells are
 * absent from the map (missing, never "").
 */
export type CustomFields = Record<string, string | boolean>;

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
  fields: CustomFields;
  src: SourceRef;
}

/** One entry of a deal into a stage. From→to and wide history forms are turned into these. */
export interface StageEvent {
  dealId: string;
  stage: string;
  enteredAt: Date;
  /** Pipeline, when the history says (wide HubSpot form, `Воронка / Этап` values). */
  pipeline?: string;
  src: SourceRef;
}

/** One cash movement; a negative amount is a refund. */
export interface Payment {
  dealId: string;
  paidAt: Date;
  amount: Big;
  src: SourceRef;
}
