/**
 * Formatters turn ESLint-shaped results into text. Built-in names load lazily (the pretty
 * formatter pulls in chalk and friends; JSON needs nothing); any other name is loaded as an ESLint
 * formatter module (`eslint-formatter-<name>`, or a path), since the results are ESLint-shaped.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { allRules } from '../../rules/index.js';
import type { LintResult } from '../results.js';

export interface FormatterContext {
  readonly cwd: string;
  /** `rulesMeta` as ESLint passes it, so formatters can link rule docs. */
  readonly rulesMeta: Record<string, { docs: { url: string; description: string } }>;
  /** File text by absolute path (fix regions for SARIF, line text for GitLab fingerprints). */
  readonly sources: ReadonlyMap<string, { readonly text: string }>;
  readonly version: string;
}

export type Formatter = (
  results: LintResult[],
  context: FormatterContext,
) => string | Promise<string>;

export const BUILTIN_FORMATS = [
  'pretty',
  'json',
  'sarif',
  'github',
  'gitlab',
  'junit',
  'checkstyle',
  'compact',
] as const;

/** A format that cannot be loaded (usage error, exit 2). */
export class FormatterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatterError';
  }
}

export function rulesMeta(): FormatterContext['rulesMeta'] {
  return Object.fromEntries(
    allRules.map((rule) => [
      rule.id,
      { docs: { url: rule.meta.docs.url, description: rule.meta.description } },
    ]),
  );
}

function lineTextOf(context: FormatterContext) {
  return (file: string, line: number) =>
    context.sources.get(file)?.text.split('\n')[line - 1] ?? String(line);
}

export async function loadFormatter(name: string, cwd = process.cwd()): Promise<Formatter> {
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
        const text = pretty(results, { cwd: context.cwd, rulesMeta: context.rulesMeta });
        return plain ? stripVTControlCharacters(text) : text;
      };
    }
    case 'sarif': {
      const { formatSarif } = await import('./sarif.js');
      return (results, context) => formatSarif(results, context, context.sources, context.version);
    }
    case 'github':
    case 'gitlab':
    case 'junit':
    case 'checkstyle':
    case 'compact': {
      const ci = await import('./ci.js');
      const formatters: Record<string, Formatter> = {
        github: ci.formatGithub,
        gitlab: (results, context) => ci.formatGitlab(results, context, lineTextOf(context)),
        junit: ci.formatJunit,
        checkstyle: (results) => ci.formatCheckstyle(results),
        compact: ci.formatCompact,
      };
      return formatters[name]!;
    }
    default:
      return loadExternalFormatter(name, cwd);
  }
}

/** `eslint-formatter-<name>`, `<name>` as a package, or a path to a formatter module. */
async function loadExternalFormatter(name: string, cwd: string): Promise<Formatter> {
  const require = createRequire(path.join(cwd, 'noop.js'));
  const isPath = name.startsWith('.') || path.isAbsolute(name) || /\.[cm]?js$/.test(name);
  const candidates = isPath
    ? [path.resolve(cwd, name)]
    : [name.startsWith('eslint-formatter-') ? name : `eslint-formatter-${name}`, name];
  for (const candidate of candidates) {
    let resolved: string;
    try {
      resolved = isPath ? candidate : require.resolve(candidate);
    } catch {
      continue;
    }
    try {
      const loaded = (await import(pathToFileURL(resolved).href)) as { default?: unknown };
      const formatter = (loaded.default ?? loaded) as unknown;
      if (typeof formatter === 'function') {
        return async (results, context) => {
          // ESLint formatters may return a promise.
          const output = await (formatter as (r: unknown, d: unknown) => unknown)(results, {
            cwd: context.cwd,
            rulesMeta: context.rulesMeta,
          });
          return typeof output === 'string' ? output : String(output ?? '');
        };
      }
    } catch (error) {
      throw new FormatterError(`cannot load formatter "${name}": ${(error as Error).message}`);
    }
  }
  throw new FormatterError(
    `unknown format "${name}" (built in: ${BUILTIN_FORMATS.join(', ')}; or an installed eslint-formatter-<name> package, or a path to a formatter module)`,
  );
}
