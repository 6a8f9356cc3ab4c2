/** `sqlidem rules`: every rule with its default severity, fix safety and one-line description. */
import { allRules } from '../../rules/index.js';

export function rulesCommand(options: { format?: 'text' | 'json' }): number {
  if (options.format === 'json') {
    const rows = allRules.map((rule) => ({
      id: rule.id,
      description: rule.meta.description,
      defaultSeverity: rule.meta.defaultSeverity,
      fixable: rule.meta.fixable,
      docs: rule.meta.docs.url,
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...allRules.map((rule) => rule.id.length));
  const lines = allRules.map(
    (rule) =>
      `${rule.id.padEnd(width)}  ${rule.meta.defaultSeverity.padEnd(5)}  ${(rule.meta.fixable === 'none' ? 'no fix' : `${rule.meta.fixable} fix`).padEnd(10)}  ${rule.meta.description}`,
  );
  process.stdout.write(`${'rule'.padEnd(width)}  level  fix         flags\n${lines.join('\n')}\n`);
  return 0;
}
