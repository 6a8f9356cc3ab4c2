/**
 * The PostgreSQL parser (libpg-query, WASM), loaded on first need: importing it starts compiling
 * its WASM, which a fully cached run (`--cache`) or `sqlidem rules` never needs.
 */
import type * as LibPgQuery from 'libpg-query';

let parser: typeof LibPgQuery | undefined;
let loading: Promise<typeof LibPgQuery> | undefined;

/** Loads the parser once per process; every entry point awaits this before parsing. */
export async function ensureParser(): Promise<void> {
  loading ??= import('libpg-query').then(async (module) => {
    await module.loadModule();
    return (parser = module);
  });
  await loading;
}

/** The loaded parser; only valid after `ensureParser()` resolved. */
export function pg(): typeof LibPgQuery {
  if (!parser) throw new Error('internal: the PostgreSQL parser is used before ensureParser()');
  return parser;
}
