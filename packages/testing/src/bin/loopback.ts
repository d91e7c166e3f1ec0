#!/usr/bin/env node
/**
 * parley-loopback COMMAND [ARGS…]
 *
 * Runs COMMAND inside a fresh network namespace that holds only `lo`. It
 * re-runs itself through `unshare`, checks from inside that loopback is all
 * there is, and only then starts COMMAND. It never falls back to the host
 * network: when no namespace can be made it exits 3 with the reason.
 */
import { spawn } from 'node:child_process';
import { interfaceNames, isLoopbackOnly, loopbackNamespaceArgv } from '../netns.js';

const command = process.argv.slice(2);
const self = new URL(import.meta.url).pathname;

function refuse(message: string): never {
  console.error(`parley-loopback: ${message}`);
  process.exit(3);
}

function run(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  const [file, ...args] = argv;
  if (file === undefined) refuse('empty command');
  const child = spawn(file, args, { stdio: 'inherit', env });
  child.on('error', (error) => {
    if (argv[0] === 'unshare') {
      refuse(
        `cannot create a loopback-only network namespace: ${error.message}. ` +
          'Install util-linux and iproute2 (apt-get install util-linux iproute2) and run as root or with unprivileged user namespaces enabled.',
      );
    }
    refuse(`cannot start ${file}: ${error.message}`);
  });
  // Forward termination so that servers and browsers inside are cleaned up.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}

if (command.length === 0) {
  console.error('usage: parley-loopback COMMAND [ARGS…]');
  process.exit(2);
}

if (isLoopbackOnly()) {
  run(command, { ...process.env, PARLEY_LOOPBACK_NS: '1' });
} else if (process.env['PARLEY_LOOPBACK_NS'] === 'entering') {
  refuse(
    `unshare ran but the namespace still has ${interfaceNames().join(', ')}; refusing to run on the host network.`,
  );
} else {
  run(loopbackNamespaceArgv([process.execPath, self, ...command]), {
    ...process.env,
    PARLEY_LOOPBACK_NS: 'entering',
  });
}
