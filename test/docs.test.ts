import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { withRulesTable } from '../src/docs.js';

const root = path.resolve(import.meta.dirname, '..');

describe('docs', () => {
  it('README rule table matches the rule metadata (run npm run docs)', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toBe(withRulesTable(readme, allRules));
  });

  it('every rule doc names its rule, what it flags, its fix and its safety', () => {
    for (const rule of allRules) {
      const doc = readFileSync(path.join(root, 'rules', `${rule.id}.md`), 'utf8');
      expect(doc.startsWith(`# ${rule.id}\n`), rule.id).toBe(true);
      expect(doc, rule.id).toMatch(/\*\*Flags\*\*/);
      expect(doc, rule.id).toMatch(/## Example/);
      expect(doc, rule.id).toMatch(/## Fix/);
      expect(doc, rule.id).toMatch(/## Options and versions/);
      expect(rule.meta.docs.url.endsWith(`rules/${rule.id}.md`)).toBe(true);
    }
  });
});
