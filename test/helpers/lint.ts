/** Test helpers that drive the library the way the CLI does, without the process around it. */
import { rulesById } from '../../rules/index.js';
import { fixSource } from '../../src/fix.js';
import { defaultSettings, lintSource } from '../../src/lint.js';
import type { LintSettings } from '../../src/lint.js';
import { ensureParser, parseSource } from '../../src/parse.js';
import { createSource } from '../../src/source.js';

await ensureParser();

/** Settings with just the given rules (all when none given). */
export function settingsFor(...ruleIds: string[]): LintSettings {
  const base = defaultSettings();
  if (ruleIds.length === 0) return base;
  return {
    ...base,
    rules: ruleIds.map((id) => {
      const rule = rulesById.get(id);
      if (!rule) throw new Error(`no rule ${id}`);
      return { rule, severity: 2 as const };
    }),
  };
}

export function lintText(text: string, ...options: (string | Partial<LintSettings>)[]) {
  const ruleIds = options.filter((option): option is string => typeof option === 'string');
  const overrides = options.filter((option) => typeof option === 'object');
  const settings = Object.assign({}, settingsFor(...ruleIds), ...overrides) as LintSettings;
  return lintSource(createSource('test.sql', text), settings).diagnostics;
}

export function fixText(text: string, options: { unsafe?: boolean; rules?: string[] } = {}) {
  const source = createSource('test.sql', text);
  const outcome = fixSource(source, settingsFor(...(options.rules ?? [])), options);
  return { ...outcome, output: source.serialize(outcome.output) };
}

export function parses(text: string): boolean {
  return !parseSource(createSource('test.sql', text)).error;
}
