// Helpers shared by `pnpm start` and `pnpm test`. Plain Node, no dependencies:
// these run before anything is installed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command, streaming its output; resolves with { code, output }. */
export function run(command, args, { capture = false, env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...env },
    });
    let output = '';
    if (capture) {
      child.stdout.on('data', (d) => {
        process.stdout.write(d);
        output += d;
      });
      child.stderr.on('data', (d) => {
        process.stderr.write(d);
        output += d;
      });
    }
    child.on('error', (error) => resolve({ code: 127, output: `${output}\n${error.message}` }));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** Installs the workspace's packages when node_modules is missing or older than the lockfile. */
export async function ensureInstalled() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return true;
  console.log('» Installing packages (pnpm install --frozen-lockfile)…');
  const { code } = await run('pnpm', ['install', '--frozen-lockfile']);
  return code === 0;
}

export function hasProgram(name) {
  return spawnSync('sh', ['-c', `command -v ${name} || test -x /usr/sbin/${name}`], { stdio: 'ignore' }).status === 0;
}
