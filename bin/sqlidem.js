#!/usr/bin/env node
// Thin launcher: cache compiled code between runs (Node >= 22.1) and start the built CLI.
import module from 'node:module';

module.enableCompileCache?.();
const { main } = await import('../dist/src/cli.js');
await main(process.argv);
