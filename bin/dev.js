#!/usr/bin/env -S node --import tsx
// Runs k8sdoc from the TypeScript sources without a build (development only).
import { main } from '../src/cli.ts';

await main(process.argv.slice(2), import.meta.url);
