#!/usr/bin/env node
// kubectl finds plugins by name on PATH: `kubectl doctor diagnose` runs this file.
import { main } from '../dist/src/cli.js';

await main(process.argv.slice(2), import.meta.url);
