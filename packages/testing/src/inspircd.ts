import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireExecutable } from './executables.js';
import { ManagedProcess } from './managed-process.js';
import { freePort, waitForTcp } from './ports.js';

/**
 * `default`: InspIRCd's own flood control, as most networks run it (a burst of
 * more than ~4 KB of commands is "RecvQ exceeded"; then ~1 command/s with
 * fakelag). `relaxed`: no fakelag and large queues, for tests about other things.
 */
export type InspircdProfile = 'default' | 'relaxed';

export interface InspircdOptions {
  profile?: InspircdProfile;
  serverName?: string;
}

export interface InspircdServer {
  readonly host: '127.0.0.1';
  /** Plain TCP client port. */
  readonly port: number;
  /** WebSocket client port (subprotocol `text.inspircd.org`, one line per frame). */
  readonly wsPort: number;
  readonly ircUrl: string;
  readonly wsUrl: string;
  readonly serverName: string;
  readonly profile: InspircdProfile;
  /** The server's log so far (stdout and its log file). */
  log(): string;
  stop(): Promise<void>;
}

const MODULES = [
  'cap',
  'ircv3',
  'ircv3_ctctags', // message-tags and TAGMSG
  'monitor', // MONITOR: peers' QUIT and nick changes without a shared channel
  'ircv3_msgid',
  'ircv3_servertime',
  'ircv3_echomessage',
  'ircv3_batch',
  'sha1', // needed by websocket
  'websocket',
];

export function inspircdConfig(options: {
  port: number;
  wsPort: number;
  profile: InspircdProfile;
  serverName: string;
  logFile: string;
}): string {
  // Only the limits that are not flood control are raised for `default`
  // (every test client comes from 127.0.0.1, so the per-IP limits must go).
  const flood =
    options.profile === 'relaxed'
      ? ' threshold="1000" commandrate="1000000" fakelag="no" recvq="65536" softsendq="1048576" hardsendq="4194304"'
      : '';
  return [
    `<server name="${options.serverName}" description="Parley test server" network="ParleyTest">`,
    '<admin name="Parley rig" nick="parley" email="parley@localhost">',
    `<bind address="127.0.0.1" port="${options.port}" type="clients">`,
    `<bind address="127.0.0.1" port="${options.wsPort}" type="clients" hook="websocket">`,
    `<connect name="main" allow="*" resolvehostnames="no" localmax="10000" globalmax="10000" maxchans="100" timeout="20" pingfreq="120"${flood}>`,
    options.profile === 'relaxed' ? '<performance netbuffersize="65534">' : '',
    '<dns server="127.0.0.1" timeout="1">',
    '<options prefixquit="Quit: ">',
    `<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="${options.logFile}">`,
    ...MODULES.map((m) => `<module name="${m}">`),
    '<websocket sendastext="yes">',
    '<wsorigin allow="*">',
    '',
  ].join('\n');
}

/** Starts InspIRCd on free loopback ports and resolves once it accepts clients. */
export async function startInspircd(options: InspircdOptions = {}): Promise<InspircdServer> {
  const binary = requireExecutable('inspircd');
  const profile = options.profile ?? 'default';
  const serverName = options.serverName ?? 'irc.parley.test';
  const dir = mkdtempSync(join(tmpdir(), 'parley-inspircd-'));
  const logFile = join(dir, 'inspircd.log');
  const configFile = join(dir, 'inspircd.conf');
  const [port, wsPort] = [await freePort(), await freePort()];
  writeFileSync(configFile, inspircdConfig({ port, wsPort, profile, serverName, logFile }));
  const proc = new ManagedProcess('inspircd', binary, ['--nofork', '--runasroot', '--nopid', `--config=${configFile}`]);
  const log = (): string => {
    const file = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    return `${proc.log()}\n----- inspircd log file -----\n${file}`;
  };
  try {
    await Promise.race([
      Promise.all([waitForTcp(port), waitForTcp(wsPort)]),
      proc.exited.then((code) => {
        throw new Error(`inspircd exited with ${code} before accepting clients`);
      }),
    ]);
  } catch (error) {
    await proc.stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n${log()}`, { cause: error });
  }
  return {
    host: '127.0.0.1',
    port,
    wsPort,
    ircUrl: `irc://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    serverName,
    profile,
    log,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
