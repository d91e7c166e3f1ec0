import { Listeners, ParleyError } from '@parley/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerIrc, type LineSocket } from './registration.js';

/** A scripted server: records what the client sends and lets the test answer. */
class FakeSocket implements LineSocket {
  readonly sent: string[] = [];
  readonly #lines = new Listeners<string>();
  readonly #closes = new Listeners<string>();
  closed = false;
  onSend: (line: string) => void = () => undefined;
  send(line: string): void {
    this.sent.push(line);
    this.onSend(line);
  }
  onLine(handler: (line: string) => void) {
    return this.#lines.add(handler);
  }
  onClose(handler: (reason: string) => void) {
    return this.#closes.add(handler);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.#closes.emit('closed by client');
  }
  receive(...lines: string[]): void {
    for (const line of lines) this.#lines.emit(line);
  }
  serverClose(reason: string): void {
    this.closed = true;
    this.#closes.emit(reason);
  }
}

/** Answers like InspIRCd (a little later, as a network would): CAP LS, ACK, welcome after CAP END, USERHOST. */
function friendlyServer(socket: FakeSocket, taken: string[] = []): void {
  let nick = '';
  let capEnded = false;
  const receive = (...lines: string[]) => queueMicrotask(() => socket.receive(...lines));
  const welcome = (): void => {
    if (!nick || !capEnded) return;
    receive(
      `:irc.test 001 ${nick} :Welcome to the ParleyTest IRC Network ${nick}!~${nick}@127.0.0.1`,
      `:irc.test 005 ${nick} LINELEN=512 CASEMAPPING=ascii :are supported by this server`,
    );
  };
  socket.onSend = (line) => {
    if (line === 'CAP LS 302') receive(':irc.test CAP * LS :cap-notify echo-message message-tags server-time');
    else if (line.startsWith('CAP REQ ')) receive(`:irc.test CAP * ACK ${line.slice(8)}`);
    else if (line.startsWith('NICK ')) {
      const wanted = line.slice(5);
      if (taken.includes(wanted)) receive(`:irc.test 433 * ${wanted} :Nickname is already in use.`);
      else nick = wanted;
      welcome();
    } else if (line === 'CAP END') {
      capEnded = true;
      welcome();
    } else if (line.startsWith('USERHOST ')) receive(`:irc.test 302 ${nick} :${nick}=+~${nick}@cloak.test`);
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('registerIrc', () => {
  it('negotiates caps, registers and learns its user@host before resolving', async () => {
    const socket = new FakeSocket();
    friendlyServer(socket);
    const connection = await registerIrc(socket, { nick: 'alice', caps: ['message-tags', 'sasl'] });
    expect(socket.sent).toEqual([
      'CAP LS 302',
      'NICK alice',
      'USER alice 0 * Parley',
      'CAP REQ message-tags',
      'CAP END',
      'USERHOST alice',
    ]);
    expect(connection.state.selfPrefix).toBe('alice!~alice@cloak.test');
    expect([...connection.state.caps]).toEqual(['message-tags']);
    expect(connection.state.isupport['LINELEN']).toBe('512');
    expect(connection.initial).toMatchObject({ nick: 'alice', userhost: '~alice@cloak.test' });
  });

  it('appends _ while the nick is in use', async () => {
    const socket = new FakeSocket();
    friendlyServer(socket, ['alice', 'alice_']);
    const connection = await registerIrc(socket, { nick: 'alice', username: 'al', realname: 'Alice A' });
    expect(connection.state.nick).toBe('alice__');
    expect(socket.sent).toContain('USER al 0 * :Alice A');
  });

  it('gives up after nickRetries', async () => {
    const socket = new FakeSocket();
    friendlyServer(socket, ['a', 'a_', 'a__']);
    await expect(registerIrc(socket, { nick: 'a', nickRetries: 1 })).rejects.toThrow(/variants are in use/);
    expect(socket.closed).toBe(true);
  });

  it('ends CAP negotiation at once when none of the wanted caps is offered', async () => {
    const socket = new FakeSocket();
    friendlyServer(socket);
    await registerIrc(socket, { nick: 'bob', caps: ['sasl'], password: 'secret' });
    expect(socket.sent.slice(0, 5)).toEqual([
      'CAP LS 302',
      'PASS secret',
      'NICK bob',
      'USER bob 0 * Parley',
      'CAP END',
    ]);
  });

  it('answers PING during and after registration', async () => {
    const socket = new FakeSocket();
    friendlyServer(socket);
    const registering = registerIrc(socket, { nick: 'alice' });
    socket.receive('PING :during');
    const connection = await registering;
    socket.receive('PING :after');
    expect(socket.sent.filter((l) => l.startsWith('PONG'))).toEqual(['PONG during', 'PONG after']);
    expect(connection.closed).toBe(false);
  });

  it('rejects with a typed error when the server refuses, closes, times out or the caller aborts', async () => {
    const refused = new FakeSocket();
    refused.onSend = (line) => {
      if (line.startsWith('NICK')) refused.receive(':irc.test 432 * b@d :Erroneous Nickname');
    };
    const error = await registerIrc(refused, { nick: 'b@d' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyError);
    expect((error as ParleyError).code).toBe('transport-closed');
    expect((error as ParleyError).message).toMatch(/erroneous nickname/);

    const closing = new FakeSocket();
    closing.onSend = (line) => {
      if (line.startsWith('USER')) {
        closing.receive('ERROR :Closing link: (bob@127.0.0.1) [Too many connections]');
        closing.serverClose('socket closed');
      }
    };
    await expect(registerIrc(closing, { nick: 'bob' })).rejects.toThrow(/Too many connections/);

    vi.useFakeTimers();
    const silent = new FakeSocket();
    const timedOut = registerIrc(silent, { nick: 'bob', timeoutMs: 5000 });
    vi.advanceTimersByTime(5000);
    await expect(timedOut).rejects.toThrow(/not registered within 5000 ms/);
    expect(silent.closed).toBe(true);

    const controller = new AbortController();
    const aborted = registerIrc(new FakeSocket(), { nick: 'bob', signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toThrow(/aborted/);
    controller.abort();
    await expect(registerIrc(new FakeSocket(), { nick: 'bob', signal: controller.signal })).rejects.toThrow(/aborted/);
  });

  it('rejects a nick that cannot be sent, closing the socket', async () => {
    const socket = new FakeSocket();
    await expect(registerIrc(socket, { nick: 'two words' })).rejects.toThrow(/registration failed: .*middle param/);
    expect(socket.closed).toBe(true);
  });

  it('quit sends QUIT and resolves when the server closes; close reports the reason once', async () => {
    const socket = new FakeSocket();
    friendlyServer(socket);
    const connection = await registerIrc(socket, { nick: 'alice' });
    const reasons: string[] = [];
    connection.onClose((reason) => reasons.push(reason));
    const quitting = connection.quit('bye now');
    expect(socket.sent.at(-1)).toBe('QUIT :bye now');
    socket.receive('ERROR :Closing link: (alice@127.0.0.1) [Quit: bye now]');
    socket.serverClose('socket closed');
    await quitting;
    expect(reasons).toEqual(['Closing link: (alice@127.0.0.1) [Quit: bye now]']);
    expect(connection.closed).toBe(true);
    connection.send('PRIVMSG x :dropped');
    expect(socket.sent.at(-1)).toBe('QUIT :bye now');
  });
});
