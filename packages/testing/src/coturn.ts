import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireExecutable } from './executables.js';
import { ManagedProcess } from './managed-process.js';
import { freePort, freePortRange, waitForTcp } from './ports.js';

export interface TurnServer {
  readonly port: number;
  readonly username: string;
  readonly credential: string;
  /** An RTCIceServer for this relay, over UDP and TCP. */
  readonly iceServer: { urls: string[]; username: string; credential: string };
  log(): string;
  /** Kills it at once, as a crash would (for ICE restart tests). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts coturn on loopback with freshly generated long-term credentials. */
export async function startCoturn(options: { realm?: string } = {}): Promise<TurnServer> {
  const binary = requireExecutable('turnserver');
  const dir = mkdtempSync(join(tmpdir(), 'parley-coturn-'));
  const port = await freePort();
  const [minPort, maxPort] = await freePortRange(50);
  const username = `parley-${randomBytes(4).toString('hex')}`;
  const credential = randomBytes(12).toString('base64url');
  const realm = options.realm ?? 'parley.test';
  const proc = new ManagedProcess('coturn', binary, [
    '-n',
    '--listening-ip=127.0.0.1',
    `--listening-port=${port}`,
    '--relay-ip=127.0.0.1',
    `--min-port=${minPort}`,
    `--max-port=${maxPort}`,
    '--lt-cred-mech',
    `--user=${username}:${credential}`,
    `--realm=${realm}`,
    '--fingerprint',
    // Without this a relay to 127.0.0.1 is refused (403) and ICE just fails.
    '--allow-loopback-peers',
    '--no-cli',
    '--no-tls',
    '--no-dtls',
    `--userdb=${join(dir, 'turndb')}`,
    `--pidfile=${join(dir, 'turnserver.pid')}`,
    '--log-file=stdout',
    '--simple-log',
  ]);
  try {
    await Promise.race([
      waitForTcp(port),
      proc.exited.then((code) => {
        throw new Error(`coturn exited with ${code} before listening`);
      }),
    ]);
  } catch (error) {
    await proc.stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n${proc.log()}`, { cause: error });
  }
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  return {
    port,
    username,
    credential,
    iceServer: {
      urls: [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`],
      username,
      credential,
    },
    log: () => proc.log(),
    async kill() {
      await proc.kill();
      cleanup();
    },
    async stop() {
      await proc.stop();
      cleanup();
    },
  };
}
