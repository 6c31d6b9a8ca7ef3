// The second half of `npm run build`: tsc's output (dist/, checked and compiled module by module)
// joined into a few files in dist/bundle/, which bin/dealpulse.js runs. Loading ≈ 250 modules one
// by one (dealpulse's, zod's, yaml's, commander's…) took ≈ 0.16 s before a command began, and again
// in each reading thread: `dealpulse --version` takes 0.14 s bundled, 0.23 s not (docs/PERFORMANCE.md).
//
// Entries: the program, the two reading threads, the module of the threads' counters and the small
// module that starts a reading thread before the program is loaded (warm.js, io/warm-threads.ts), each
// under its own name in one flat folder, their shared code in chunks beside them — so that
// `new URL('./deals-part-worker.js', import.meta.url)` and its like find the same files from the
// bundle as from dist/.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli/main.js', 'dist/io/deals-part-worker.js', 'dist/io/history-thread-worker.js', 'dist/cli/part-counters.js', { in: 'dist/io/warm-threads.js', out: 'warm' }],
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The CommonJS packages in the bundle (cli-table3…) call `require` for Node's own modules, which
  // an ES module does not have.
  banner: { js: "import { createRequire as dealpulseRequire } from 'node:module'; const require = dealpulseRequire(import.meta.url);" },
  logLevel: 'warning',
});
