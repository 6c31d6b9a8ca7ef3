// Guessing how an export writes dates and decimals from sample cells (for `dealpulse init`). Pure.
// A guess is only a starting point written into the config with a comment; the reader itself never
// guesses per row.
import { parseDateTime } from './values/date.js';

/** Formats tried, most specific first; a format with a time part also reads bare dates. */
export const DATE_FORMAT_CANDIDATES: readonly string[] = [
  'dd.MM.yyyy HH:mm:ss',
  'dd.MM.yyyy HH:mm',
  'M/d/yyyy H:mm:ss',
  'M/d/yyyy H:mm',
  'M/d/yyyy h:mm a',
  'd/M/yyyy H:mm:ss',
  'd/M/yyyy H:mm',
  'yyyy/MM/dd HH:mm:ss',
  'dd-MM-yyyy HH:mm:ss',
  'dd.MM.yyyy',
  'M/d/yyyy',
  'd/M/yyyy',
  // Month names (English, as CRM reports and analytics tools write them): read by date-fns.
  'd MMM, yyyy HH:mm:ss',
  'd MMM, yyyy HH:mm',
  'd MMM yyyy HH:mm:ss',
  'd MMM yyyy HH:mm',
  'MMM d, yyyy h:mm a',
  'MMM d, yyyy HH:mm:ss',
  'd-MMM-yyyy HH:mm:ss',
  'd MMM, yyyy',
  'd MMM yyyy',
  'MMM d, yyyy',
  'd-MMM-yyyy',
];

export interface DateFormatGuess {
  /** undefined: ISO 8601 reads every sample, no format is needed. */
  format?: string;
  /** Samples the chosen format reads, of `total`. */
  read: number;
  total: number;
  /** Why a human should check the guess (day/month order, unreadable samples). */
  doubt?: string;
}

/**
 * The format that reads every sample: ISO when it does, else the preset's format, else the first
 * candidate. When none reads them all, the one that reads most (with a doubt saying how many fail).
 */
export function detectDateFormat(samples: readonly string[], presetFormat?: string): DateFormatGuess {
  const total = samples.length;
  const reads = (format: string | undefined) =>
    samples.filter((s) => parseDateTime(s, format === undefined ? { timezone: 'UTC' } : { timezone: 'UTC', format }).ok).length;
  if (total === 0) return presetFormat === undefined ? { read: 0, total } : { format: presetFormat, read: 0, total };
  const options: Array<string | undefined> = [undefined, ...(presetFormat ? [presetFormat] : []), ...DATE_FORMAT_CANDIDATES];
  let best: DateFormatGuess = { read: -1, total };
  for (const format of options) {
    const n = reads(format);
    if (n > best.read) best = format === undefined ? { read: n, total } : { format, read: n, total };
    if (n === total) break;
  }
  if (best.read < total) {
    best.doubt = `${total - best.read} of ${total} sample dates do not read as ${best.format ?? 'ISO 8601'}; check date_format`;
  } else if (best.format !== undefined && /^M\/d/.test(best.format) && !samples.some((s) => /^\d{1,2}\/(1[3-9]|2\d|3[01])\//.test(s.trim()))) {
    // Every sample has day and month ≤ 12 in the first place too: it could be day-first.
    best.doubt = `month first (${best.format}) assumed, as a US Excel writes; if the dates are day-first use ${best.format.replace('M/d', 'd/M')}`;
  }
  return best;
}

/**
 * The decimal separator the samples show: `.` when some amount groups thousands with a comma
 * (`10,000`, `1,250.50`) and none has a decimal comma (`1250,50`, `1.250,50`); `,` for the reverse;
 * undefined when the samples do not tell (plain integers).
 */
export function detectDecimal(samples: readonly string[]): '.' | ',' | undefined {
  let commaThousands = false;
  let commaDecimal = false;
  for (const raw of samples) {
    const s = raw.trim().replace(/[^\d.,-]/g, '');
    if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) commaThousands = true;
    if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s) && s.includes(',')) commaDecimal = true;
    else if (/^-?\d+,\d{1,2}$/.test(s) || /^-?\d+,\d{4,}$/.test(s)) commaDecimal = true;
  }
  if (commaThousands && !commaDecimal) return '.';
  if (commaDecimal && !commaThousands) return ',';
  return undefined;
}
