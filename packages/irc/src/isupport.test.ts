import { describe, expect, it } from 'vitest';
import { parseIrcLine, type IrcMessage } from './irc-message.js';
import {
  applyIsupport,
  casemappingOf,
  channelTypes,
  ircEquals,
  ircLower,
  isupportNumber,
  parseIsupport,
} from './isupport.js';

function message(line: string): IrcMessage {
  const result = parseIrcLine(line);
  if (!result.ok) throw result.error;
  return result.value;
}

describe('ISUPPORT', () => {
  it('reads KEY=value, bare KEY and -KEY tokens, without the nick or the trailing text', () => {
    const update = parseIsupport(
      message(':irc.test 005 alice LINELEN=512 NICKLEN=30 casemapping=ascii CHANTYPES=# WHOX -EXCEPTS :are supported'),
    );
    expect(update).toEqual({
      set: { LINELEN: '512', NICKLEN: '30', CASEMAPPING: 'ascii', CHANTYPES: '#', WHOX: true },
      unset: ['EXCEPTS'],
    });
  });

  it('decodes \\xHH escapes in values and skips malformed keys', () => {
    const update = parseIsupport(message(':s 005 me NETWORK=Parley\\x20Test =x BAD!KEY=1 :are supported'));
    expect(update?.set).toEqual({ NETWORK: 'Parley Test' });
  });

  it('ignores anything that is not 005', () => {
    expect(parseIsupport(message(':s 004 me a b c'))).toBeNull();
  });

  it('applies updates and negations to a copy', () => {
    const before = { EXCEPTS: true as const, LINELEN: '512' };
    const after = applyIsupport(before, { set: { LINELEN: '1024' }, unset: ['EXCEPTS'] });
    expect(after).toEqual({ LINELEN: '1024' });
    expect(before).toEqual({ EXCEPTS: true, LINELEN: '512' });
  });

  it('reads numbers with a fallback for absent or odd values', () => {
    expect(isupportNumber({ LINELEN: '1024' }, 'LINELEN', 512)).toBe(1024);
    expect(isupportNumber({}, 'LINELEN', 512)).toBe(512);
    expect(isupportNumber({ LINELEN: true }, 'LINELEN', 512)).toBe(512);
    expect(isupportNumber({ LINELEN: '0' }, 'LINELEN', 512)).toBe(512);
    expect(isupportNumber({ LINELEN: '12x' }, 'LINELEN', 512)).toBe(512);
  });

  it('gives the case mapping and channel types with their defaults', () => {
    expect(casemappingOf({})).toBe('rfc1459');
    expect(casemappingOf({ CASEMAPPING: 'ascii' })).toBe('ascii');
    expect(casemappingOf({ CASEMAPPING: 'rfc7613' })).toBe('rfc1459');
    expect(channelTypes({})).toBe('#&');
    expect(channelTypes({ CHANTYPES: '#' })).toBe('#');
    expect(channelTypes({ CHANTYPES: true })).toBe('');
  });
});

describe('ircLower', () => {
  it('folds []\\^ under rfc1459, not ^ under strict-rfc1459, and only A-Z under ascii', () => {
    expect(ircLower('Nick[A]\\^', 'rfc1459')).toBe('nick{a}|~');
    expect(ircLower('Nick[A]\\^', 'strict-rfc1459')).toBe('nick{a}|^');
    expect(ircLower('Nick[A]\\^', 'ascii')).toBe('nick[a]\\^');
    expect(ircLower('ÄBC')).toBe('Äbc');
  });

  it('compares nicks the way the server does', () => {
    expect(ircEquals('Alice[m]', 'alice{M}')).toBe(true);
    expect(ircEquals('Alice[m]', 'alice{M}', 'ascii')).toBe(false);
    expect(ircEquals('bob', 'bob_')).toBe(false);
  });
});
