import { ParleyError } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { escapeTagValue, formatIrcLine, MAX_IRC_LINE_BYTES, parseIrcLine, unescapeTagValue } from './irc-message.js';

function parse(line: string) {
  const result = parseIrcLine(line);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(line)} to parse: ${result.error.message}`);
  return result.value;
}

describe('parseIrcLine', () => {
  it('reads tags, source, command and a trailing param', () => {
    const msg = parse(
      '@time=2024-01-01T00:00:00.000Z;+parley.dev/s=a\\sb :alice!~al@host.example PRIVMSG bob :hi there',
    );
    expect(msg).toEqual({
      tags: { time: '2024-01-01T00:00:00.000Z', '+parley.dev/s': 'a b' },
      source: { nick: 'alice', user: '~al', host: 'host.example' },
      sourceRaw: 'alice!~al@host.example',
      command: 'PRIVMSG',
      params: ['bob', 'hi there'],
    });
  });

  it('keeps a server name as the source nick, and tolerates a trailing CRLF and repeated spaces', () => {
    const msg = parse(':irc.parley.test  001   alice  :Welcome\r\n');
    expect(msg.source).toEqual({ nick: 'irc.parley.test' });
    expect(msg.command).toBe('001');
    expect(msg.params).toEqual(['alice', 'Welcome']);
  });

  it('uppercases commands and reads lines without source or tags', () => {
    expect(parse('ping :token')).toMatchObject({ command: 'PING', params: ['token'], tags: {} });
    expect(parse('PING token').source).toBeUndefined();
  });

  it('keeps an empty trailing param and a colon inside the trailing param', () => {
    expect(parse(':a PRIVMSG b :').params).toEqual(['b', '']);
    expect(parse(':a PRIVMSG b ::-) x').params).toEqual(['b', ':-) x']);
  });

  it('reads a tag without a value as the empty string and lets later duplicates win', () => {
    expect(parse('@a;b=;a=2;;c=x TAGMSG bob').tags).toEqual({ a: '2', b: '', c: 'x' });
  });

  it('reads the nick of a source with only a host part', () => {
    expect(parse(':nick@host QUIT').source).toEqual({ nick: 'nick', host: 'host' });
  });

  it.each([
    ['', 'no valid command'],
    ['@a=b', 'tags but no command'],
    [':only-source', 'no valid command'],
    [': PRIVMSG x', 'empty source'],
    ['12 x', 'no valid command'],
    ['PRIVMSG a\0b', 'NUL'],
    ['PRIVMSG a\rb', 'CR'],
    ['@k$y=1 PING', 'bad tag key'],
  ])('refuses %j with a typed error', (line, why) => {
    const result = parseIrcLine(line);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(ParleyError);
      expect(result.error.code).toBe('malformed-signal');
      expect(result.error.message).toContain(why);
    }
  });

  it('refuses lines over 8191+512 bytes, counting UTF-8 bytes', () => {
    const base = 'PRIVMSG bob :';
    expect(parseIrcLine(base + 'x'.repeat(MAX_IRC_LINE_BYTES - base.length)).ok).toBe(true);
    const tooLong = parseIrcLine(base + 'x'.repeat(MAX_IRC_LINE_BYTES - base.length + 1));
    expect(tooLong.ok || tooLong.error.code).toBe('signal-too-long');
    // 3000 three-byte characters: 3000 UTF-16 units but 9000 bytes.
    const wide = parseIrcLine(base + '€'.repeat(3000));
    expect(wide.ok || wide.error.code).toBe('signal-too-long');
  });
});

describe('tag value escaping', () => {
  it('escapes the five special characters as the spec shows', () => {
    expect(escapeTagValue('a;b c\\d\re\nf')).toBe('a\\:b\\sc\\\\d\\re\\nf');
  });

  it('unescapes unknown escapes to the character and drops a lone trailing backslash', () => {
    expect(unescapeTagValue('\\x\\:\\s')).toBe('x; ');
    expect(unescapeTagValue('abc\\')).toBe('abc');
  });

  it('round-trips every string built from special and ordinary characters', () => {
    const alphabet = [';', ' ', '\\', '\r', '\n', 's', ':', 'r', 'n', 'é', '😀', '='];
    for (let n = 0; n < 2000; n++) {
      let value = '';
      for (let i = n; i > 0; i = Math.floor(i / alphabet.length)) value += alphabet[i % alphabet.length];
      expect(unescapeTagValue(escapeTagValue(value))).toBe(value);
    }
  });

  it('survives format then parse with any tag value', () => {
    const value = 'x;y z\\w\r\n😀';
    const line = formatIrcLine({ tags: { '+parley.dev/s': value, flag: '' }, command: 'TAGMSG', params: ['bob'] });
    expect(line).toBe('@+parley.dev/s=x\\:y\\sz\\\\w\\r\\n😀;flag TAGMSG bob');
    expect(parse(line).tags).toEqual({ '+parley.dev/s': value, flag: '' });
  });
});

describe('formatIrcLine', () => {
  it('makes the last param trailing only when it has to be', () => {
    expect(formatIrcLine({ command: 'PRIVMSG', params: ['bob', 'hi'] })).toBe('PRIVMSG bob hi');
    expect(formatIrcLine({ command: 'PRIVMSG', params: ['bob', 'hi there'] })).toBe('PRIVMSG bob :hi there');
    expect(formatIrcLine({ command: 'PRIVMSG', params: ['bob', ':)'] })).toBe('PRIVMSG bob ::)');
    expect(formatIrcLine({ command: 'AWAY', params: [''] })).toBe('AWAY :');
    expect(formatIrcLine({ command: 'QUIT' })).toBe('QUIT');
  });

  it('skips tags whose value is undefined', () => {
    expect(formatIrcLine({ tags: { a: undefined, b: '1' }, command: 'TAGMSG', params: ['x'] })).toBe('@b=1 TAGMSG x');
  });

  it.each([
    [{ command: 'PRIVMSG', params: ['bob', 'a\r\nQUIT'] }, 'CR, LF or NUL'],
    [{ command: 'PRIVMSG', params: ['bob', 'a\0'] }, 'CR, LF or NUL'],
    [{ command: 'PRIVMSG', params: ['two words', 'x'] }, 'middle param'],
    [{ command: 'PRIVMSG', params: ['', 'x'] }, 'middle param'],
    [{ command: 'PRIV MSG', params: [] }, 'bad command'],
    [{ tags: { 'bad key': 'x' }, command: 'TAGMSG', params: ['x'] }, 'bad tag key'],
    [{ tags: { a: 'x\0' }, command: 'TAGMSG', params: ['x'] }, 'NUL'],
  ])('refuses %j with a ParleyError', (message, why) => {
    expect(() => formatIrcLine(message)).toThrow(ParleyError);
    expect(() => formatIrcLine(message)).toThrow(why);
  });

  it('round-trips through parseIrcLine', () => {
    const message = { tags: { '+draft/intent': 'WEBRTC' }, command: 'NOTICE', params: ['#chan', 'CAPABILITIES VOICE'] };
    expect(parse(formatIrcLine(message))).toMatchObject(message);
  });
});
