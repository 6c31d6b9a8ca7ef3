#!/usr/bin/env node
// The executable: everything lives in the compiled CLI, bundled (npm run build, run on `prepare`:
// tsc into dist/, then scripts/bundle.mjs into dist/bundle/). A command that reads its big file in
// a thread has the thread started first (cli/warm.ts), then the program is loaded with its
// code cache (cli/load-program.ts).
import { warmThreadsFor } from '../dist/bundle/warm.js';
import { loadProgram } from '../dist/bundle/load.js';

warmThreadsFor(process.argv);
process.exitCode = await loadProgram().program.main(process.argv);
