// The second half of `npm run build`: tsc's output (dist/, checked and compiled module by module)
// joined into a few files in dist/bundle/, which bin/dealpulse.js runs. Loading ≈ 250 modules one
// by one (dealpulse's, zod's, yaml's, commander's…) took ≈ 0.16 s before a command began, and again
// in each reading thread: `dealpulse --version` took 0.14 s bundled, 0.23 s not, and takes 0.11 s with
// the code cache below (docs/PERFORMANCE.md).
//
// The program is one CommonJS file, `main.cjs`, which cli/load-program.ts (the `load.js` entry)
// compiles with a V8 code cache made here, last, by running the program on the demo data. The
// reading threads, the module of the threads' counters and the small module that starts a reading
// thread before the program is loaded (warm.js: cli/warm.ts and io/warm-threads.ts) are ES modules, each under its
// own name in the same flat folder, their shared code in chunks beside them — so that
// `new URL('./deals-part-worker.js', import.meta.url)` and its like find the same files from the
// bundle as from dist/.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });

const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['dist/io/deals-part-worker.js', 'dist/io/history-thread-worker.js', 'dist/cli/part-counters.js', { in: 'dist/cli/warm.js', out: 'warm' }, { in: 'dist/cli/load-program.js', out: 'load' }],
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  splitting: true,
  format: 'esm',
  // The CommonJS packages in the bundle (cli-table3…) call `require` for Node's own modules, which
  // an ES module does not have.
  banner: { js: "import { createRequire as dealpulseRequire } from 'node:module'; const require = dealpulseRequire(import.meta.url);" },
});

await build({
  ...common,
  entryPoints: ['dist/cli/main.js'],
  outfile: `${outdir}/main.cjs`,
  format: 'cjs',
  // A CommonJS file has no import.meta: its URL is made of the file's name, so that the threads'
  // files are found beside it.
  define: { 'import.meta.url': 'dealpulseModuleUrl' },
  banner: { js: "const dealpulseModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The code cache: the program run once on each command's path over the demo data (output dropped).
const demo = ['--config', 'kpi.example.yaml', '--as-of', '2026-03-27T18:00'];
const runs = [
  ['conversion', ...demo, '--period', '2025', '--every', 'month', '--by', 'manager', '--format', 'csv'],
  ['funnel', ...demo, '--format', 'csv'],
  ['report', ...demo, '--period', 'this-week', '--format', 'table'],
  ['zombies', ...demo, '--format', 'json'],
  ['doctor', ...demo],
  ['commission', ...demo, '--period', '2026-02', '--format', 'md'],
];
const loader = pathToFileURL(`${outdir}/load.js`).href;
// Without NODE_OPTIONS: V8 refuses a cache made under other options (a build run with
// --max-old-space-size would make one that plain runs cannot use).
const { NODE_OPTIONS: _options, ...env } = process.env;
const made = spawnSync(process.execPath, ['--input-type=module', '-e', `const { writeProgramCache } = await import(${JSON.stringify(loader)}); await writeProgramCache(${JSON.stringify(runs)});`], {
  cwd: root,
  env,
  stdio: ['ignore', 'ignore', 'pipe'],
  encoding: 'utf8',
});
// Then a plain run must take it, as a user's would.
const check = made.status === 0 ? spawnSync(process.execPath, [`${root}bin/dealpulse.js`, '--version'], { cwd: root, env: { ...env, DEALPULSE_DEBUG: 'cache' }, encoding: 'utf8' }) : undefined;
const use = /dealpulse debug: code cache (.*)/.exec(check?.stderr ?? '')?.[1];
if (use !== 'used') {
  // The program runs without its cache (slower to start, the same results): say so, do not fail.
  process.stderr.write(`bundle: no code cache (the program will be compiled at each start): ${made.status !== 0 ? made.stderr : `a plain run says "${use ?? check?.stderr}"`}\n`);
}
