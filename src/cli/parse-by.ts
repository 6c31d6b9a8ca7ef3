// Validates `--by a,b`: built-in grouping fields or custom fields mapped in the config.
import { didYouMean } from '../config/suggest.js';
import { UsageError } from '../model/errors.js';
import { BUILTIN_GROUP_FIELDS } from '../metrics/grouping.js';

export function parseBy(by: string | undefined, customFields: readonly string[], allowed: readonly string[] = [...BUILTIN_GROUP_FIELDS, ...customFields]): string[] {
  if (by === undefined || by.trim() === '') return [];
  const fields = by.split(',').map((f) => f.trim()).filter((f) => f !== '');
  for (const f of fields) {
    if (!allowed.includes(f)) {
      throw new UsageError(`--by ${f}: not a field to group by${didYouMean(f, allowed)}; use one of ${allowed.join(', ')}`);
    }
  }
  if (new Set(fields).size !== fields.length) throw new UsageError(`--by ${by}: a field is named twice`);
  return fields;
}
