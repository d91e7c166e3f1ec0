import { CallManager } from '@parley/core';
import { ManualExchange } from '@parley/core/manual-exchange';
import { createInviteLink, readInvite } from '@parley/invite';
import { createFakePeerConnection, FakePeerConnection } from '@parley/testing/fake-peer-connection';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeIrcNetwork } from './fake-irc-network.test-util.js';
import { IrcSignaling } from './irc-signaling.js';
import { JoinLinkError, JoinLinkInvite, type JoinLinkInviteOptions } from './join-link-fallback.js';
import { textBudget } from './line-budget.js';
import { utf8Length } from './utf8.js';

const BASE = 'https://parley.example/join/';
const SDP = (setup: string, id: number) =>
  `v=0\r\no=- ${4611731400430051336n + BigInt(id)} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n` +
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n' +
  `a=candidate:1 1 udp 2122260223 127.0.0.1 ${50000 + id} typ host\r\na=ice-ufrag:Xq3b\r\na=ice-pwd:Jz8Kx1pQ7vN2mR5tY9wB4cD6\r\n` +
  'a=fingerprint:sha-256 9F:1C:3A:0B:77:21:5E:6D:90:AA:BC:4F:12:34:56:78:9A:BC:DE:F0:11:22:33:44:55:66:77:88:99:AA:BB:CC\r\n' +
  `a=setup:${setup}\r\na=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n`;

/** A fake peer connection with real DataChannel SDPs (compactSdp needs them) whose gathering completes at once. */
class SdpPeerConnection extends FakePeerConnection {
  override async createOffer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'offer', sdp: SDP('actpass', this.id) };
  }
  override async createAnswer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'answer', sdp: SDP('active', this.id) };
  }
  override async setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    await super.setLocalDescription(description);
    this.iceGatheringState = 'complete';
  }
}

/** One side with an exchange for `peer`, as the join page has (`trickle: false`, compact bundles). */
function manualSide(peer: string) {
  const pcs: SdpPeerConnection[] = [];
  const createPeerConnection = (config: RTCConfiguration): RTCPeerConnection => {
    const pc = new SdpPeerConnection(config);
    pcs.push(pc);
    return pc as unknown as RTCPeerConnection;
  };
  const manager = new CallManager({ createPeerConnection, trickle: false, statsIntervalMs: 0 });
  const exchange = new ManualExchange();
  manager.addPeer(peer, exchange);
  return { manager, exchange, pcs };
}

/** An offer link of some other call. */
async function otherOffer(): Promise<string> {
  const other = manualSide('peer');
  other.manager.call('peer', { media: ['data'] });
  const made = createInviteLink(await other.exchange.nextBundle(), { base: BASE, role: 'offer' });
  if (!made.ok) throw made.error;
  return made.value;
}

/** What the join page does with an offer link: answers it and shows the answer link. */
async function answerLink(offerText: string): Promise<string> {
  const offer = await readInvite(offerText);
  if (!offer.ok) throw offer.error;
  const page = manualSide('peer');
  page.manager.on('incoming', (call) => void call.accept());
  await page.exchange.receive(offer.value.bundle);
  const made = createInviteLink(await page.exchange.nextBundle(), { base: BASE, role: 'answer' });
  if (!made.ok) throw made.error;
  return made.value;
}

function setup(options: Partial<JoinLinkInviteOptions> = {}) {
  const net = new FakeIrcNetwork();
  const io = net.join('alice');
  const main = new CallManager({ createPeerConnection: createFakePeerConnection, statsIntervalMs: 0 });
  const signaling = new IrcSignaling({ io, manager: main, flood: undefined });
  const carol = net.join('carol');
  const received: string[] = [];
  carol.onLine((line) => received.push(line));
  const { manager, exchange, pcs } = manualSide('carol');
  const invite = new JoinLinkInvite({ signaling, manager, exchange, nick: 'carol', base: BASE, ...options });
  const ignored: string[] = [];
  invite.on('ignored', ({ text, error }) => ignored.push(`${text.slice(0, 20)}: ${error.message}`));
  const answered: string[] = [];
  invite.on('answered', ({ nick }) => answered.push(nick));
  /** A private message to alice, as the server relays it. */
  const say = (from: string, text: string) =>
    net.deliver('alice', `:${from}!${from}@example.test PRIVMSG alice :${text}`);
  return { net, signaling, io, carol, received, manager, pcs, invite, ignored, answered, say };
}

const settle = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(() => FakePeerConnection.reset());

