/**
 * Hostile IRC input for fuzzing a `parley listen` through a real server:
 * malformed CTCPs, WEBRTC and PARLEY garbage, broken tags, over-long lines,
 * random bytes, truncated \x01, SDP-START floods and unsolicited call offers.
 * Deterministic for a given PRNG. A line is a string (sent as UTF-8) or raw
 * bytes (sent as they are, CRLF included).
 */
export type HostileLine = string | Uint8Array;

export const HOSTILE_KINDS = [
  'malformed-ctcp',
  'webrtc-garbage',
  'parley-garbage',
  'broken-tags',
  'over-long',
  'random-bytes',
  'truncated-ctcp',
  'sdp-start-flood',
  'call-offer',
  'mutated',
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

const DRAFT_INTENTS = [
  'CAPABILITIES',
  'CALL-OFFER',
  'CALL-ACCEPT',
  'CALL-DECLINE',
  'SDP-START',
  'SDP',
  'SDP-END',
  'ICE',
];
const PARLEY_VERBS = [
  'CAPS?',
  'CAPS',
  'INVITE',
  'ACCEPT',
  'DECLINE',
  'BUSY',
  'HANGUP',
  'SDP',
  'ICE',
  'ICE-END',
  'MEDIA',
  'ERROR',
];
const PIECES = [
  '@',
  ':',
  ' ',
  ';',
  '=',
  '\\',
  '\\s',
  '\\:',
  '\x01',
  '\t',
  '!',
  '+',
  'é',
  '😀',
  '\ud800',
  '\x7f',
  '|',
  '%',
];
const SDP_LINES = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'a=ice-ufrag:abcd',
  'a=fingerprint:sha-256 00:11',
  'a=candidate:1 1 udp 2 127.0.0.1 5000 typ host',
];

export interface HostileOptions {
  /** The listener's nick. */
  target: string;
  /** Call ids the fuzzer uses, so that some garbage names a live call. */
  callIds: readonly string[];
  /** Most lines spent on SDP-START floods (each over the 512 lines an SDP may have); default 1000. */
  floodLines?: number;
}

export class HostileLines {
  readonly #random: () => number;
  readonly #target: string;
  readonly #callIds: readonly string[];
  readonly #floodLines: number;
  readonly counts = Object.fromEntries(HOSTILE_KINDS.map((k) => [k, 0])) as Record<HostileKind, number>;

  constructor(random: () => number, options: HostileOptions) {
    this.#random = random;
    this.#target = options.target;
    this.#callIds = options.callIds;
    this.#floodLines = options.floodLines ?? 1000;
  }

  /** The next burst of one kind (an SDP-START flood is hundreds of lines; most are one). */
  next(): HostileLine[] {
    const kind = this.#pick(HOSTILE_KINDS);
    // Floods are long: bounded, so that the other kinds get their share.
    const chosen: HostileKind =
      kind === 'sdp-start-flood' && this.counts[kind] >= this.#floodLines ? 'webrtc-garbage' : kind;
    const lines = this.#make(chosen);
    this.counts[chosen] += lines.length;
    return lines;
  }

