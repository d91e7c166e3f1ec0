import { describe, expect, it } from 'vitest';
import { IrcSessionState, type IrcSessionEvents } from './session-state.js';

function record(state: IrcSessionState) {
  const events: Array<{ [K in keyof IrcSessionEvents]: [K, IrcSessionEvents[K]] }[keyof IrcSessionEvents]> = [];
  for (const type of ['nick', 'quit', 'part', 'self'] as const) {
    state.on(type, (detail) => events.push([type, detail] as (typeof events)[number]));
  }
  return events;
}

function registered(lines: string[] = []): IrcSessionState {
  const state = new IrcSessionState();
  state.feed(':irc.test 001 alice :Welcome to the ParleyTest IRC Network alice!~alice@127.0.0.1');
  for (const line of lines) state.feed(line);
  return state;
}

describe('IrcSessionState: own identity', () => {
  it('learns nick and user@host from 001', () => {
    const state = registered();
    expect(state.nick).toBe('alice');
    expect(state.userhost).toBe('~alice@127.0.0.1');
    expect(state.selfPrefix).toBe('alice!~alice@127.0.0.1');
  });

  it('knows only the nick when 001 does not show user@host', () => {
    const state = new IrcSessionState();
    state.feed(':irc.test 001 alice :Welcome to IRC');
    expect(state.selfPrefix).toBe('alice');
  });

  it('learns user@host from a USERHOST reply, ignoring other nicks and oper/away marks', () => {
    const state = new IrcSessionState({ nick: 'Alice' });
    state.feed(':irc.test 302 Alice :bob=+b@h1 alice*=-~a@cloak.example');
    expect(state.userhost).toBe('~a@cloak.example');
  });

  it('learns the host from 396, and a full user@host when the server sends one', () => {
    const state = registered([':irc.test 396 alice cloaked.example :is now your displayed host']);
    expect(state.userhost).toBe('~alice@cloaked.example');
    state.feed(':irc.test 396 alice id@other.example :is now your displayed host');
    expect(state.userhost).toBe('id@other.example');
  });

  it('cannot build a userhost from 396 alone when the user part is unknown', () => {
    const state = new IrcSessionState({ nick: 'alice' });
    state.feed(':irc.test 396 alice cloaked.example :is now your displayed host');
    expect(state.userhost).toBeUndefined();
  });

  it('learns user@host from any line whose source is self (JOIN echo, echo-message) and from CHGHOST', () => {
    const state = new IrcSessionState({ nick: 'alice' });
    state.feed(':alice!u1@h1 JOIN #room');
    expect(state.userhost).toBe('u1@h1');
    state.feed(':ALICE!u2@h2 PRIVMSG bob :echoed');
    expect(state.userhost).toBe('u2@h2');
    state.feed(':alice!u2@h2 CHGHOST u3 h3');
    expect(state.userhost).toBe('u3@h3');
  });

  it('follows its own NICK change and emits `self`, not `nick`', () => {
    const state = registered();
    const events = record(state);
    state.feed(':alice!~alice@127.0.0.1 NICK :alice2');
    expect(state.nick).toBe('alice2');
    expect(events).toEqual([['self', { nick: 'alice2', userhost: '~alice@127.0.0.1' }]]);
    expect(state.isSelf('ALICE2')).toBe(true);
  });
});

describe('IrcSessionState: peers leaving', () => {
  it('emits nick, quit, part and kick (as part) for peers', () => {
    const state = registered();
    const events = record(state);
    state.feed(':bob!b@h NICK bob_');
    state.feed(':carol!c@h QUIT :Quit: bye');
    state.feed(':dave!d@h PART #room :later');
    state.feed(':erin!e@h PART #room');
    state.feed(':op!o@h KICK #room frank :spam');
    expect(events).toEqual([
      ['nick', { nick: 'bob', newNick: 'bob_' }],
      ['quit', { nick: 'carol', reason: 'Quit: bye' }],
      ['part', { nick: 'dave', channel: '#room', reason: 'later' }],
      ['part', { nick: 'erin', channel: '#room', reason: '' }],
      ['part', { nick: 'frank', channel: '#room', reason: 'spam', kickedBy: 'op' }],
    ]);
  });

  it('does not report its own PART or KICK as a peer leaving', () => {
    const state = registered();
    const events = record(state);
    state.feed(':alice!~alice@127.0.0.1 PART #room');
    state.feed(':op!o@h KICK #room Alice :out');
    expect(events).toEqual([]);
  });

  it('compares nicks with the server case mapping', () => {
    const state = new IrcSessionState({ nick: 'al[ice]', isupport: { CASEMAPPING: 'rfc1459' } });
    expect(state.isSelf('AL{ICE}')).toBe(true);
    state.feed(':irc.test 005 al[ice] CASEMAPPING=ascii :are supported');
    expect(state.isSelf('AL{ICE}')).toBe(false);
  });
});

describe('IrcSessionState: caps and ISUPPORT', () => {
  it('tracks LS (multi-line, with values), ACK, NEW, DEL and LIST', () => {
    const state = new IrcSessionState();
    state.feed(':irc.test CAP * LS * :cap-notify message-tags');
    state.feed(':irc.test CAP * LS :echo-message sasl=PLAIN,EXTERNAL');
    expect([...state.availableCaps]).toEqual([
      ['cap-notify', ''],
      ['message-tags', ''],
      ['echo-message', ''],
      ['sasl', 'PLAIN,EXTERNAL'],
    ]);
    state.feed(':irc.test CAP * ACK :message-tags echo-message');
    expect([...state.caps]).toEqual(['message-tags', 'echo-message']);
    state.feed(':irc.test CAP alice ACK :-echo-message');
    expect([...state.caps]).toEqual(['message-tags']);
    state.feed(':irc.test CAP alice NEW :server-time');
    expect(state.availableCaps.has('server-time')).toBe(true);
    expect(state.caps.has('server-time')).toBe(false);
    state.feed(':irc.test CAP alice DEL :message-tags');
    expect(state.caps.size).toBe(0);
    state.feed(':irc.test CAP alice LIST * :a b');
    expect(state.caps.size).toBe(0);
    state.feed(':irc.test CAP alice LIST :c');
    expect([...state.caps]).toEqual(['a', 'b', 'c']);
  });

  it('collects ISUPPORT across 005 lines', () => {
    const state = registered([
      ':irc.test 005 alice LINELEN=512 NICKLEN=30 :are supported by this server',
      ':irc.test 005 alice CASEMAPPING=ascii EXCEPTS :are supported by this server',
      ':irc.test 005 alice -EXCEPTS :are supported by this server',
    ]);
    expect(state.isupport).toEqual({ LINELEN: '512', NICKLEN: '30', CASEMAPPING: 'ascii' });
    expect(state.casemapping).toBe('ascii');
  });

  it('starts from a snapshot and gives one back', () => {
    const initial = { nick: 'bob', userhost: 'b@h', caps: ['message-tags'], isupport: { LINELEN: '1024' } };
    const state = new IrcSessionState(initial);
    expect(state.snapshot()).toEqual(initial);
    expect(state.selfPrefix).toBe('bob!b@h');
  });

  it('returns the parse result of each fed line and ignores malformed ones', () => {
    const state = registered();
    const bad = state.feed('@k$=1 PING');
    expect(bad.ok).toBe(false);
    const good = state.feed('PING :x');
    expect(good.ok && good.value.command).toBe('PING');
    expect(state.nick).toBe('alice');
  });
});
