import { describe, expect, it } from 'vitest';
import { decodeDraft, encodeDraft, encodeDraftSdp, type DraftMessage } from './draft-codec.js';
import { parseIrcLine, type IrcMessage } from './irc-message.js';

/** The line as the peer receives it: the server adds our source. */
function received(line: string, from = 'alice!a@h'): IrcMessage {
  const result = parseIrcLine(`${line.startsWith('@') ? line.replace(' ', ` :${from} `) : `:${from} ${line}`}`);
  if (!result.ok) throw result.error;
  return result.value;
}

function decode(line: string) {
  const result = decodeDraft(received(line));
  if (result === null) return null;
  return result.ok ? result.value : result.error.code;
}

const ALL: DraftMessage[] = [
  { kind: 'call-offer' },
  { kind: 'call-accept' },
  { kind: 'call-decline' },
  { kind: 'sdp-start' },
  { kind: 'sdp', line: 'a=fingerprint:sha-256 AB:CD:EF' },
  { kind: 'sdp-end' },
  { kind: 'ice', candidate: 'candidate:842163049 1 udp 1677729535 127.0.0.1 46154 typ host generation 0' },
  { kind: 'capabilities' },
  { kind: 'capabilities', caps: ['VOICE', 'VIDEO'] },
  { kind: 'capabilities', caps: [] },
  { kind: 'error', intent: 'WEBRTC' },
];

describe('encodeDraft', () => {
  it('writes the draft examples as CTCP', () => {
    expect(encodeDraft({ kind: 'capabilities' }, 'Bob')).toEqual(['PRIVMSG Bob :\x01WEBRTC CAPABILITIES\x01']);
    expect(encodeDraft({ kind: 'capabilities', caps: ['VOICE', 'VIDEO'] }, 'Alice')).toEqual([
      'NOTICE Alice :\x01WEBRTC CAPABILITIES VOICE VIDEO\x01',
    ]);
    expect(encodeDraft({ kind: 'call-offer' }, 'Bob')).toEqual(['PRIVMSG Bob :\x01WEBRTC CALL-OFFER\x01']);
    expect(encodeDraft({ kind: 'call-decline' }, 'Alice')).toEqual(['NOTICE Alice :\x01WEBRTC CALL-DECLINE\x01']);
    expect(encodeDraft({ kind: 'error', intent: 'WEBRTC' }, 'Alice')).toEqual(['NOTICE Alice :\x01ERROR WEBRTC\x01']);
  });

  it('writes the tag form with a client-only intent tag', () => {
    expect(encodeDraft({ kind: 'call-offer' }, 'Bob', { form: 'tag' })).toEqual([
      '@+draft/intent=WEBRTC PRIVMSG Bob CALL-OFFER',
    ]);
    expect(encodeDraft({ kind: 'error', intent: 'WEBRTC' }, 'Alice', { form: 'tag', tagKey: '+intent' })).toEqual([
      '@+intent=ERROR NOTICE Alice WEBRTC',
    ]);
  });

  it('sends a whole SDP as SDP-START, one SDP per line, SDP-END', () => {
    expect(encodeDraftSdp('v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n', 'Bob')).toEqual([
      'PRIVMSG Bob :\x01WEBRTC SDP-START\x01',
      'PRIVMSG Bob :\x01WEBRTC SDP v=0\x01',
      'PRIVMSG Bob :\x01WEBRTC SDP o=- 1 2 IN IP4 127.0.0.1\x01',
      'PRIVMSG Bob :\x01WEBRTC SDP s=-\x01',
      'PRIVMSG Bob :\x01WEBRTC SDP-END\x01',
    ]);
  });

  it('refuses an SDP line or candidate that could not be read back', () => {
    expect(() => encodeDraft({ kind: 'sdp', line: 'a=x\r\nQUIT' }, 'Bob')).toThrow(/SDP line/);
    expect(() => encodeDraft({ kind: 'sdp', line: 'not sdp' }, 'Bob')).toThrow(/SDP line/);
    expect(() => encodeDraft({ kind: 'ice', candidate: 'a=candidate:1 1 udp 1 h 1 typ host' }, 'Bob')).toThrow(
      /candidate/,
    );
  });
});

