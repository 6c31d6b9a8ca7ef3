// How a deal's status (open / won / lost) follows from its row, for every CRM alike: a status
// column when there is one (Pipedrive's `Deal - Status`, the generic `status`), else the preset's
// flag columns (HubSpot `Is Closed Won`, Salesforce `IsWon`/`IsClosed`, Bitrix24 `Сделка закрыта` +
// `Группа стадий` or `STAGE_SEMANTIC_ID`), else the stage name via the won/lost lists. Pure: the
// reader and `init` both use it, so `init` classifies stages exactly as the reader will.
import type { DealStatus } from '../model/records.js';
import { parseBoolean } from './values/boolean.js';
import type { FilePreset, StatusHint } from './presets/preset.js';

export interface StatusCells {
  /** The status column's cell, when the file has a status column. */
  status?: string;
  stage?: string;
  /** A flag column's cell by its `columns` key; undefined when empty or not in the file. */
  flag(field: string): string | undefined;
}

export interface StatusVerdict {
  status: DealStatus;
  /** Why the verdict is doubtful (the row is kept with this warning). */
  warning?: string;
  /** What decided: the status column, a flag column, the stage name, or nothing (open). */
  by: 'status' | 'flags' | 'stage' | 'default';
}

/**
 * What CRMs write for won, lost and open in a status column or a final stage's name, whatever the
 * preset (data, not code paths): `Won`, `Closed Won`, `closedwon`, Bitrix24's `WON` / `C6:WON`,
 * `Lost`, `Dead`, `Closed-Lost to Competition`… Compared lower-cased, with `-`, `_` and runs of
 * spaces read as one space, and a Bitrix24 funnel prefix (`C6:`) dropped. The config's and the
 * preset's own words come first; these only decide what they leave unsaid.
 */
const STATUS_WORDS: ReadonlyArray<readonly [DealStatus, readonly string[]]> = [
  ['won', ['won', 'win', 'closed won', 'closedwon', 'deal won', 'success', 'successful', 'succeeded', 'выиграна', 'выиграно', 'успешно', 'успешно реализовано', 'успех']],
  [
    'lost',
    ['lost', 'lose', 'closed lost', 'closedlost', 'deal lost', 'dead', 'failed', 'failure', 'cancelled', 'canceled', 'rejected', 'declined', 'abandoned', 'closed lost to competition', 'lost to competition', 'проиграна', 'проиграно', 'отказ', 'закрыто и не реализовано', 'не реализовано'],
  ],
  ['open', ['open', 'in progress', 'active', 'on hold', 'pending', 'new', 'в работе', 'открыта']],
];
const STATUS_OF_WORD = new Map<string, DealStatus>(STATUS_WORDS.flatMap(([status, words]) => words.map((w) => [w, status] as const)));

const norm = (s: string) => s.trim().toLowerCase();

/** A status or stage cell as `STATUS_WORDS` compares it. */
const statusWordOf = (s: string) => norm(s).replace(/^c\d+:/, '').replace(/[-_\s]+/g, ' ').trim();

/** The status a CRM's usual word for it says, or undefined. */
export function statusOfWord(text: string): DealStatus | undefined {
  return STATUS_OF_WORD.get(statusWordOf(text));
}

const WON_BY_STAGE: StatusVerdict = Object.freeze({ status: 'won', by: 'stage' });
const LOST_BY_STAGE: StatusVerdict = Object.freeze({ status: 'lost', by: 'stage' });
const OPEN_BY_DEFAULT: StatusVerdict = Object.freeze({ status: 'open', by: 'default' });

export interface StatusReader {
  (cells: StatusCells, hasStatusColumn: boolean): StatusVerdict;
  /** The won / lost words in effect (lower-cased). */
  readonly wonWords: ReadonlySet<string>;
  readonly lostWords: ReadonlySet<string>;
}

/**
 * `won` / `lost`: the config's status words and the pipelines' won/lost stages; the preset's own
 * words are added here.
 */
