#!/usr/bin/env node
// Regenerates the README's rule table from the rule metadata (run after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { allRules } = await import(path.join(root, 'dist', 'rules', 'index.js'));
const { withRulesTable } = await import(path.join(root, 'dist', 'src', 'docs.js'));
const readmePath = path.join(root, 'README.md');
const before = readFileSync(readmePath, 'utf8');
const after = withRulesTable(before, allRules);
if (after !== before) writeFileSync(readmePath, after);
console.log(after === before ? 'README rule table is up to date' : 'README rule table updated');
