/** What every benchmark shares: the text table, the results file, and the loopback-only namespace. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_DIR } from './bundle-size.js';

export const REPO_DIR = resolve(BENCH_DIR, '..');
const LOOPBACK_BIN = fileURLToPath(new URL('../../packages/testing/dist/bin/loopback.js', import.meta.url));

/** A plain-text table: the first `leftColumns` columns left-aligned, the rest right-aligned. */
export function table(header: string[], rows: string[][], leftColumns: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i < leftColumns ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Writes `bench/results/<name>.json` and says so. */
export async function writeResults(name: string, json: unknown): Promise<void> {
  const file = join(BENCH_DIR, 'results', `${name}.json`);
  await mkdir(join(BENCH_DIR, 'results'), { recursive: true });
  await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nwrote ${relative(REPO_DIR, file)}`);
}

/** Re-runs this very command (same Node flags, e.g. tsx's loader) through parley-loopback. */
export function reexecInLoopback(): void {
  if (process.env['PARLEY_LOOPBACK_NS'] === '1') {
    throw new Error('parley-loopback started this process, yet more than loopback is up; refusing to go on.');
  }
  if (!existsSync(LOOPBACK_BIN)) {
    throw new Error(
      `${relative(REPO_DIR, LOOPBACK_BIN)} is missing: build @parley/testing first (npx tsc -b packages/testing).`,
    );
  }
  const command = [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  const child = spawn(process.execPath, [LOOPBACK_BIN, ...command], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`could not start ${LOOPBACK_BIN}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}