describe('decodeDraft', () => {
  it.each(['ctcp', 'tag'] as const)('reads back every message in the %s form', (form) => {
    for (const message of ALL) {
      const [line] = encodeDraft(message, 'bob', { form });
      const decoded = decode(line ?? '');
      const reply = line?.includes('NOTICE') ?? false;
      expect(decoded).toEqual({ ...message, from: 'alice', reply });
    }
  });

  it('reads the draft tag form as the draft writes it, with any accepted intent tag', () => {
    expect(decode('@intent=WEBRTC PRIVMSG Bob CALL-OFFER')).toEqual({
      kind: 'call-offer',
      from: 'alice',
      reply: false,
    });
    expect(decode('@+intent=WEBRTC NOTICE Alice :CAPABILITIES VOICE')).toEqual({
      kind: 'capabilities',
      caps: ['VOICE'],
      from: 'alice',
      reply: true,
    });
    expect(decode('@intent=ERROR NOTICE Alice WEBRTC')).toEqual({
      kind: 'error',
      intent: 'WEBRTC',
      from: 'alice',
      reply: true,
    });
    expect(decode('@+draft/intent=webrtc PRIVMSG Bob :call-accept')).toEqual({
      kind: 'call-accept',
      from: 'alice',
      reply: false,
    });
  });

  it('takes an empty CAPABILITIES NOTICE as "supports nothing", and ignores extra words after a verb', () => {
    expect(decode('NOTICE bob :\x01WEBRTC CAPABILITIES\x01')).toMatchObject({ kind: 'capabilities', caps: [] });
    expect(decode('PRIVMSG bob :\x01WEBRTC CALL-OFFER video\x01')).toMatchObject({ kind: 'call-offer' });
  });

  it('returns null for everything that is not WebRTC', () => {
    for (const line of [
      'PRIVMSG bob :hello',
      'PRIVMSG bob :\x01VERSION\x01',
      'NOTICE bob :\x01ERROR FOO\x01',
      '@+draft/intent=FOO PRIVMSG bob :CALL-OFFER',
      '@intent=ERROR NOTICE bob FOO',
      'JOIN #room',
      'TAGMSG bob',
    ]) {
      expect(decode(line)).toBeNull();
    }
  });

  it('gives typed errors for WebRTC messages it cannot read', () => {
    expect(decode('PRIVMSG bob :\x01WEBRTC HANGUP\x01')).toBe('unknown-signal');
    expect(decode('PRIVMSG bob :\x01WEBRTC\x01')).toBe('malformed-signal');
    expect(decode('PRIVMSG bob :\x01WEBRTC SDP\x01')).toBe('malformed-signal');
    expect(decode('PRIVMSG bob :\x01WEBRTC SDP hello\x01')).toBe('malformed-signal');
    expect(decode('PRIVMSG bob :\x01WEBRTC ICE 1 udp\x01')).toBe('malformed-signal');
    expect(decode('NOTICE bob :\x01WEBRTC CAPABILITIES voice\x01')).toBe('malformed-signal');
    expect(decode(`PRIVMSG bob :\x01WEBRTC SDP a=${'x'.repeat(2000)}\x01`)).toBe('malformed-signal');
    // Cut by the server: the closing \x01 is missing, so the SDP line may be incomplete.
    expect(decode('PRIVMSG bob :\x01WEBRTC SDP a=fingerprint:sha-256 AB:C')).toBe('malformed-signal');
  });

  it('needs a source to tell who sent it', () => {
    const result = parseIrcLine('PRIVMSG bob :\x01WEBRTC CALL-OFFER\x01');
    if (!result.ok) throw result.error;
    const decoded = decodeDraft(result.value);
    expect(decoded?.ok === false && decoded.error.code).toBe('malformed-signal');
  });
});
