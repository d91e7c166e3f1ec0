#!/usr/bin/env node
// `pnpm start`: install what is missing, build, then serve Storybook and the
// demo apps on loopback until interrupted. Needs no outside server.
import { ensureInstalled, run } from './lib.mjs';

if (!(await ensureInstalled())) process.exit(1);
const build = await run('pnpm', ['run', 'build']);
if (build.code !== 0) process.exit(build.code);

console.log(`
» Parley is starting:
    Storybook   http://127.0.0.1:6006
    Chat app    http://127.0.0.1:5173
    Join page   http://127.0.0.1:5174
  Press Ctrl+C to stop.
`);
const jobs = [
  run('pnpm', ['exec', 'storybook', 'dev', '--host', '127.0.0.1', '-p', '6006', '--ci', '--disable-telemetry']),
  run('pnpm', ['--filter', '@parley/chat', 'run', 'dev']),
  run('pnpm', ['--filter', '@parley/join', 'run', 'dev']),
];
const first = await Promise.race(jobs);
process.exit(first.code);
