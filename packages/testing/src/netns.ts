import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

/** Names of the network interfaces in this process's network namespace. */
export function interfaceNames(): string[] {
  // /proc/self/net/dev reflects the namespace of the reading process (unlike
  // /sys/class/net, which shows the namespace that mounted sysfs).
  const text = readFileSync('/proc/self/net/dev', 'utf8');
  return text
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0]?.trim() ?? '')
    .filter((name) => name.length > 0);
}

/** True when this process can reach nothing but loopback. */
export function isLoopbackOnly(): boolean {
  const names = interfaceNames();
  if (names.length !== 1 || names[0] !== 'lo') return false;
  const lo = networkInterfaces()['lo'] ?? [];
  return lo.some((a) => a.address === '127.0.0.1');
}

export class NotInLoopbackNamespaceError extends Error {
  override name = 'NotInLoopbackNamespaceError';
}

/**
 * Refuses to go on unless this process runs in a loopback-only namespace.
 * Every test that starts a browser or a WebRTC peer calls this first: those
 * leak DNS/mDNS and gather candidates on every interface otherwise.
 */
export function assertLoopbackOnly(): void {
  if (isLoopbackOnly()) return;
  throw new NotInLoopbackNamespaceError(
    `Refusing to start browsers or WebRTC peers on the host network (interfaces: ${interfaceNames().join(', ')}).\n` +
      'Run this through `parley-loopback <command>` (what `pnpm test` does), which re-runs it in `unshare -n`.',
  );
}

/** The argv that runs `command` inside a fresh namespace holding only `lo`, brought up. */
export function loopbackNamespaceArgv(command: readonly string[]): string[] {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return ['unshare', isRoot ? '-n' : '-rn', '--', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', ...command];
}
