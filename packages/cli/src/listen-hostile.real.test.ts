import { IrcRawClient, startInspircd, type InspircdServer } from '@parley/testing';
import { mulberry32 } from '@parley/testing/prng';
import { printLogsOnFailure } from '@parley/testing/vitest';
import { afterEach, describe, expect, it } from 'vitest';
import { HostileLines, type HostileLine } from './hostile-lines.test-util.js';
import { Parley } from './parley-process.test-util.js';

const SEED = 20240604;
const LINES = 3000;
/** Lines (or bytes) sent before waiting for the server's PONG: the fuzzing clients never flood the server. */
const BATCH = { lines: 25, bytes: 16_000 };

let server: InspircdServer | undefined;
let listener: Parley | undefined;
const clients: IrcRawClient[] = [];

afterEach(async () => {
  if (listener?.child.exitCode === null) listener.child.kill('SIGKILL');
  for (const client of clients.splice(0)) client.quit();
  await server?.stop();
  server = undefined;
});

/** A raw client that sends in paced batches: each ends with a PING whose PONG must come back first. */
class Fuzzer {
  readonly client: IrcRawClient;
  #pending: HostileLine[] = [];
  #bytes = 0;
  #marks = 0;
  disconnected = false;

  constructor(client: IrcRawClient) {
    this.client = client;
    void client.closed.then(() => (this.disconnected = true));
  }

  async push(line: HostileLine): Promise<void> {
    this.#pending.push(line);
    this.#bytes += typeof line === 'string' ? Buffer.byteLength(line) : line.length;
    if (this.#pending.length >= BATCH.lines || this.#bytes >= BATCH.bytes) await this.flush();
  }

  async flush(): Promise<void> {
    for (const line of this.#pending.splice(0)) {
      if (typeof line === 'string') this.client.send(line);
      else this.client.sendBytes(line);
    }
    this.#bytes = 0;
    const mark = `mark${++this.#marks}`;
    this.client.send(`PING :${mark}`);
    await this.client.waitFor((l) => / PONG /.test(l) && l.endsWith(mark), 10_000);
  }
}

describe('parley listen under hostile input (relaxed InspIRCd, so the fuzzing clients are not cut off)', () => {
  it(`survives ${LINES}+ fuzzed and malformed lines, then still answers a good capabilities query`, async () => {
    server = await startInspircd({ profile: 'relaxed' });
    printLogsOnFailure(server);
    const target = 'target7';
    listener = new Parley([
      'listen',
      '--json',
      '--irc',
      server.ircUrl,
      '--nick',
      target,
      '--accept-from',
      'fuzz1',
      '--timeout',
      '2',
    ]);
    await listener.next((e) => e.event === 'listening');
    // fuzz1 is allowed (its offers reach the call machinery); fuzz2 is not.
    const connect = async (nick: string) => {
      const client = await IrcRawClient.connect(server!.port, nick, { caps: ['message-tags'] });
      clients.push(client);
      return new Fuzzer(client);
    };
    const fuzzers = [await connect('fuzz1'), await connect('fuzz2')];
    const random = mulberry32(SEED);
    const hostile = new HostileLines(random, { target, callIds: ['fuzzcall1', 'fuzzcall2', 'x'] });

    const started = Date.now();
    let sent = 0;
    while (sent < LINES) {
      const fuzzer = fuzzers[random() < 0.67 ? 0 : 1]!;
      for (const line of hostile.next()) {
        await fuzzer.push(line);
        sent++;
      }
    }
    await Promise.all(fuzzers.map((f) => f.flush()));
    const sendMs = Date.now() - started;

    // A good query, after everything above (the server relays in order). IrcSignaling answers at most
    // 20 queries a minute from everyone together, and the fuzz used them up: ask again until a token is back.
    const checker = await IrcRawClient.connect(server.port, 'checker7');
    clients.push(checker);
    let tries = 0;
    let answer: string | undefined;
    while (!answer && tries < 6) {
      tries++;
      checker.send(`PRIVMSG ${target} :\x01WEBRTC CAPABILITIES\x01`);
      answer = await checker
        .waitFor((l) => l.startsWith(`:${target}!`) && / CAPABILITIES .*CHAT/.test(l), 3500)
        .catch(() => undefined);
    }
    const kinds = Object.entries(hostile.counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    const count = (event: string) => listener!.events.filter((e) => e.event === event).length;
    console.log(
      `sent ${sent} hostile lines in ${sendMs} ms (${kinds}); listener events: ` +
        `signal-error ${count('signal-error')}, blocked ${count('blocked')}, incoming ${count('incoming')}, ` +
        `ended ${count('ended')}; capabilities answered after ${tries} ${tries === 1 ? 'query' : 'queries'}`,
    );

    expect(answer).toMatch(new RegExp(`^:${target}!\\S+ NOTICE checker7 :\\x01WEBRTC CAPABILITIES CHAT PARLEY/1`));
    expect(listener.child.exitCode).toBeNull();
    const stderr = listener.stderr.join('');
    expect(stderr.split('\n').filter((l) => l && !l.startsWith('parley: '))).toEqual([]);
    expect(stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(stderr).not.toMatch(/TypeError|RangeError|ReferenceError|Unhandled|uncaught/i);
    expect(fuzzers.map((f) => f.disconnected)).toEqual([false, false]);
    expect(sent).toBeGreaterThanOrEqual(LINES);
    for (const n of Object.values(hostile.counts)) expect(n).toBeGreaterThan(0);
    // The input reached the listener's parsers and policy, not only the server's.
    expect(count('signal-error')).toBeGreaterThan(100);
    expect(listener.events.some((e) => e.event === 'blocked' && e.nick === 'fuzz2')).toBe(true);
    expect(listener.events.some((e) => e.event === 'incoming' && e.from === 'fuzz1')).toBe(true);
    expect(listener.events.some((e) => e.event === 'incoming' && e.from === 'fuzz2')).toBe(false);

    // The server goes away: the listener reports it and exits 6.
    await server.stop();
    server = undefined;
    expect(await listener.exited).toBe(6);
    expect(listener.events.at(-1)?.event).toBe('disconnected');
    expect(listener.stderr.join('')).toMatch(/parley: the IRC connection closed: .+\n$/);
  }, 60_000);
});
