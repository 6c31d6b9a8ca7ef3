#!/usr/bin/env node
// The executable: everything lives in the compiled CLI (npm run build, run on `prepare`).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
