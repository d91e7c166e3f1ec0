import { describe, expect, it } from 'vitest';
import { parseIrcArgs, type IrcCommand } from './irc-options.js';

const IRC = ['--irc', 'irc://irc.example:6667', '--nick', 'alice'];

function message(command: IrcCommand, args: string[]): string {
  const parsed = parseIrcArgs(command, args);
  if (parsed.ok) throw new Error(`expected ${command} ${args.join(' ')} to be refused`);
  return parsed.message;
}

describe('parseIrcArgs', () => {
  it('listen: defaults, and every option', () => {
    expect(parseIrcArgs('listen', IRC)).toEqual({
      ok: true,
      help: false,
      options: {
        irc: 'irc://irc.example:6667',
        nick: 'alice',
        json: false,
        to: undefined,
        acceptFrom: [],
        acceptAny: false,
        relayOnly: false,
        iceServers: [],
        timeoutMs: undefined,
        ringMs: undefined,
        joinLink: undefined,
      },
    });
    expect(parseIrcArgs('listen', [...IRC, '--accept-any'])).toMatchObject({ ok: true, options: { acceptAny: true } });
    expect(message('listen', [...IRC, '--accept-any', '--accept-from', 'bob'])).toBe(
      '--accept-any and --accept-from exclude each other',
    );
    expect(message('chat', [...IRC, '--to', 'bob', '--accept-any'])).toBe("unknown option '--accept-any'");
    const parsed = parseIrcArgs('listen', [
      '--irc=wss://irc.example/socket',
      '--nick',
      'bob[away]',
      '--accept-from',
      'alice',
      '--accept-from=Carol_',
      '--json',
      '--ice-server',
      'turn:turn.example:3478',
      '--ice-username',
      'u',
      '--ice-credential',
      'p',
      '--relay-only',
      '--timeout',
      '7.5',
    ]);
    expect(parsed).toMatchObject({
      ok: true,
      options: {
        irc: 'wss://irc.example/socket',
        nick: 'bob[away]',
        acceptFrom: ['alice', 'Carol_'],
        json: true,
        relayOnly: true,
        iceServers: [{ urls: 'turn:turn.example:3478', username: 'u', credential: 'p' }],
        timeoutMs: 7500,
      },
    });
  });

  it('caps and chat need --to; chat takes --ring', () => {
    expect(parseIrcArgs('caps', [...IRC, '--to', 'bob', '--timeout', '2'])).toMatchObject({
      ok: true,
      options: { to: 'bob', timeoutMs: 2000 },
    });
    expect(parseIrcArgs('chat', [...IRC, '--to', 'bob', '--ring', '30', '--json'])).toMatchObject({
      ok: true,
      options: { to: 'bob', ringMs: 30_000, json: true },
    });
    expect(parseIrcArgs('chat', [...IRC, '--to', 'bob', '--join-link', 'https://parley.example/join/'])).toMatchObject({
      ok: true,
      options: { to: 'bob', joinLink: 'https://parley.example/join/' },
    });
    expect(message('caps', IRC)).toBe('missing --to NICK (the peer)');
    expect(message('chat', IRC)).toBe('missing --to NICK (the peer)');
  });

  it('--help needs nothing else', () => {
    expect(parseIrcArgs('chat', ['--help'])).toMatchObject({ ok: true, help: true });
    expect(parseIrcArgs('listen', ['-h'])).toMatchObject({ ok: true, help: true });
  });

  it('refuses what a command does not take', () => {
    expect(message('caps', [...IRC, '--to', 'bob', '--ice-server', 'stun:x'])).toBe("unknown option '--ice-server'");
    expect(message('caps', [...IRC, '--to', 'bob', '--accept-from', 'x'])).toBe("unknown option '--accept-from'");
    expect(message('listen', [...IRC, '--to', 'bob'])).toBe("unknown option '--to'");
    expect(message('listen', [...IRC, '--ring', '3'])).toBe("unknown option '--ring'");
    expect(message('caps', [...IRC, '--to', 'bob', '--join-link', 'https://x/'])).toBe("unknown option '--join-link'");
    expect(message('chat', [...IRC, '--to', 'bob', 'extra'])).toMatch(/extra/);
  });

  it('refuses missing or bad servers and nicks', () => {
    expect(message('listen', ['--nick', 'a'])).toMatch(/^missing --irc URL/);
    expect(message('listen', ['--irc', 'irc://h'])).toBe('missing --nick NICK');
    expect(message('listen', ['--irc', 'irc.example', '--nick', 'a'])).toMatch(/takes a URL such as irc:\/\//);
    expect(message('listen', ['--irc', 'http://irc.example', '--nick', 'a'])).toMatch(
      /irc:\/\/, ircs:\/\/, ws:\/\/ or wss:\/\//,
    );
    for (const nick of ['', 'two words', '#chan', 'a,b', 'nick!user', '9lives', '-x', 'tab\there']) {
      expect(message('listen', ['--irc', 'irc://h', `--nick=${nick}`])).toBe(`--nick: '${nick}' is not a nick`);
    }
    expect(message('chat', [...IRC, '--to', 'b@d'])).toBe("--to: 'b@d' is not a nick");
    expect(message('listen', [...IRC, '--accept-from', 'ok', '--accept-from', '*'])).toBe(
      "--accept-from: '*' is not a nick",
    );
  });

  it('refuses bad values', () => {
    expect(message('caps', [...IRC, '--to', 'b', '--timeout', '0'])).toMatch(/--timeout takes a positive number/);
    expect(message('chat', [...IRC, '--to', 'b', '--ring=soon'])).toBe(
      "--ring takes a positive number of seconds, not 'soon'",
    );
    expect(message('listen', [...IRC, '--relay-only'])).toMatch(/needs a TURN server/);
    for (const base of ['parley.example/join/', 'ftp://parley.example/', 'https://parley.example/join/#offer']) {
      expect(message('chat', [...IRC, '--to', 'b', '--join-link', base])).toBe(
        `--join-link takes the join page's http(s) URL, not '${base}'`,
      );
    }
    expect(message('chat', [...IRC, '--to', 'b', '--ice-server', 'turn:x'])).toMatch(/needs --ice-username/);
  });
});
