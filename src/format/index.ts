/**
 * Formatters turn ESLint-shaped results into text. Built-in names load lazily (the pretty
 * formatter pulls in chalk and friends; JSON needs nothing).
 */
import { stripVTControlCharacters } from 'node:util';
import { allRules } from '../../rules/index.js';
import type { LintResult } from '../results.js';

export interface FormatterContext {
  readonly cwd: string;
  /** `rulesMeta` as ESLint passes it, so formatters can link rule docs. */
  readonly rulesMeta: Record<string, { docs: { url: string; description: string } }>;
}

export type Formatter = (results: LintResult[], context: FormatterContext) => string;

export const BUILTIN_FORMATS = ['pretty', 'json'] as const;
export type BuiltinFormat = (typeof BUILTIN_FORMATS)[number];

export function rulesMeta(): FormatterContext['rulesMeta'] {
  return Object.fromEntries(
    allRules.map((rule) => [
      rule.id,
      { docs: { url: rule.meta.docs.url, description: rule.meta.description } },
    ]),
  );
}

export async function loadFormatter(name: string): Promise<Formatter> {
  switch (name) {
    case 'json':
      return (results) => JSON.stringify(results);
    case 'pretty': {
      const pretty = (await import('eslint-formatter-pretty')).default as unknown as (
        results: LintResult[],
        data: { cwd: string; rulesMeta: FormatterContext['rulesMeta'] },
      ) => string;
      // log-symbols colours its marks whatever the stream is: strip colour for pipes and files.
      const plain = !process.stdout.isTTY || 'NO_COLOR' in process.env;
      return (results, context) => {
        const text = pretty(results, context);
        return plain ? stripVTControlCharacters(text) : text;
      };
    }
    default:
      throw new Error(`unknown format "${name}" (expected one of: ${BUILTIN_FORMATS.join(', ')})`);
  }
}
