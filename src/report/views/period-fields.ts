// The three fields every per-period row carries (SPEC §3): `period` (the label), `period_start`
// and `period_end` (ISO dates, end inclusive). One definition, so every report names them alike.
import type { Period } from '../../model/period.js';
import type { Column, Row } from '../report.js';

export const PERIOD_COLUMNS: readonly Column[] = [
  { key: 'period', kind: 'text' },
  { key: 'period_start', kind: 'date', title: 'from' },
  { key: 'period_end', kind: 'date', title: 'to' },
];

export function periodCells(p: Period): Row {
  return { period: p.label, period_start: p.startDate, period_end: p.endDate };
}
