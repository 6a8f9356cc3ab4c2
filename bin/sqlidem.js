#!/usr/bin/env node
// Thin launcher into the bundled CLI (dist/cli, built by npm run build).
import module from 'node:module';

module.enableCompileCache?.(); // Node >= 22.1: cache compiled JavaScript between runs
const { main } = await import('../dist/cli/cli.js');
await main(process.argv);
