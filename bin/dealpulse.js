#!/usr/bin/env node
// The executable: everything lives in the compiled CLI, bundled (npm run build, run on `prepare`:
// tsc into dist/, then scripts/bundle.mjs into dist/bundle/). A command that reads its big file in
// a thread has the thread started first (io/warm-threads.ts), while the program itself loads.
import { warmThreadsFor } from '../dist/bundle/warm.js';

warmThreadsFor(process.argv);
const { main } = await import('../dist/bundle/main.js');
process.exitCode = await main(process.argv);
