import { afterEach, describe, it, expect, vi } from 'vitest';
import { createBroadcastTransport, PortTransport, type MessageEndpoint } from './port-transport.js';

const toClose: Array<{ close(): void }> = [];

afterEach(() => {
  for (const item of toClose.splice(0)) item.close();
});

function messageChannel(): MessageChannel {
  const channel = new MessageChannel();
  toClose.push(channel.port1, channel.port2);
  return channel;
}

function collect(transport: PortTransport): string[] {
  const received: string[] = [];
  transport.onMessage((text) => received.push(text));
  return received;
}

/** Waits a few macrotasks, so that anything in flight on a channel would have arrived. */
function settle(ms = 30): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A window-like endpoint that records posts and lets the test dispatch events with an origin. */
class FakeWindow implements MessageEndpoint {
  readonly posts: unknown[][] = [];
  readonly #target = new EventTarget();
  postMessage(...args: unknown[]): void {
    this.posts.push(args);
  }
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void {
    this.#target.addEventListener(type, listener as EventListener);
  }
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void {
    this.#target.removeEventListener(type, listener as EventListener);
  }
  receive(data: unknown, origin: string): void {
    this.#target.dispatchEvent(new MessageEvent('message', { data, origin }));
  }
}

describe('PortTransport over a MessageChannel', () => {
  it('exchanges text both ways, in order', async () => {
    const { port1, port2 } = messageChannel();
    const alice = new PortTransport(port1, { localId: 'alice', peerId: 'bob' });
    const bob = new PortTransport(port2, { localId: 'bob', peerId: 'alice' });
    toClose.push(alice, bob);
    const atAlice = collect(alice);
    const atBob = collect(bob);
    alice.send('CAPS?');
    alice.send('INVITE abcd1234 av 60');
    bob.send('CAPS VOICE PARLEY/1');
    await vi.waitFor(() => {
      expect(atBob).toHaveLength(2);
      expect(atAlice).toHaveLength(1);
    });
    expect(atBob).toEqual(['CAPS?', 'INVITE abcd1234 av 60']);
    expect(atAlice).toEqual(['CAPS VOICE PARLEY/1']);
    expect(alice.maxMessageBytes).toBe(Infinity);
    expect(alice.rate).toBeUndefined();
  });

  it('ignores messages addressed to another id, from an unexpected sender, or not in an envelope', async () => {
    const { port1, port2 } = messageChannel();
    const bob = new PortTransport(port2, { localId: 'bob', peerId: 'alice' });
    toClose.push(bob);
    const atBob = collect(bob);
    const ignored: unknown[] = [
      { parley: 1, from: 'alice', to: 'carol', text: 'to carol' },
      { parley: 1, from: 'mallory', to: 'bob', text: 'from mallory' },
      { parley: 1, from: 'bob', to: 'alice', text: 'reversed' },
      { parley: 2, from: 'alice', to: 'bob', text: 'version 2' },
      { parley: '1', from: 'alice', to: 'bob', text: 'string version' },
      { from: 'alice', to: 'bob', text: 'no version' },
      { parley: 1, from: 'alice', to: 'bob', text: 42 },
      { parley: 1, from: 'alice', to: 'bob' },
      { parley: 1, from: ['alice'], to: 'bob', text: 'array sender' },
      'CAPS?',
      null,
      undefined,
      42,
      ['CAPS?'],
    ];
    for (const data of ignored) port1.postMessage(data);
    port1.postMessage({ parley: 1, from: 'alice', to: 'bob', text: 'the real one', extra: true });
    await vi.waitFor(() => expect(atBob).toHaveLength(1));
    await settle();
    expect(atBob).toEqual(['the real one']);
  });

  it('posts an envelope with from, to and text', async () => {
    const { port1, port2 } = messageChannel();
    const alice = new PortTransport(port1, { localId: 'alice', peerId: 'bob' });
    toClose.push(alice);
    const raw: unknown[] = [];
    port2.addEventListener('message', (event) => raw.push(event.data));
    port2.start();
    alice.send('ACCEPT abcd1234');
    await vi.waitFor(() => expect(raw).toHaveLength(1));
    expect(raw).toEqual([{ parley: 1, from: 'alice', to: 'bob', text: 'ACCEPT abcd1234' }]);
  });

  it('stops delivering after close()', async () => {
    const { port1, port2 } = messageChannel();
    const alice = new PortTransport(port1, { localId: 'alice', peerId: 'bob' });
    const bob = new PortTransport(port2, { localId: 'bob', peerId: 'alice' });
    toClose.push(alice);
    const atBob = collect(bob);
    const raw: unknown[] = [];
    port2.addEventListener('message', (event) => raw.push(event.data));
    alice.send('one');
    await vi.waitFor(() => expect(atBob).toEqual(['one']));
    bob.close();
    alice.send('two');
    // The port still gets the message; the closed transport no longer passes it on.
    await vi.waitFor(() => expect(raw).toHaveLength(2));
    await settle();
    expect(atBob).toEqual(['one']);
  });

  it('unsubscribes a handler', async () => {
    const { port1, port2 } = messageChannel();
    const alice = new PortTransport(port1, { localId: 'alice', peerId: 'bob' });
    const bob = new PortTransport(port2, { localId: 'bob', peerId: 'alice' });
    toClose.push(alice, bob);
    const first: string[] = [];
    const second = collect(bob);
    const off = bob.onMessage((text) => first.push(text));
    alice.send('a');
    await vi.waitFor(() => expect(second).toEqual(['a']));
    off();
    alice.send('b');
    await vi.waitFor(() => expect(second).toEqual(['a', 'b']));
    expect(first).toEqual(['a']);
  });
});

