#!/usr/bin/env node
// The executable: everything lives in the compiled CLI, bundled (npm run build, run on `prepare`:
// tsc into dist/, then scripts/bundle.mjs into dist/bundle/).
import { main } from '../dist/bundle/main.js';

process.exitCode = await main(process.argv);
