/**
 * Configuration files, found the way ESLint and Prettier users expect (lilconfig): searched
 * upward from each linted file, validated against the published JSON schema, and turned into
 * per-file lint settings (overrides by glob, include / ignores).
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import type { LilconfigResult, Loader, lilconfigSync as LilconfigSync } from 'lilconfig';
import type picomatchType from 'picomatch';
import type { parse as parseYamlType } from 'yaml';
import { rulesById } from '../rules/index.js';
import { defaultSettings } from './lint.js';
import { readPackageJson } from './package-root.js';
import type { ActiveRule, LintSettings } from './lint.js';
import type { SeverityName } from './rule.js';

export type RuleSetting = SeverityName | [SeverityName] | [SeverityName, Record<string, unknown>];

export interface Override {
  readonly files: readonly string[];
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  readonly pgVersion?: number;
  readonly triggerFix?: 'drop-first' | 'or-replace';
}

export interface SqlidemConfig {
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  readonly pgVersion?: number;
  readonly include?: readonly string[];
  readonly ignores?: readonly string[];
  readonly overrides?: readonly Override[];
  readonly format?: string;
  readonly vars?: Readonly<Record<string, string>>;
  readonly triggerFix?: 'drop-first' | 'or-replace';
  readonly trustDropBeforeCreate?: boolean;
}

export interface LoadedConfig {
  readonly config: SqlidemConfig;
  /** The file it came from; globs in it are relative to its directory. */
  readonly filepath: string;
}

/** A configuration that cannot be used: the message names the file and the key. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const CONFIG_FILES = [
  'package.json',
  'sqlidem.config.json',
  'sqlidem.config.mjs',
  'sqlidem.config.js',
  '.sqlidemrc',
  '.sqlidemrc.json',
  '.sqlidemrc.yaml',
  '.sqlidemrc.yml',
];

// ajv, lilconfig, yaml and picomatch load only when a config file exists: most runs of a
// pre-commit hook need none of them, and ajv alone costs ~50 ms of start-up.
const require = createRequire(import.meta.url);
let validator: ValidateFunction | undefined;
function validate(config: unknown): boolean {
  if (!validator) {
    const { Ajv: AjvClass } = require('ajv') as { Ajv: typeof Ajv };
    validator = new AjvClass({ allErrors: true, strict: false }).compile(
      readPackageJson('schema/sqlidem.schema.json') as object,
    );
  }
  return validator(config);
}
const parseYaml = (content: string) =>
  (require('yaml') as { parse: typeof parseYamlType }).parse(content) as unknown;
const picomatch = (globs: string[], options: { dot: boolean }) =>
  (require('picomatch') as typeof picomatchType)(globs, options);

const yamlLoader: Loader = (_filepath, content) => parseYaml(content);
/** `.sqlidemrc` without an extension: JSON or YAML (YAML is a superset of JSON). */
const rcLoader: Loader = (_filepath, content) => parseYaml(content);
const jsonLoader: Loader = (filepath, content) => {
  try {
    return JSON.parse(content) as unknown;
  } catch (error) {
    throw new ConfigError(`${filepath}: invalid JSON (${(error as Error).message})`);
  }
};

let explorerInstance: ReturnType<typeof LilconfigSync> | undefined;
const explorer = {
  load(filepath: string): LilconfigResult {
    if (!explorerInstance) {
      const { lilconfigSync } = require('lilconfig') as { lilconfigSync: typeof LilconfigSync };
      explorerInstance = lilconfigSync('sqlidem', {
        searchPlaces: CONFIG_FILES.filter((file) => !file.endsWith('js')),
        loaders: { '.json': jsonLoader, '.yaml': yamlLoader, '.yml': yamlLoader, noExt: rcLoader },
      });
    }
    return explorerInstance.load(filepath);
  },
};

/** Checks a config object; throws a ConfigError that names the file and the offending key. */
export function validateConfig(config: unknown, filepath: string): SqlidemConfig {
  if (!validate(config)) {
    const error = validator?.errors?.[0];
    const key = error?.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '';
    const detail =
      error?.keyword === 'additionalProperties'
        ? `unknown key "${[key, String(error.params.additionalProperty)].filter(Boolean).join('.')}"`
        : `"${key || '(root)'}" ${error?.message ?? 'is invalid'}`;
    throw new ConfigError(`${filepath}: ${detail}`);
  }
  const checked = config as SqlidemConfig;
  const ruleTables = [
    checked.rules,
    ...(checked.overrides ?? []).map((override) => override.rules),
  ];
  for (const rules of ruleTables) {
    for (const id of Object.keys(rules ?? {})) {
      if (!rulesById.has(id)) throw new ConfigError(`${filepath}: unknown rule "${id}" in "rules"`);
    }
  }
  return checked;
}

async function loadModuleConfig(filepath: string): Promise<unknown> {
  const { pathToFileURL } = await import('node:url');
  const loaded = (await import(pathToFileURL(filepath).href)) as { default?: unknown };
  return loaded.default ?? loaded;
}

function fromResult(result: LilconfigResult): LoadedConfig | undefined {
  if (!result || result.isEmpty) return undefined;
  return { config: validateConfig(result.config, result.filepath), filepath: result.filepath };
}

