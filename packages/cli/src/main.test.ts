import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { encodeSignal } from '@parley/core';
import { encodeBundle } from '@parley/core/manual-exchange';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

const run = promisify(execFile);
const bin = new URL('../dist/bin/parley.js', import.meta.url).pathname;

function capture(stdinText?: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => err.push(t),
      ...(stdinText !== undefined && { stdin: Readable.from([stdinText]) }),
    },
    out,
    err,
  };
}

/** Runs the built command; resolves with its exit code and output (never rejects on a failing code). */
async function runBin(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { timeout: 10_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('parley', () => {
  it('--version prints the package version', async () => {
    const { stdout } = await run(process.execPath, [bin, '--version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--help lists usage, commands, options and exit codes, and exits 0', async () => {
    const { stdout } = await run(process.execPath, [bin, '--help']);
    expect(stdout).toContain('Usage:');
    expect(stdout).toContain('parley offer');
    expect(stdout).toContain('parley answer');
    for (const command of ['parley listen', 'parley caps', 'parley chat', '--accept-from', '--irc URL', '--ring']) {
      expect(stdout).toContain(command);
    }
    expect(stdout).toContain('--json');
    expect(stdout).toContain('Exit codes:');
  });

  it('an unknown command is a usage error (exit 2) with a hint', async () => {
    const c = capture();
    expect(await main(['frobnicate'], c.io)).toBe(2);
    expect(c.err.join('')).toContain("unknown command 'frobnicate'");
  });

  it('an unknown option is a usage error (exit 2) that names it', async () => {
    const c = capture();
    expect(await main(['offer', '--frobnicate'], c.io)).toBe(2);
    expect(c.err.join('')).toBe("parley offer: unknown option '--frobnicate'. Run 'parley --help' for the options.\n");
    expect(c.out).toEqual([]);
  });

  it('bad option values and extra arguments are usage errors (exit 2)', async () => {
    for (const argv of [
      ['offer', '--timeout', 'soon'],
      ['offer', 'P1abc'],
      ['answer', 'P1abc', 'P1def'],
      ['answer', '--ice-server', 'turn:turn.example:3478'],
      ['offer', '--relay-only'],
    ]) {
      const c = capture();
      expect(await main(argv, c.io), argv.join(' ')).toBe(2);
      expect(c.err.join(''), argv.join(' ')).toMatch(/^parley (offer|answer): .+ Run 'parley --help'/);
    }
  });

  it('the IRC commands refuse bad usage (exit 2) before connecting', async () => {
    for (const [argv, expected] of [
      [
        ['listen'],
        "parley listen: missing --irc URL (irc://, ircs://, ws:// or wss://). Run 'parley --help' for the options.\n",
      ],
      [
        ['caps', '--irc', 'irc://h', '--nick', 'a'],
        "parley caps: missing --to NICK (the peer). Run 'parley --help' for the options.\n",
      ],
      [
        ['chat', '--irc', 'ftp://h', '--nick', 'a', '--to', 'b'],
        /^parley chat: --irc takes an irc:\/\/, ircs:\/\/, ws:\/\/ or wss:\/\/ URL/,
      ],
    ] as const) {
      const c = capture();
      expect(await main(argv, c.io), argv.join(' ')).toBe(2);
      if (typeof expected === 'string') expect(c.err.join('')).toBe(expected);
      else expect(c.err.join('')).toMatch(expected);
      expect(c.out).toEqual([]);
    }
  });

  it('an unreachable IRC server exits 6 with a clear message', async () => {
    const { code, stdout, stderr } = await runBin(['caps', '--irc', 'irc://127.0.0.1:1', '--nick', 'a', '--to', 'b']);
    expect({ code, stdout }).toEqual({ code: 6, stdout: '' });
    expect(stderr).toMatch(/^parley: cannot connect to irc:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/);
  });

  it('`offer --help` prints the help and exits 0', async () => {
    const c = capture();
    expect(await main(['offer', '--help'], c.io)).toBe(0);
    expect(c.out.join('')).toContain('Usage:');
  });

  it('`parley answer garbage` exits 3 with a clear message, and no crash', async () => {
    const { code, stdout, stderr } = await runBin(['answer', 'garbage']);
    expect({ code, stdout, stderr }).toEqual({
      code: 3,
      stdout: '',
      stderr: 'parley: cannot read the offer: not a Parley invite (expected it to start with P2)\n',
    });
  });

  it('`parley answer` refuses damaged text and an answer given as the offer (exit 3)', async () => {
    const c = capture();
    expect(await main(['answer', 'P2AAAAA'], c.io)).toBe(3);
    expect(c.err.join('')).toMatch(/^parley: cannot read the offer: .*damaged/);

    const sdp = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
    const answerText = await encodeBundle([
      await encodeSignal({ type: 'sdp', callId: 'call1234', kind: 'answer', sdp }, { sdpEncoding: 't' }),
    ]);
    const d = capture();
    expect(await main(['answer', '--json', answerText], d.io)).toBe(3);
    expect(d.err.join('')).toContain("this is an answer, not an offer: paste it into 'parley offer'");
  });

  it('`parley answer` with an empty stdin exits 3', async () => {
    const c = capture('\n\n');
    expect(await main(['answer'], c.io)).toBe(3);
    expect(c.err.join('')).toBe('parley: stdin ended before the offer came\n');
  });
});
