#!/usr/bin/env node
// Benchmark: sqlidem against squawk (the speed anchor, a native binary), whole process, cold,
// measured alternately in the same run. Prints medians and ratios; asserts nothing.
//
//   npm run bench [-- --runs 7]
//
// Reads ../shared/corpus when present (the 1,406 files squawk can parse; it panics on PostgREST's
// big_schema.sql, so that file is left out of both sides).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, '..', 'shared', 'corpus');
const sqlidem = path.join(root, 'bin', 'sqlidem.js');
const squawk = path.join(root, 'node_modules', '.bin', 'squawk');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const hasTime = existsSync('/usr/bin/time');

function corpusFiles() {
  const files = [];
  for (const project of readdirSync(corpus, { withFileTypes: true })) {
    if (!project.isDirectory()) continue;
    for (const file of readdirSync(path.join(corpus, project.name))) {
      if (file.endsWith('.sql') && file !== 'test__io__fixtures__big_schema.sql') {
        files.push(path.join(project.name, file));
      }
    }
  }
  return files.sort();
}

/** Runs a command once; returns wall milliseconds and peak RSS in MB (when /usr/bin/time exists). */
function measure(command, args, cwd) {
  const wrapped = hasTime ? ['/usr/bin/time', ['-f', '%M', command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const result = spawnSync(wrapped[0], wrapped[1], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  const rssKb = hasTime ? Number(result.stderr.trim().split('\n').at(-1)) : NaN;
  return { ms, rssMb: rssKb / 1024 };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Alternates the two commands RUNS times (after one warm-up each) and prints the medians. */
function compare(label, ours, theirs) {
  measure(...ours);
  measure(...theirs);
  const a = [];
  const b = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(measure(...ours));
    b.push(measure(...theirs));
  }
  const oursMs = median(a.map((r) => r.ms));
  const theirsMs = median(b.map((r) => r.ms));
  const oursMb = Math.max(...a.map((r) => r.rssMb));
  console.log(
    `${label.padEnd(44)} sqlidem ${oursMs.toFixed(0).padStart(6)} ms  squawk ${theirsMs
      .toFixed(0)
      .padStart(6)} ms  ratio ${(oursMs / theirsMs).toFixed(2)}  peak ${oursMb.toFixed(0)} MB`,
  );
  return { oursMs, theirsMs };
}

/** Median of RUNS runs of one command; `prepare` runs (unmeasured) before each. */
function single(label, command, prepare = () => {}) {
  const runs = Array.from({ length: RUNS }, () => {
    prepare();
    return measure(...command);
  });
  const ms = median(runs.map((r) => r.ms));
  console.log(`${label.padEnd(44)} sqlidem ${ms.toFixed(0).padStart(6)} ms`);
  return ms;
}

if (!existsSync(corpus)) {
  console.log(`no corpus at ${corpus}; nothing to measure`);
  process.exit(0);
}
if (!existsSync(path.join(root, 'dist', 'src', 'cli.js'))) {
  console.error('build first: npm run build');
  process.exit(2);
}

const files = corpusFiles();
console.log(
  `sqlidem benchmark: ${files.length} corpus files, median of ${RUNS} runs, node ${process.version}`,
);
const lint = compare(
  'lint corpus (json output)',
  [process.execPath, [sqlidem, '--format', 'json', ...files], corpus],
  [squawk, ['--reporter', 'json', ...files], corpus],
);

const cacheFile = path.join(tmpdir(), `sqlidem-bench-${process.pid}.cache`);
rmSync(cacheFile, { force: true });
measure(
  process.execPath,
  [sqlidem, '--cache', '--cache-location', cacheFile, '--format', 'json', ...files],
  corpus,
);
const cached = compare(
  'lint corpus with --cache, nothing changed',
  [
    process.execPath,
    [sqlidem, '--cache', '--cache-location', cacheFile, '--format', 'json', ...files],
    corpus,
  ],
  [squawk, ['--reporter', 'json', ...files], corpus],
);
rmSync(cacheFile, { force: true });
console.log(`--cache / squawk: ${(cached.oursMs / cached.theirsMs).toFixed(2)} (target 0.3)`);

const small = mkdtempSync(path.join(tmpdir(), 'sqlidem-bench-'));
writeFileSync(
  path.join(small, '001.sql'),
  'CREATE TABLE IF NOT EXISTS t (id int);\nCREATE INDEX t_id ON t (id);\n',
);
compare(
  'one small file (pre-commit case)',
  [process.execPath, [sqlidem, '001.sql'], small],
  [squawk, ['001.sql'], small],
);

const copy = path.join(small, 'corpus');
const fixMs = single(
  '--fix on a fresh copy of the corpus',
  [process.execPath, [sqlidem, '--fix', '--format', 'json', ...files], copy],
  () => {
    rmSync(copy, { recursive: true, force: true });
    cpSync(corpus, copy, { recursive: true });
  },
);
console.log(`--fix / lint time: ${(fixMs / lint.oursMs).toFixed(2)}`);

// Scaling: copies of the corpus (10× always; 100× with --scale100, it takes minutes).
const scales = process.argv.includes('--scale100') ? [1, 10, 100] : [1, 10];
const perScale = new Map();
for (const scale of scales) {
  const dir = path.join(small, `x${scale}`);
  for (let copy = 0; copy < scale; copy++)
    cpSync(corpus, path.join(dir, `copy${copy}`), { recursive: true });
  rmSync(path.join(dir, 'copy0', 'PostgREST__postgrest', 'test__io__fixtures__big_schema.sql'), {
    force: true,
  });
  for (let copy = 1; copy < scale; copy++) {
    rmSync(
      path.join(dir, `copy${copy}`, 'PostgREST__postgrest', 'test__io__fixtures__big_schema.sql'),
      { force: true },
    );
  }
  const runs = scale >= 100 ? 1 : Math.min(RUNS, 3);
  const times = Array.from({ length: runs }, () =>
    measure(process.execPath, [sqlidem, '--format', 'json', '.'], dir),
  );
  const ms = median(times.map((r) => r.ms));
  perScale.set(scale, ms);
  console.log(
    `${`lint ${scale}× corpus (directory)`.padEnd(44)} sqlidem ${ms.toFixed(0).padStart(6)} ms  peak ${Math.max(...times.map((r) => r.rssMb)).toFixed(0)} MB  per copy ${(ms / scale).toFixed(0)} ms`,
  );
  rmSync(dir, { recursive: true, force: true });
}

// verify on PGlite: time to an empty database, statements per second, snapshot time.
const verifyDir = path.join(small, 'verify');
cpSync(path.join(root, 'test', 'data', 'catalogue.sql'), path.join(verifyDir, '001.sql'));
const verifyRun = spawnSync(process.execPath, [sqlidem, 'verify', '--format', 'json', verifyDir], {
  encoding: 'utf8',
});
try {
  const report = JSON.parse(verifyRun.stdout);
  const runMs = report.milliseconds.firstRun + report.milliseconds.secondRun;
  console.log(
    `verify on PGlite: fresh database ${report.setupMs.toFixed(0)} ms, ${((2 * report.statements) / (runMs / 1000)).toFixed(0)} statements/s, snapshot ${report.milliseconds.snapshot.toFixed(0)} ms`,
  );
} catch {
  console.log('verify on PGlite: could not run');
}
rmSync(small, { recursive: true, force: true });
