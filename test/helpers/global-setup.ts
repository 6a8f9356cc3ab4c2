/**
 * Before any test file: build the CLI (the CLI tests run the built binary) and start a real
 * PostgreSQL server for the verify tests; its URL reaches them through `inject('pgUrl')`.
 * In CI (CI=true) a missing server is an error, not a reason to skip.
 */
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { startTestServer } from './pg-server.js';
import type { TestServer } from './pg-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

let server: TestServer | undefined;

export default async function setup(project: TestProject): Promise<() => void> {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  server = await startTestServer();
  if (!server && process.env.CI) {
    throw new Error('no PostgreSQL server binaries found (install Debian package postgresql)');
  }
  project.provide('pgUrl', server?.url ?? '');
  return () => server?.stop();
}
