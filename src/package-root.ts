/** Files shipped beside the code (package.json, the JSON schema), found from source or build. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The package's root directory: the nearest parent with sqlidem's package.json. */
export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'sqlidem') return (root = dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('sqlidem: cannot find its package.json');
    dir = parent;
  }
}

export function readPackageJson(file: string): unknown {
  return JSON.parse(readFileSync(path.join(packageRoot(), file), 'utf8')) as unknown;
}