/** Loads a config file given by path (`--config`). */
export async function loadConfigFile(filepath: string): Promise<LoadedConfig> {
  const absolute = path.resolve(filepath);
  if (/\.(c|m)?js$/.test(absolute)) {
    return {
      config: validateConfig(await loadModuleConfig(absolute), absolute),
      filepath: absolute,
    };
  }
  try {
    const result = explorer.load(absolute);
    const loaded = fromResult(result);
    if (!loaded) throw new ConfigError(`${filepath}: empty configuration`);
    return loaded;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${filepath}: ${(error as Error).message}`);
  }
}

/**
 * Finds the config that applies to files in `directory`: the nearest one upward. JS configs
 * (`sqlidem.config.mjs` / `.js`) are found too.
 */
export class ConfigResolver {
  private readonly cache = new Map<string, Promise<LoadedConfig | undefined>>();

  constructor(private readonly fixed?: LoadedConfig | null) {}

  /** `null` fixed config = `--no-config`; a LoadedConfig = `--config`; undefined = search. */
  async forFile(file: string): Promise<LoadedConfig | undefined> {
    if (this.fixed === null) return undefined;
    if (this.fixed) return this.fixed;
    return this.forDirectory(path.dirname(path.resolve(file)));
  }

  private forDirectory(directory: string): Promise<LoadedConfig | undefined> {
    let found = this.cache.get(directory);
    if (!found) {
      found = this.search(directory);
      this.cache.set(directory, found);
    }
    return found;
  }

  private async search(directory: string): Promise<LoadedConfig | undefined> {
    const { existsSync, readFileSync } = await import('node:fs');
    for (const name of CONFIG_FILES) {
      const candidate = path.join(directory, name);
      if (!existsSync(candidate)) continue;
      if (name === 'package.json') {
        // Only a "sqlidem" key makes package.json a config.
        const pkg = jsonLoader(candidate, readFileSync(candidate, 'utf8')) as { sqlidem?: unknown };
        if (pkg?.sqlidem === undefined) continue;
        return { config: validateConfig(pkg.sqlidem, candidate), filepath: candidate };
      }
      if (name.endsWith('js')) {
        return {
          config: validateConfig(await loadModuleConfig(candidate), candidate),
          filepath: candidate,
        };
      }
      try {
        const loaded = fromResult(explorer.load(candidate));
        if (loaded) return loaded;
      } catch (error) {
        if (error instanceof ConfigError) throw error;
        throw new ConfigError(`${candidate}: ${(error as Error).message}`);
      }
    }
    const parent = path.dirname(directory);
    return parent === directory ? undefined : this.forDirectory(parent);
  }
}

function matches(globs: readonly string[] | undefined, file: string, base: string): boolean {
  if (!globs?.length) return false;
  const relative = path.relative(base, path.resolve(file)).split(path.sep).join('/');
  return picomatch(globs as string[], { dot: true })(relative);
}

/** Whether the config skips the file (`ignores`, or not in `include`). */
export function isIgnored(loaded: LoadedConfig | undefined, file: string): boolean {
  if (!loaded) return false;
  const base = path.dirname(loaded.filepath);
  if (matches(loaded.config.ignores, file, base)) return true;
  return loaded.config.include !== undefined && !matches(loaded.config.include, file, base);
}

function severityOf(setting: RuleSetting): SeverityName {
  return Array.isArray(setting) ? setting[0] : setting;
}

function applyRules(
  active: Map<string, ActiveRule>,
  rules: Readonly<Record<string, RuleSetting>> | undefined,
): void {
  for (const [id, setting] of Object.entries(rules ?? {})) {
    const rule = rulesById.get(id);
    if (!rule) continue;
    const severity = severityOf(setting);
    if (severity === 'off') active.delete(id);
    else {
      const options = Array.isArray(setting) ? setting[1] : undefined;
      active.set(id, { rule, severity: severity === 'error' ? 2 : 1, ...(options && { options }) });
    }
  }
}

export interface CliOverrides {
  readonly pgVersion?: number;
  /** `--rule id:severity`, applied last. */
  readonly rules?: Readonly<Record<string, SeverityName>>;
}

/** The settings for one file: defaults, then the config, its matching overrides, then the CLI. */
export function settingsForFile(
  loaded: LoadedConfig | undefined,
  file: string,
  cli: CliOverrides = {},
): LintSettings {
  const base = defaultSettings();
  const active = new Map(base.rules.map((entry) => [entry.rule.id, entry]));
  let pgVersion = base.pgVersion;
  let triggerFix = base.triggerFix;
  let trustDropBeforeCreate = base.trustDropBeforeCreate;
  if (loaded) {
    const { config } = loaded;
    applyRules(active, config.rules);
    pgVersion = config.pgVersion ?? pgVersion;
    triggerFix = config.triggerFix ?? triggerFix;
    trustDropBeforeCreate = config.trustDropBeforeCreate ?? trustDropBeforeCreate;
    const dir = path.dirname(loaded.filepath);
    for (const override of config.overrides ?? []) {
      if (!matches(override.files, file, dir)) continue;
      applyRules(active, override.rules);
      pgVersion = override.pgVersion ?? pgVersion;
      triggerFix = override.triggerFix ?? triggerFix;
    }
  }
  applyRules(active, cli.rules);
  pgVersion = cli.pgVersion ?? pgVersion;
  // Keep registry order, so diagnostics come out the same way whatever the config's key order.
  const rules = base.rules.flatMap((entry) => active.get(entry.rule.id) ?? []);
  return { pgVersion, triggerFix, trustDropBeforeCreate, rules };
}

/** The public `loadConfig`: the config that applies to a file or directory (or undefined). */
export async function loadConfig(forPath = process.cwd()): Promise<LoadedConfig | undefined> {
  const resolver = new ConfigResolver();
  return resolver.forFile(path.join(path.resolve(forPath), '_'));
}