  #make(kind: HostileKind): HostileLine[] {
    const t = this.#target;
    switch (kind) {
      case 'malformed-ctcp':
        return [`${this.#command()} ${t} :\x01${this.#junk(40)}${this.#maybe('\x01')}${this.#maybe(this.#junk(10))}`];
      case 'webrtc-garbage':
        return [
          `${this.#command()} ${t} :\x01WEBRTC ${this.#pick(DRAFT_INTENTS)}${this.#maybe(' ' + this.#junk(60))}\x01`,
        ];
      case 'parley-garbage': {
        const text = `${this.#pick(PARLEY_VERBS)} ${this.#maybe(this.#pick(this.#callIds))} ${this.#junk(80)}`;
        return [
          this.#random() < 0.5
            ? `@+parley.dev/s=${escapeTag(text)} TAGMSG ${t}`
            : `PRIVMSG ${t} :\x01PARLEY ${text.split('\x01').join('')}\x01`,
        ];
      }
      case 'broken-tags':
        return [
          `@${this.#pick(['+parley.dev/s', '+draft/intent', 'time', '+x', '', '=', ';'])}${this.#pick(['=', '', '==', ';;='])}${this.#junk(50).replace(/ /g, '')} ${this.#pick(['TAGMSG', 'PRIVMSG', 'NOTICE'])} ${t}${this.#maybe(' :' + this.#junk(20))}`,
        ];
      case 'over-long':
        return this.#random() < 0.5
          ? [`PRIVMSG ${t} :\x01WEBRTC SDP a=${'x'.repeat(600 + Math.floor(this.#random() * 1500))}\x01`]
          : [
              `@+parley.dev/s=SDP ${this.#pick(this.#callIds)} o z ${'A'.repeat(3000 + Math.floor(this.#random() * 3000))} TAGMSG ${t}`,
            ];
      case 'random-bytes': {
        const bytes = Array.from({ length: 1 + Math.floor(this.#random() * 200) }, () => {
          const b = 1 + Math.floor(this.#random() * 255);
          return b === 0x0a || b === 0x0d ? 0x01 : b;
        });
        const prefix = this.#random() < 0.8 ? `PRIVMSG ${t} :` : '';
        return [Uint8Array.from([...new TextEncoder().encode(prefix), ...bytes, 0x0d, 0x0a])];
      }
      case 'truncated-ctcp':
        return [
          `${this.#command()} ${t} :\x01${this.#pick(['WEBRTC ', 'PARLEY ', 'ERROR ', ''])}${this.#pick(DRAFT_INTENTS)}`,
        ];
      case 'sdp-start-flood': {
        const count = 520 + Math.floor(this.#random() * 80);
        return [
          `PRIVMSG ${t} :\x01WEBRTC SDP-START\x01`,
          ...Array.from(
            { length: count },
            (_, i) => `PRIVMSG ${t} :\x01WEBRTC SDP ${this.#pick(SDP_LINES)}${i % 50 === 0 ? this.#junk(30) : ''}\x01`,
          ),
        ];
      }
      case 'call-offer':
        return this.#random() < 0.5
          ? [`PRIVMSG ${t} :\x01WEBRTC CALL-OFFER\x01`]
          : [
              `@+parley.dev/s=INVITE ${this.#pick(this.#callIds)} ${this.#pick(['d', 'av', 'd', 'x', ''])} ${this.#pick(['60', '0', '99999', 'soon'])} TAGMSG ${t}`,
            ];
      case 'mutated':
        return [this.#mutate(`PRIVMSG ${t} :\x01WEBRTC CAPABILITIES VOICE VIDEO FILE PARLEY/1\x01`)];
    }
  }

  #command(): string {
    return this.#pick(['PRIVMSG', 'PRIVMSG', 'NOTICE']);
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)] as T;
  }

  #maybe(text: string): string {
    return this.#random() < 0.5 ? text : '';
  }

  /** Printable junk with IRC and CTCP specials, non-ASCII and lone surrogates; never CR, LF or NUL. */
  #junk(max: number): string {
    let out = '';
    const length = Math.floor(this.#random() * max);
    for (let i = 0; i < length; i++) {
      const r = this.#random();
      out +=
        r < 0.2
          ? this.#pick(PIECES)
          : r < 0.9
            ? String.fromCharCode(0x20 + Math.floor(this.#random() * 0x5f))
            : String.fromCharCode(0x80 + Math.floor(this.#random() * 0x3000));
    }
    return out;
  }

  #mutate(line: string): string {
    let out = line;
    for (let i = 0; i < 1 + Math.floor(this.#random() * 4); i++) {
      const at = 1 + Math.floor(this.#random() * out.length);
      const op = this.#random();
      if (op < 0.4) out = out.slice(0, at) + this.#pick(PIECES) + out.slice(at);
      else if (op < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(this.#random() * 8));
      else out = out.slice(0, at) + this.#junk(8) + out.slice(at);
    }
    return out;
  }
}

function escapeTag(value: string): string {
  return value.replace(
    /[\\; \r\n]/g,
    (c) => ({ '\\': '\\\\', ';': '\\:', ' ': '\\s', '\r': '\\r', '\n': '\\n' })[c] ?? c,
  );
}
