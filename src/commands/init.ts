/**
 * `sqlidem init`: writes a starter config and, if asked, the pre-commit or lint-staged wiring.
 * It never overwrites an existing file.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface InitOptions {
  preCommit?: boolean;
  lintStaged?: boolean;
}

const CONFIG = {
  $schema: './node_modules/sqlidem/schema/sqlidem.schema.json',
  pgVersion: 14,
  include: ['**/*.sql'],
  ignores: ['node_modules/**'],
  rules: {},
  overrides: [{ files: ['**/*.down.sql'], rules: { 'require-drop-if-exists': 'warn' } }],
};

const PRE_COMMIT = `repos:
  - repo: https://github.com/sqlidem/sqlidem
    rev: v0.1.0
    hooks:
      - id: sqlidem
`;

const LINT_STAGED = { '*.sql': 'sqlidem --fix' };

export function initCommand(options: InitOptions, cwd = process.cwd()): number {
  const files: [string, string][] = [
    ['sqlidem.config.json', `${JSON.stringify(CONFIG, null, 2)}\n`],
  ];
  if (options.preCommit) files.push(['.pre-commit-config.yaml', PRE_COMMIT]);
  if (options.lintStaged)
    files.push(['.lintstagedrc.json', `${JSON.stringify(LINT_STAGED, null, 2)}\n`]);
  let written = 0;
  for (const [name, content] of files) {
    const file = path.join(cwd, name);
    if (existsSync(file)) {
      process.stderr.write(`sqlidem init: ${name} exists; left as it is\n`);
      continue;
    }
    writeFileSync(file, content, { flag: 'wx' });
    process.stdout.write(`sqlidem init: wrote ${name}\n`);
    written++;
  }
  // Exit 1 only when nothing could be written (everything already existed).
  return written > 0 ? 0 : 1;
}
