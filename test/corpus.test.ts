/**
 * Real-world input: every file of ../shared/corpus (1,400 migrations from 16 public projects,
 * read at run time, never copied). Linting never throws, fixing every file (unsafe fixes too)
 * gives SQL that parses, and the files that do not parse are listed with the reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFiles } from '../src/files.js';
import { parseSource } from '../src/parse.js';
import { createSource } from '../src/source.js';
import { fixText, lintText } from './helpers/lint.js';

const corpus = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus');

describe.skipIf(!existsSync(corpus))('corpus', () => {
  it('lints and fixes every file without throwing; fixed output parses', async () => {
    const files = await collectFiles([corpus]);
    expect(files.length).toBeGreaterThan(1000);
    const parseFailures = new Map<string, string[]>();
    const perRule = new Map<string, number>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const diagnostics = lintText(text);
      const fatal = diagnostics.find((d) => d.fatal);
      if (fatal) {
        const reason = fatal.message;
        parseFailures.set(reason, [
          ...(parseFailures.get(reason) ?? []),
          path.relative(corpus, file),
        ]);
        continue;
      }
      for (const d of diagnostics)
        perRule.set(d.ruleId ?? '', (perRule.get(d.ruleId ?? '') ?? 0) + 1);
      const fixed = fixText(text, { unsafe: true });
      expect(fixed.error, file).toBeUndefined();
      expect(parseSource(createSource(file, fixed.output)).error, file).toBeUndefined();
    }
    const failed = [...parseFailures.values()].reduce((n, list) => n + list.length, 0);
    console.log(`corpus: ${files.length} files, ${failed} do not parse`);
    for (const [reason, list] of parseFailures) console.log(`  ${list.length} × ${reason}`);
    console.log('findings per rule:', Object.fromEntries(perRule));
  });
});