export function makeStatusReader(preset: FilePreset, words: { won: readonly string[]; lost: readonly string[] }): StatusReader {
  const wonWords = new Set([...words.won, ...(preset.won ?? [])].map(norm));
  const lostWords = new Set([...words.lost, ...(preset.lost ?? [])].map(norm));
  const flags = preset.statusFlags ?? [];

  const hintOf = (flagIndex: number, text: string): StatusHint | undefined => {
    const flag = flags[flagIndex]!;
    const v = norm(text);
    const listed = flag.values?.[v] ?? Object.entries(flag.values ?? {}).find(([k]) => norm(k) === v)?.[1];
    if (listed !== undefined) return listed;
    const b = parseBoolean(text);
    if (!b.ok) return undefined;
    return b.value ? flag.yes : flag.no;
  };

  // A stage name says the same on every row: looked up once per distinct name (a bounded cache, so
  // that a file with a new name on every row does not grow it without end).
  const stageCache = new Map<string, DealStatus | null>();
  const statusOfStage = (stage: string): DealStatus | undefined => {
    let known = stageCache.get(stage);
    if (known === undefined) {
      const v = norm(stage);
      // A stage the words leave unsaid is won or lost when its name is a CRM's usual word for a
      // close (`Closed Won`, `C2:LOSE`, `Dead`); an open word (`New`) decides nothing.
      const usual = statusOfWord(stage);
      known = wonWords.has(v) ? 'won' : lostWords.has(v) ? 'lost' : usual === 'won' || usual === 'lost' ? usual : null;
      if (stageCache.size < 10_000) stageCache.set(stage, known);
    }
    return known ?? undefined;
  };

  const reader = ((cells: StatusCells, hasStatusColumn: boolean): StatusVerdict => {
    if (hasStatusColumn) {
      const value = cells.status;
      if (value === undefined) return { status: 'open', by: 'status' };
      const v = norm(value);
      if (wonWords.has(v)) return { status: 'won', by: 'status' };
      if (lostWords.has(v)) return { status: 'lost', by: 'status' };
      const usual = statusOfWord(value);
      if (usual) return { status: usual, by: 'status' };
      return {
        status: 'open',
        by: 'status',
        warning: `status "${value}" is neither a won nor a lost value (config status: won/lost); read as open`,
      };
    }
    if (flags.length === 0) {
      // No flag columns (most exports): the stage name alone decides. Shared verdicts: no object per row.
      const byStage = cells.stage === undefined ? undefined : statusOfStage(cells.stage);
      return byStage === undefined ? OPEN_BY_DEFAULT : byStage === 'won' ? WON_BY_STAGE : LOST_BY_STAGE;
    }
    const hints = new Set<StatusHint>();
    const said: string[] = [];
    flags.forEach((flag, i) => {
      const text = cells.flag(flag.field);
      if (text === undefined) return;
      const hint = hintOf(i, text);
      if (hint !== undefined) {
        hints.add(hint);
        said.push(`${flag.field} = "${text}"`);
      }
    });
    const stage = cells.stage;
    const byStage = stage === undefined ? undefined : statusOfStage(stage);

    // The CRM's own flags are its truth; the stage name decides only what they leave open.
    if (hints.has('won')) return { status: 'won', by: 'flags' };
    if (hints.has('lost')) return { status: 'lost', by: 'flags' };
    if (hints.has('closed')) {
      if (byStage !== undefined) return { status: byStage, by: 'stage' };
      if (hints.has('not-won')) return { status: 'lost', by: 'flags' };
      return {
        status: 'lost',
        by: 'flags',
        warning: `the deal is closed (${said.join(', ')}) but neither a flag nor the stage${stage !== undefined ? ` "${stage}"` : ''} says won or lost: read as lost; add its stage to status.won in the config if it is a won stage`,
      };
    }
    if (hints.has('open')) return { status: 'open', by: 'flags' };
    if (byStage !== undefined) return { status: byStage, by: 'stage' };
    return { status: 'open', by: 'default' };
  }) as StatusReader;
  Object.assign(reader, { wonWords, lostWords });
  return reader;
}