describe('JoinLinkInvite', () => {
  it('sends one PRIVMSG with the join link, takes only the answer from that nick, and resolves once connected', async () => {
    const { io, received, invite, ignored, answered, say, pcs } = setup();
    const { link, call } = await invite.send();
    expect(call.state).toBe('outgoing');
    expect(link).toMatch(/^https:\/\/parley\.example\/join\/#offer\/P2[A-Za-z0-9_-]+$/);
    // One line, the whole link in it, within the budget a server relays whole.
    expect(io.sent).toEqual([
      `PRIVMSG carol :alice would like to call you (Parley): ${link} — open it in a browser, then paste the answer link here`,
    ]);
    expect(received).toHaveLength(1);
    const budget = textBudget({ selfPrefix: 'alice!alice@example.test', command: 'PRIVMSG', target: 'carol' });
    expect(utf8Length(io.sent[0]!.slice('PRIVMSG carol :'.length))).toBeLessThanOrEqual(budget);

    const answer = await answerLink(received[0]!);
    const otherAnswer = await answerLink(await otherOffer());

    say('mallory', answer); // someone else: not even read
    say('carol', 'hi! what is this?'); // chat: not an answer
    say('carol', 'P2AAAAAAAAAAAAAAAAAAAAAAAAAAAA'); // looks like one, is garbage
    say('carol', received[0]!.replace(/^.*PRIVMSG carol :/, '')); // our own offer pasted back
    say('carol', otherAnswer);
    say('CAROL', `here it is: ${answer.replace(BASE, 'https://other.example/join/')} thanks`);
    await settle();
    expect(ignored).toEqual([
      'P2AAAAAAAAAAAAAAAAAA: the invite text is damaged or cut short',
      'alice would like to : this is an offer, not the answer',
      `${otherAnswer.slice(0, 20)}: this answer belongs to another call`,
    ]);
    expect(answered).toEqual(['CAROL']);
    expect(call.state).toBe('connecting');
    expect(pcs[0]?.remoteDescription?.type).toBe('answer');
    pcs[0]!.connect();
    await expect(invite.connected).resolves.toBe(call);
    expect(call.state).toBe('connected');
  });

  it('follows a nick change while waiting', async () => {
    const { net, received, invite, say, pcs } = setup();
    const { call } = await invite.send();
    net.deliver('alice', ':carol!carol@example.test NICK :carol_away');
    expect(invite.nick).toBe('carol_away');
    say('carol_away', await answerLink(received[0]!));
    await settle();
    expect(call.state).toBe('connecting');
    pcs[0]!.connect();
    await expect(invite.connected).resolves.toBe(call);
  });

  it('gives up after the timeout (the call ends with invite-timeout) and reads nothing later', async () => {
    const { received, invite, say, answered } = setup({ timeoutMs: 150 });
    // The wait starts inside send(), before the invite text is made (compactSdp is async).
    const started = Date.now();
    const { call } = await invite.send();
    const ended = call.once('ended');
    const late = answerLink(received[0]!);
    await expect(invite.connected).rejects.toMatchObject({
      name: 'JoinLinkError',
      reason: 'timeout',
      code: 'negotiation-failed',
      message: 'carol did not send the answer link within 0.2 s',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await ended).reason).toBe('invite-timeout');
    say('carol', await late);
    await settle();
    expect(answered).toEqual([]);
  });

  it('refuses, as typed errors, an invite that would not fit one line, and a join page that is no http(s) URL', async () => {
    const long = setup({ message: (link, from) => `${from}: ${'very '.repeat(70)}long ${link}` });
    const failure = long.invite.send();
    await expect(failure).rejects.toBeInstanceOf(JoinLinkError);
    await expect(failure).rejects.toMatchObject({ reason: 'too-long', code: 'signal-too-long' });
    await expect(long.invite.connected).rejects.toMatchObject({ reason: 'too-long' });
    await expect(failure).rejects.toThrow(
      /^the invite \(\d+ bytes, with a \d+-byte link\) does not fit one IRC message to carol \(\d+ bytes\)$/,
    );
    expect(long.io.sent).toEqual([]);
    expect(long.invite.call?.state).toBe('ended');
    // A message that would split the link's line, or leaves the link out, is refused too.
    const twoLines = setup({ message: (link) => `hello\n${link}` });
    await expect(twoLines.invite.send()).rejects.toMatchObject({ reason: 'too-long' });
    const noLink = setup({ message: () => 'call me' });
    await expect(noLink.invite.send()).rejects.toMatchObject({ reason: 'too-long' });
    expect([...twoLines.io.sent, ...noLink.io.sent]).toEqual([]);

    const ftp = setup({ base: 'ftp://parley.example/join/' });
    await expect(ftp.invite.send()).rejects.toMatchObject({ reason: 'bad-base', code: 'bad-encoding' });
    expect(ftp.invite.call).toBeUndefined();
    expect(ftp.manager.calls).toEqual([]);
  });

  it('ends when the peer quits before answering, or when cancelled', async () => {
    const quitting = setup();
    const { call } = await quitting.invite.send();
    quitting.net.quit('carol');
    await expect(quitting.invite.connected).rejects.toMatchObject({ reason: 'peer-gone', code: 'transport-closed' });
    expect(call.summary().reason).toBe('peer-gone');

    const cancelled = setup();
    await cancelled.invite.send();
    cancelled.invite.cancel();
    await expect(cancelled.invite.connected).rejects.toMatchObject({ reason: 'cancelled' });
    expect(cancelled.invite.call?.summary().reason).toBe('hangup');
    expect(call.state).toBe('ended');
  });
});
