#!/usr/bin/env node
// `pnpm test`: the whole suite. On the host it installs what is missing
// (system packages, node_modules) and builds; then it re-runs itself inside a
// loopback-only network namespace, where every check runs, and ends with one
// line `Summary: N passed, M failed`. Exit code 0 only when nothing failed.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstalled, hasProgram, root, run } from './lib.mjs';

const SYSTEM = [
  ['chromium', 'chromium'],
  ['inspircd', 'inspircd'],
  ['turnserver', 'coturn'],
  ['unshare', 'util-linux'],
  ['ip', 'iproute2'],
  ['firefox-esr', 'firefox-esr'],
];
const results = [];
const resultsDir = join(root, '.test-results');

function finish() {
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log('\n» Results');
  for (const r of results) {
    console.log(
      `  ${r.failed ? '✗' : '✓'} ${r.name.padEnd(10)} ${r.passed} passed, ${r.failed} failed${r.note ? `  (${r.note})` : ''}`,
    );
  }
  console.log(`Summary: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

/** A check that is not a test runner counts as one test. */
async function check(name, command, args) {
  console.log(`\n» ${name}: ${command} ${args.join(' ')}`);
  const { code } = await run(command, args);
  results.push({ name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 });
}

async function vitest(name, args) {
  const file = join(resultsDir, `${name}.json`);
  rmSync(file, { force: true });
  console.log(`\n» ${name}: vitest ${args.join(' ')}`);
  const { code } = await run('pnpm', [
    'exec',
    'vitest',
    'run',
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${file}`,
  ]);
  let passed = 0;
  let failed = 0;
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed = report.numPassedTests;
    failed = report.numFailedTests;
  } catch {
    // no report: the runner itself failed, counted below
  }
  const note = code !== 0 && failed === 0 ? `runner exited ${code}` : passed === 0 ? 'no tests ran' : undefined;
  if (note) failed += 1;
  results.push({ name, passed, failed, note });
}

async function webTestRunner(name) {
  console.log(`\n» ${name}: web-test-runner`);
  const { code, output } = await run('pnpm', ['exec', 'web-test-runner'], { capture: true });
  const counts = [...output.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
  let passed = counts ? Number(counts[1]) : 0;
  let failed = counts ? Number(counts[2]) : 0;
  const note = code !== 0 && failed === 0 ? `runner exited ${code}` : passed === 0 ? 'no tests ran' : undefined;
  if (note) failed += 1;
  results.push({ name, passed, failed, note });
}

async function host() {
  const missing = SYSTEM.filter(([program]) => !hasProgram(program)).map(([, pkg]) => pkg);
  if (missing.length > 0) {
    const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
    if (process.getuid?.() !== 0) {
      console.error(`» Missing system packages: ${missing.join(', ')}. Install them with:\n  sudo sh -c '${command}'`);
      results.push({ name: 'system', passed: 0, failed: 1, note: 'missing system packages' });
      finish();
    }
    console.log(`» Installing system packages: ${missing.join(', ')}`);
    const { code } = await run('sh', ['-c', command], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    if (code !== 0) {
      results.push({ name: 'system', passed: 0, failed: 1, note: 'apt-get failed' });
      finish();
    }
  }
  if (!(await ensureInstalled())) {
    results.push({ name: 'install', passed: 0, failed: 1, note: 'pnpm install failed' });
    finish();
  }
  await check('build', 'pnpm', ['run', 'build']);
  if (results.at(-1).failed) finish();
  // Everything else runs where only loopback exists.
  const { code } = await run(
    process.execPath,
    [join(root, 'packages/testing/dist/bin/loopback.js'), process.execPath, join(root, 'scripts/test.mjs'), '--inside'],
    { env: { PARLEY_TEST_PRIOR: JSON.stringify(results) } },
  );
  process.exit(code);
}

async function inside() {
  results.push(...JSON.parse(process.env.PARLEY_TEST_PRIOR ?? '[]'));
  mkdirSync(resultsDir, { recursive: true });
  await check('lint', 'pnpm', ['run', 'lint']);
  await check('apps', 'pnpm', ['run', 'build:apps']);
  await vitest('unit', ['--project', 'unit']);
  await webTestRunner('browser');
  await vitest('real', ['--project', 'real']);
  await vitest('storybook', ['--config', '.storybook/vitest.config.ts']);
  finish();
}

await (process.argv.includes('--inside') ? inside() : host());
