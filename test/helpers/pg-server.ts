/**
 * A throwaway PostgreSQL server for the tests: Debian's binaries, a temporary data directory,
 * loopback only, a free port, a superuser with a password (so tests can check it never leaks).
 * initdb refuses root, so as root it runs as the `postgres` user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const TEST_PASSWORD = 'pw-Sq1d3m-s3cret';
export const TEST_USER = 'sqlidem_admin';

export interface TestServer {
  readonly url: string;
  stop(): void;
}

function findBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((version) => existsSync(path.join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startTestServer(): Promise<TestServer | undefined> {
  const bin = findBinaries();
  if (!bin) return undefined;
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) => {
    const full = path.join(bin, command);
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', full, ...args]]
      : [full, args];
    return execFileSync(file, argv, { stdio: 'pipe', encoding: 'utf8' });
  };

  const dir = mkdtempSync(path.join(tmpdir(), 'sqlidem-pg-'));
  chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  run('initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '--auth-host=scram-sha-256',
    '-U',
    'postgres',
    '--no-sync',
  ]);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'server.log'),
    '-w',
    '-o',
    `-c listen_addresses=127.0.0.1 -c port=${port} -k ${dir} -c fsync=off -c max_connections=50`,
    'start',
  ]);
  const psql = (sql: string) =>
    run('psql', [
      '-h',
      dir,
      '-p',
      String(port),
      '-U',
      'postgres',
      '-d',
      'postgres',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      sql,
    ]);
  psql(`CREATE ROLE ${TEST_USER} SUPERUSER LOGIN PASSWORD '${TEST_PASSWORD}'`);

  return {
    url: `postgres://${TEST_USER}:${encodeURIComponent(TEST_PASSWORD)}@127.0.0.1:${port}/postgres`,
    stop() {
      const full = path.join(bin, 'pg_ctl');
      const args = ['-D', data, '-m', 'immediate', 'stop'];
      if (asRoot)
        spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'ignore' });
      else spawnSync(full, args, { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
