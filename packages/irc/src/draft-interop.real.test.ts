/* eslint-disable no-control-regex -- CTCP lines hold \x01 */
import { CallManager, type Call } from '@parley/core';
import { createNodePeer, IrcRawClient, startInspircd, type InspircdServer } from '@parley/testing';
import { printLogsOnFailure } from '@parley/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectIrc, type IrcConnection } from './adapters/node-connection.js';
import { IrcSignaling } from './irc-signaling.js';

/**
 * A minimal client written from the 2015 draft's text ("WebRTC negotiation
 * over IRC", seed 001), not from Parley's code: CTCP `WEBRTC` messages,
 * PRIVMSG for requests and NOTICE for replies; CALL-OFFER, CALL-ACCEPT,
 * SDP-START, the SDP one line per message, SDP-END, ICE candidates;
 * CAPABILITIES. Its WebRTC side is a plain node-datachannel peer.
 */
class DraftClient {
  readonly pc = createNodePeer();
  readonly #irc: IrcRawClient;
  #peer = '';
  #sdp: string[] | undefined;

  constructor(irc: IrcRawClient) {
    this.#irc = irc;
    irc.onLine((line) => void this.#onLine(line));
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate?.candidate) this.#send('PRIVMSG', `ICE ${candidate.candidate.replace(/^a=/, '')}`);
    };
  }

  /** Places a call: CALL-OFFER, then the offer once accepted. */
  call(nick: string): void {
    this.#peer = nick;
    this.pc.createDataChannel('chat');
    this.#send('PRIVMSG', 'CALL-OFFER');
  }

  #send(command: 'PRIVMSG' | 'NOTICE', text: string): void {
    this.#irc.send(`${command} ${this.#peer} :\x01WEBRTC ${text}\x01`);
  }

  async #sendSdp(sdp: string): Promise<void> {
    this.#send('PRIVMSG', 'SDP-START');
    for (const line of sdp.split('\r\n').filter(Boolean)) this.#send('PRIVMSG', `SDP ${line}`);
    this.#send('PRIVMSG', 'SDP-END');
  }

  async #onLine(line: string): Promise<void> {
    const match = /^:([^!]+)!\S+ (PRIVMSG|NOTICE) \S+ :\x01WEBRTC (.*)\x01$/.exec(line);
    if (!match) return;
    const [, from, , text] = match as unknown as [string, string, string, string];
    this.#peer = from;
    const [verb, ...rest] = text.split(' ');
    const arg = rest.join(' ');
    if (verb === 'CAPABILITIES' && arg === '') this.#send('NOTICE', 'CAPABILITIES VOICE VIDEO FILE');
    else if (verb === 'CALL-OFFER') this.#send('PRIVMSG', 'CALL-ACCEPT');
    else if (verb === 'CALL-ACCEPT') {
      const offer = await this.pc.createOffer();
      await this.pc.setLocalDescription(offer);
      await this.#sendSdp(this.pc.localDescription!.sdp);
    } else if (verb === 'SDP-START') this.#sdp = [];
    else if (verb === 'SDP') this.#sdp?.push(arg);
    else if (verb === 'SDP-END' && this.#sdp) {
      const sdp = `${this.#sdp.join('\r\n')}\r\n`;
      this.#sdp = undefined;
      const offered = this.pc.signalingState === 'stable';
      await this.pc.setRemoteDescription({ type: offered ? 'offer' : 'answer', sdp });
      if (offered) {
        await this.pc.setLocalDescription(await this.pc.createAnswer());
        await this.#sendSdp(this.pc.localDescription!.sdp);
      }
    } else if (verb === 'ICE' && this.pc.remoteDescription) {
      await this.pc.addIceCandidate({ candidate: arg, sdpMid: '0' }).catch(() => undefined);
    }
  }
}

function connected(call: Call): Promise<void> {
  return new Promise((resolve, reject) => {
    call.on('statechange', ({ state, reason }) => {
      if (state === 'connected') resolve();
      if (state === 'ended') reject(new Error(`ended: ${reason}`));
    });
  });
}

// The draft sends an SDP one line per message, which a default InspIRCd lets
// through at about a line a second (20+ s per SDP: longer than node-datachannel
// waits for DTLS once ICE is up). The format is what is tested here, so this
// server is relaxed; flood safety is tested against the default profile.
let irc: InspircdServer;
beforeAll(async () => {
  irc = await startInspircd({ profile: 'relaxed' });
});
afterAll(async () => {
  await irc.stop();
});

async function parleySide(
  nick: string,
): Promise<{ connection: IrcConnection; manager: CallManager; signaling: IrcSignaling }> {
  const connection = await connectIrc({ url: irc.ircUrl, nick });
  const manager = new CallManager({ createPeerConnection: createNodePeer, statsIntervalMs: 0 });
  const signaling = new IrcSignaling({ io: connection, manager, flood: undefined });
  return { connection, manager, signaling };
}

describe('draft mode against an independent client that follows the 2015 draft', () => {
  it('the draft client calls Parley: CALL-OFFER, CALL-ACCEPT, SDP both ways, ICE; both connect', async () => {
    printLogsOnFailure(irc);
    const parley = await parleySide('parley1');
    const raw = await IrcRawClient.connect(irc.port, 'drafty1');
    const drafty = new DraftClient(raw);
    try {
      const caps = raw.waitFor((l) => l.includes('WEBRTC CAPABILITIES '));
      raw.send('PRIVMSG parley1 :\x01WEBRTC CAPABILITIES\x01');
      expect(await caps).toMatch(/ NOTICE drafty1 :\x01WEBRTC CAPABILITIES VOICE VIDEO FILE( \S+)*\x01$/);
      const incoming = parley.manager.once('incoming');
      drafty.call('parley1');
      const call = await incoming;
      const up = connected(call);
      await call.accept();
      await up;
      expect(call.media).toEqual(['data']); // taken from the offer: the draft's CALL-OFFER does not say
      await expect.poll(() => drafty.pc.connectionState, { timeout: 10_000 }).toBe('connected');
    } finally {
      drafty.pc.close();
      raw.quit();
      parley.signaling.close();
      parley.manager.close();
      await parley.connection.quit();
    }
  });

  it('Parley calls the draft client: discovery says draft, and the call connects', async () => {
    const parley = await parleySide('parley2');
    const raw = await IrcRawClient.connect(irc.port, 'drafty2');
    const drafty = new DraftClient(raw);
    try {
      expect(await parley.signaling.discover('drafty2')).toEqual({
        nick: 'drafty2',
        caps: ['VOICE', 'VIDEO', 'FILE'],
        mode: 'draft',
      });
      const call = await parley.signaling.call('drafty2', { media: ['data'] });
      await expect.poll(() => drafty.pc.connectionState, { timeout: 20_000 }).toBe('connected');
      // The client saw only the draft's words.
      const verbs = raw.lines
        .map((l) => /:\x01WEBRTC ([^\s\x01]+)/.exec(l)?.[1])
        .filter((v): v is string => v !== undefined);
      expect(new Set(verbs)).toEqual(new Set(['CAPABILITIES', 'CALL-OFFER', 'SDP-START', 'SDP', 'SDP-END', 'ICE']));
      expect(call.state).not.toBe('ended');
    } finally {
      drafty.pc.close();
      raw.quit();
      parley.signaling.close();
      parley.manager.close();
      await parley.connection.quit();
    }
  });
});
