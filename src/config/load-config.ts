// Finds, parses and validates kpi.yaml. Every problem becomes one ConfigError whose lines read
// `kpi.yaml:LINE:COL: path.to.key: what was expected`, so the user can jump straight to the spot.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { LineCounter, parseDocument, isMap, isScalar, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../model/errors.js';
import { configSchema, type RawConfig } from './schema.js';
import { didYouMean } from './suggest.js';
import { displayPath } from '../model/display-path.js';

export interface Config extends RawConfig {
  /** Absolute path of the config file; data paths are resolved against its folder. */
  configPath: string;
  /** SHA-256 of the config text, for the audit fingerprint of payroll runs. */
  sha256: string;
}

const DEFAULT_NAMES = ['kpi.yaml', 'dealpulse.yaml'];

/** `--config PATH`, else ./kpi.yaml, else ./dealpulse.yaml (SPEC §2). */
export function findConfig(explicit: string | undefined, cwd: string): string {
  if (explicit !== undefined) {
    const p = path.resolve(cwd, explicit);
    if (!existsSync(p)) throw new ConfigError(`${explicit}: config file not found`);
    return p;
  }
  for (const name of DEFAULT_NAMES) {
    const p = path.resolve(cwd, name);
    if (existsSync(p)) return p;
  }
  throw new ConfigError(
    `no config: looked for ${DEFAULT_NAMES.join(' and ')} in ${cwd}. Pass --config PATH, or write one with \`dealpulse init deals.csv\` (see kpi.example.yaml).`,
  );
}

export async function loadConfig(explicit: string | undefined, cwd = process.cwd()): Promise<Config> {
  const configPath = findConfig(explicit, cwd);
  const display = displayPath(cwd, configPath);
  const source = await readFile(configPath, 'utf8');
  const raw = parseConfigText(source, display);
  return { ...raw, configPath, sha256: createHash('sha256').update(source).digest('hex') };
}

/** Parse and validate config text; `display` is the file name used in messages. */
export function parseConfigText(source: string, display: string): RawConfig {
  const lineCounter = new LineCounter();
  const where = (offset: number | undefined) => {
    if (offset === undefined) return display;
    const { line, col } = lineCounter.linePos(offset);
    return `${display}:${line}:${col}`;
  };

  // YAML 1.1 reads `NO` as false and `010` as 8; a payroll config must not change meaning silently.
  const directive = /^%YAML\s+(\S+)/m.exec(source);
  if (directive && directive[1] !== '1.2') {
    const line = source.slice(0, directive.index).split('\n').length;
    throw new ConfigError(`${display}:${line}:1: a %YAML ${directive[1]} directive is not supported; remove it (dealpulse reads YAML 1.2)`);
  }

  let doc: Document.Parsed;
  let value: unknown;
  try {
    doc = parseDocument(source, { lineCounter, uniqueKeys: true, schema: 'core', prettyErrors: false });
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) {
      throw new ConfigError(
        problems
          .map((e) => `${where(e.pos[0])}: ${e.code === 'DUPLICATE_KEY' ? 'duplicate key: ' : ''}${firstLine(e.message)}`)
          .join('\n'),
      );
    }
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    // Alias bombs throw ReferenceError, absurd nesting RangeError: both are the file's fault.
    const reason = err instanceof RangeError ? 'the file is nested too deeply' : err instanceof Error ? firstLine(err.message) : String(err);
    throw new ConfigError(`${display}: cannot read the YAML: ${reason}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${display}: expected a YAML mapping of settings (timezone:, data:, pipelines: …), see kpi.example.yaml`);
  }

  const parsed = configSchema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((issue) => describeIssue(issue, doc, where)).join('\n'));
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, doc: Document.Parsed, where: (offset: number | undefined) => string): string {
  const keyPath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const parent = doc.getIn(keyPath, true) as Node | undefined;
    const known = knownKeys(keyPath);
    return issue.keys
      .map((key) => {
        const location = keyLocation(parent, key);
        const full = formatPath([...keyPath, key]);
        return `${where(location)}: ${full}: unknown key${didYouMean(key, known)}`;
      })
      .join('\n');
  }
  const node = nodeAt(doc, keyPath);
  const label = keyPath.length > 0 ? `${formatPath(keyPath)}: ` : '';
  return `${where(node?.range?.[0])}: ${label}${describeMessage(issue)}`;
}

function describeMessage(issue: Issue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'missing required key';
  return issue.message;
}

/** The deepest node that exists along the path (a missing key points at its parent). */
function nodeAt(doc: Document.Parsed, keyPath: Array<string | number>): Node | undefined {
  for (let n = keyPath.length; n >= 0; n--) {
    const node = doc.getIn(keyPath.slice(0, n), true) as Node | undefined;
    if (node && typeof node === 'object' && 'range' in node) return node;
  }
  return undefined;
}

function keyLocation(parent: Node | undefined, key: string): number | undefined {
  if (!isMap(parent)) return parent?.range?.[0];
  for (const pair of parent.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return pair.key.range?.[0];
  }
  return parent.range?.[0];
}

/** `commission.plans.hunter.tiers[2].rate` */
export function formatPath(keyPath: Array<string | number>): string {
  return keyPath.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** The keys the schema allows at a path, for "did you mean". Walks zod's definition tree. */
function knownKeys(keyPath: Array<string | number>): string[] {
  let schema: unknown = configSchema;
  for (const step of keyPath) {
    schema = unwrap(schema);
    const def = defOf(schema);
    if (def?.type === 'object') schema = (def.shape as Record<string, unknown>)[String(step)];
    else if (def?.type === 'record') schema = def.valueType;
    else if (def?.type === 'array') schema = def.element;
    else return [];
  }
  const def = defOf(unwrap(schema));
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

interface Def { type: string; [k: string]: unknown }

function defOf(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

function unwrap(schema: unknown): unknown {
  for (;;) {
    const def = defOf(schema);
    if (!def) return schema;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') schema = def.innerType;
    else if (def.type === 'pipe') schema = def.in;
    else if (def.type === 'union') {
      const options = def.options as unknown[];
      schema = options.find((o) => defOf(unwrap(o))?.type === 'object') ?? options[0];
    } else return schema;
  }
}