describe('PortTransport with origins (windows)', () => {
  it('posts to targetOrigin', () => {
    const win = new FakeWindow();
    const alice = new PortTransport(win, { localId: 'alice', peerId: 'bob', targetOrigin: 'https://parley.example' });
    alice.send('CAPS?');
    expect(win.posts).toEqual([[{ parley: 1, from: 'alice', to: 'bob', text: 'CAPS?' }, 'https://parley.example']]);
    alice.close();
  });

  it('posts without an origin argument by default', () => {
    const win = new FakeWindow();
    const alice = new PortTransport(win, { localId: 'alice', peerId: 'bob' });
    alice.send('CAPS?');
    expect(win.posts).toEqual([[{ parley: 1, from: 'alice', to: 'bob', text: 'CAPS?' }]]);
    alice.close();
  });

  it('accepts only messages from expectedOrigin', () => {
    const win = new FakeWindow();
    const bob = new PortTransport(win, { localId: 'bob', peerId: 'alice', expectedOrigin: 'https://parley.example' });
    const atBob = collect(bob);
    const envelope = (text: string): unknown => ({ parley: 1, from: 'alice', to: 'bob', text });
    win.receive(envelope('evil'), 'https://evil.example');
    win.receive(envelope('no origin'), '');
    win.receive(envelope('prefix'), 'https://parley.example.evil.example');
    win.receive(envelope('good'), 'https://parley.example');
    expect(atBob).toEqual(['good']);
    bob.close();
    win.receive(envelope('after close'), 'https://parley.example');
    expect(atBob).toEqual(['good']);
  });

  it('accepts any origin when expectedOrigin is not set', () => {
    const win = new FakeWindow();
    const bob = new PortTransport(win, { localId: 'bob', peerId: 'alice' });
    const atBob = collect(bob);
    win.receive({ parley: 1, from: 'alice', to: 'bob', text: 'x' }, 'https://anywhere.example');
    expect(atBob).toEqual(['x']);
    bob.close();
  });
});

describe('createBroadcastTransport', () => {
  it('connects two ids on one channel name; a third id does not receive their messages', async () => {
    const name = `parley-test-${Math.random().toString(36).slice(2)}`;
    const alice = createBroadcastTransport(name, 'alice', 'bob');
    const bob = createBroadcastTransport(name, 'bob', 'alice');
    const carol = createBroadcastTransport(name, 'carol', 'alice');
    toClose.push(alice, bob, carol);
    const atAlice = collect(alice);
    const atBob = collect(bob);
    const atCarol = collect(carol);
    alice.send('for bob 1');
    alice.send('for bob 2');
    bob.send('for alice');
    await vi.waitFor(() => {
      expect(atBob).toEqual(['for bob 1', 'for bob 2']);
      expect(atAlice).toEqual(['for alice']);
    });
    // Carol listens to alice too, but only to what alice addresses to carol.
    const raw = new BroadcastChannel(name);
    toClose.push(raw);
    raw.postMessage({ parley: 1, from: 'alice', to: 'bob', text: 'for bob 3' });
    raw.postMessage({ parley: 1, from: 'alice', to: 'carol', text: 'for carol' });
    await vi.waitFor(() => expect(atCarol).toEqual(['for carol']));
    await vi.waitFor(() => expect(atBob).toEqual(['for bob 1', 'for bob 2', 'for bob 3']));
    await settle();
    expect(atCarol).toEqual(['for carol']);
    expect(atAlice).toEqual(['for alice']);
  });

  it('does not connect transports on different channel names', async () => {
    const suffix = Math.random().toString(36).slice(2);
    const alice = createBroadcastTransport(`parley-a-${suffix}`, 'alice', 'bob');
    const bob = createBroadcastTransport(`parley-b-${suffix}`, 'bob', 'alice');
    toClose.push(alice, bob);
    const atBob = collect(bob);
    alice.send('hello?');
    await settle(50);
    expect(atBob).toEqual([]);
  });

  it('close() stops delivery and closes the channel', async () => {
    const name = `parley-test-${Math.random().toString(36).slice(2)}`;
    const alice = createBroadcastTransport(name, 'alice', 'bob');
    const bob = createBroadcastTransport(name, 'bob', 'alice');
    toClose.push(alice);
    const atBob = collect(bob);
    alice.send('before');
    await vi.waitFor(() => expect(atBob).toEqual(['before']));
    bob.close();
    alice.send('after');
    await settle(50);
    expect(atBob).toEqual(['before']);
    // The underlying BroadcastChannel is closed: posting on it fails.
    expect(() => bob.send('from closed')).toThrow();
  });
});
