import { describe, expect, it } from 'vitest';
import { parseSessionArgs } from './options.js';

function message(args: string[], maxPositionals = 0): string {
  const parsed = parseSessionArgs(args, maxPositionals);
  if (parsed.ok) throw new Error(`expected ${args.join(' ')} to be refused`);
  return parsed.message;
}

describe('parseSessionArgs', () => {
  it('has defaults', () => {
    expect(parseSessionArgs([], 0)).toEqual({
      ok: true,
      help: false,
      positionals: [],
      options: {
        json: false,
        relayOnly: false,
        iceServers: [],
        connectTimeoutMs: undefined,
        qr: false,
        linkBase: undefined,
      },
    });
  });

  it('reads --qr and --link, and refuses a --link that is not an http(s) URL', () => {
    const parsed = parseSessionArgs(['--qr', '--link', 'https://parley.example/join/'], 0);
    expect(parsed.ok && parsed.options).toMatchObject({ qr: true, linkBase: 'https://parley.example/join/' });
    expect(message(['--link', 'parley.example/join'])).toBe(
      "--link takes the join page's http(s) URL, not 'parley.example/join'",
    );
    expect(message(['--link', 'https://x.example/#frag'])).toMatch(/^--link takes/);
  });

  it('reads every option', () => {
    const parsed = parseSessionArgs(
      [
        '--json',
        '--relay-only',
        '--ice-server',
        'stun:stun.example:3478',
        '--ice-server=turn:turn.example:3478?transport=udp',
        '--ice-username',
        'u',
        '--ice-credential',
        'p',
        '--timeout',
        '2.5',
        'P1abc',
      ],
      1,
    );
    expect(parsed).toEqual({
      ok: true,
      help: false,
      positionals: ['P1abc'],
      options: {
        json: true,
        relayOnly: true,
        iceServers: [
          { urls: 'stun:stun.example:3478' },
          { urls: 'turn:turn.example:3478?transport=udp', username: 'u', credential: 'p' },
        ],
        connectTimeoutMs: 2500,
        qr: false,
        linkBase: undefined,
      },
    });
  });

  it('refuses unknown options and extra arguments', () => {
    expect(message(['--frobnicate'])).toBe("unknown option '--frobnicate'");
    expect(message(['P1abc'])).toBe("unexpected argument 'P1abc'");
    expect(message(['a', 'b'], 1)).toBe("unexpected argument 'b'");
    expect(message(['--timeout'])).toMatch(/--timeout/);
  });

  it('refuses bad values', () => {
    for (const t of ['0', '-1', 'soon', '1e3', '']) expect(message([`--timeout=${t}`])).toMatch(/positive number/);
    expect(message(['--timeout', '-1'])).toBe("Option '--timeout' argument is ambiguous");
    expect(message(['--ice-server', 'http://x'])).toMatch(/stun:, stuns:, turn: or turns: URL/);
    expect(message(['--ice-server', 'turn:x:3478'])).toMatch(/needs --ice-username and --ice-credential/);
    expect(message(['--ice-username', 'u', '--ice-credential', 'p'])).toMatch(/apply to turn: servers/);
    expect(message(['--relay-only'])).toMatch(/needs a TURN server/);
  });
});
