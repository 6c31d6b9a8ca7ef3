// The layers of src/ point one way: model ← config ← io and metrics ← report ← cli. A module may
// import only from its own layer or from layers to its left; io and metrics stand side by side and
// know nothing of each other. This test reads every .ts under src/, finds its relative imports
// (`import … from`, `export … from`, `import '…'`, `import('…')` calls and `import('…').Type`) and
// names each one that points the wrong way.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');

type Layer = 'model' | 'config' | 'io' | 'metrics' | 'report' | 'cli';

/** What each layer may import, besides itself. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  model: [],
  config: ['model'],
  io: ['model', 'config'],
  metrics: ['model', 'config'],
  report: ['model', 'config', 'metrics'],
  cli: ['model', 'config', 'io', 'metrics', 'report'],
};

const RULE: Record<Layer, string> = {
  model: 'model imports nothing of the other layers',
  config: 'config imports model only',
  io: 'io imports model and config only',
  metrics: 'metrics imports model and config only (not io)',
  report: 'report imports model, config and metrics only (not io, not cli)',
  cli: 'cli imports anything',
};

interface Violation {
  file: string;
  import: string;
  target: string;
  rule: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []))
    .sort();
}

/** Every module specifier the file names, static or dynamic, type-only or not. */
function importsOf(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg !== undefined && ts.isStringLiteralLike(arg)) found.push(arg.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push(node.moduleReference.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function layerOf(file: string): Layer | undefined {
  const top = path.relative(SRC, file).split(path.sep)[0];
  return top !== undefined && top in MAY_IMPORT ? (top as Layer) : undefined;
}

const rel = (file: string): string => path.relative(ROOT, file).split(path.sep).join('/');

/** The wrong-way imports of one file (`file` absolute, under src/). */
function violationsOf(file: string, text: string): Violation[] {
  const from = layerOf(file);
  if (from === undefined) return [{ file: rel(file), import: '', target: '', rule: `every module of src/ is in a layer: ${Object.keys(MAY_IMPORT).join(', ')}` }];
  const out: Violation[] = [];
  for (const spec of importsOf(file, text)) {
    if (!spec.startsWith('./') && !spec.startsWith('../')) continue;
    // Sources import './x.js' for './x.ts'.
    const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
    const to = layerOf(target);
    if (to === from || (to !== undefined && MAY_IMPORT[from].includes(to))) continue;
    out.push({ file: rel(file), import: spec, target: rel(target), rule: to === undefined ? `imports stay inside src/ (${RULE[from]})` : RULE[from] });
  }
  return out;
}

const describeViolation = (v: Violation): string => `${v.file} imports '${v.import}' (${v.target}): ${v.rule}`;

describe('layers', () => {
  const files = tsFiles(SRC);

  it('finds the modules and their imports', () => {
    expect(files.length).toBeGreaterThan(50);
    const imports = files.flatMap((f) => importsOf(f, readFileSync(f, 'utf8')));
    expect(imports.length).toBeGreaterThan(200);
  });

  it('every import of src/ points along the arrows model ← config ← io, metrics ← report ← cli', () => {
    const violations = files.flatMap((f) => violationsOf(f, readFileSync(f, 'utf8')));
    expect(violations.map(describeViolation)).toEqual([]);
  });

  it('catches every form of import that points the wrong way', () => {
    const file = path.join(SRC, 'metrics', 'example.ts');
    const text = [
      "import { a } from '../io/a.js';",
      "import type { B } from '../report/b.js';",
      "import '../cli/c.js';",
      "export { d } from '../io/d.js';",
      "export * from '../io/e.js';",
      "import {\n  f,\n  g,\n} from '../io/fg.js';",
      "const h = await import('../io/h.js');",
      "let i: import('../io/i.js').I;",
      "// import { no } from '../io/comment.js';",
      "const s = \"from '../io/string.js'\";",
      "import { ok } from '../model/ok.js';",
      "import { alsoOk } from '../config/ok.js';",
      "import { same } from './same.js';",
      "import { z } from 'zod';",
    ].join('\n');
    expect(violationsOf(file, text).map((v) => v.import)).toEqual([
      '../io/a.js',
      '../report/b.js',
      '../cli/c.js',
      '../io/d.js',
      '../io/e.js',
      '../io/fg.js',
      '../io/h.js',
      '../io/i.js',
    ]);
    expect(violationsOf(path.join(SRC, 'model', 'x.ts'), "import { c } from '../config/c.js';")[0]?.rule).toBe(RULE.model);
    expect(violationsOf(path.join(SRC, 'config', 'x.ts'), "import { c } from '../io/c.js';")[0]?.rule).toBe(RULE.config);
    expect(violationsOf(path.join(SRC, 'io', 'x', 'y.ts'), "import { c } from '../../metrics/c.js';")[0]?.rule).toBe(RULE.io);
    expect(violationsOf(path.join(SRC, 'report', 'x.ts'), "import { c } from '../cli/c.js';")[0]?.rule).toBe(RULE.report);
    expect(violationsOf(path.join(SRC, 'cli', 'x.ts'), "import { c } from '../io/c.js';\nimport { d } from '../report/d.js';")).toEqual([]);
  });
});
