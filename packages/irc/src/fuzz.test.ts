import { ParleyError } from '@parley/core';
import { mulberry32 } from '@parley/testing/prng';
import { describe, expect, it } from 'vitest';
import { decodeCtcp } from './ctcp.js';
import { decodeDraft, encodeDraft, encodeDraftSdp } from './draft-codec.js';
import { parseIrcLine } from './irc-message.js';
import { IrcSessionState } from './session-state.js';

// Seeds for valid lines; mutations then insert, delete, duplicate and swap pieces.
const SEEDS = [
  '@time=2024-01-01T00:00:00Z;+draft/intent=WEBRTC :alice!~a@h PRIVMSG bob :CALL-OFFER',
  ':alice!a@h PRIVMSG bob :\x01WEBRTC SDP a=ice-ufrag:abcd\x01',
  ':alice!a@h NOTICE bob :\x01WEBRTC CAPABILITIES VOICE VIDEO\x01',
  ':alice!a@h NOTICE bob :\x01ERROR WEBRTC\x01',
  '@intent=ERROR :alice!a@h NOTICE bob WEBRTC',
  ':irc.test 005 alice LINELEN=512 CASEMAPPING=ascii -EXCEPTS :are supported',
  ':irc.test CAP * LS * :message-tags sasl=PLAIN',
  ':irc.test 302 alice :alice=+~a@h',
  ':bob!b@h NICK bob_',
  ':op!o@h KICK #room bob :bye',
  ...encodeDraftSdp('v=0\r\na=candidate:1 1 udp 2 127.0.0.1 5000 typ host\r\n', 'bob').map((l) => `:alice!a@h ${l}`),
  ...encodeDraft({ kind: 'ice', candidate: 'candidate:1 1 udp 2 127.0.0.1 5000 typ host' }, 'bob', {
    form: 'tag',
  }).map((l) => l.replace(' ', ' :alice!a@h ')),
];
const PIECES = [
  '@',
  ':',
  ' ',
  ';',
  '=',
  '\\',
  '\x01',
  '\r',
  '\n',
  '\0',
  '!',
  '+',
  'é',
  '😀',
  '\ud800',
  'WEBRTC',
  '005',
];

function mutate(line: string, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  let out = line;
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (out.length + 1));
    const op = random();
    if (op < 0.35) out = out.slice(0, at) + pick(PIECES) + out.slice(at);
    else if (op < 0.6) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 8));
    else if (op < 0.75) out = out.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x3000)) + out.slice(at);
    else if (op < 0.85) out = out.slice(at) + out.slice(0, at);
    else if (op < 0.95) out = out.slice(0, at);
    else out = out + (out.slice(at, at + 16) || 'x').repeat(1 + Math.floor(random() * 600)); // around the length bound
  }
  return out;
}

function randomLine(random: () => number): string {
  const length = Math.floor(random() * 120);
  let out = '';
  for (let i = 0; i < length; i++) out += String.fromCharCode(Math.floor(random() * (random() < 0.8 ? 128 : 0xffff)));
  return out;
}

describe('fuzz: received lines never make the wire layer throw', () => {
  it('parseIrcLine, decodeCtcp, decodeDraft and IrcSessionState give values or typed errors for 20000 lines', () => {
    const random = mulberry32(20240601);
    const state = new IrcSessionState({ nick: 'bob' });
    const counts = { parsed: 0, refused: 0, draft: 0, draftErrors: 0 };
    for (let n = 0; n < 20_000; n++) {
      const line = n % 4 === 0 ? randomLine(random) : mutate(SEEDS[n % SEEDS.length] ?? '', random);
      const parsed = state.feed(line);
      if (!parsed.ok) {
        expect(parsed.error).toBeInstanceOf(ParleyError);
        expect(['malformed-signal', 'signal-too-long']).toContain(parsed.error.code);
        counts.refused++;
        continue;
      }
      counts.parsed++;
      const text = parsed.value.params.at(-1) ?? '';
      const ctcp = decodeCtcp(text);
      if (ctcp) expect(typeof ctcp.command).toBe('string');
      const draft = decodeDraft(parsed.value);
      if (draft?.ok) counts.draft++;
      if (draft && !draft.ok) {
        expect(draft.error).toBeInstanceOf(ParleyError);
        expect(['malformed-signal', 'unknown-signal']).toContain(draft.error.code);
        counts.draftErrors++;
      }
    }
    // The mutations must reach every outcome, or the fuzzing proves little.
    expect(counts.parsed).toBeGreaterThan(5000);
    expect(counts.refused).toBeGreaterThan(1000);
    expect(counts.draft).toBeGreaterThan(500);
    expect(counts.draftErrors).toBeGreaterThan(100);
  });

  it('decodeCtcp handles any text, including non-strings from loose callers', () => {
    const random = mulberry32(99);
    for (let n = 0; n < 5000; n++) {
      const text = (random() < 0.5 ? '\x01' : '') + randomLine(random);
      const ctcp = decodeCtcp(text);
      if (ctcp) expect(text.startsWith('\x01')).toBe(true);
    }
    expect(decodeCtcp(undefined as unknown as string)).toBeNull();
    expect(parseIrcLine(42 as unknown as string).ok).toBe(false);
  });
});
