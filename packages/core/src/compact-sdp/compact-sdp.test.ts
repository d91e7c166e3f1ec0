/// <reference types="node" />
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../base64url.js';
import { deflateRaw } from '../deflate.js';
import { mulberry32 } from '../prng.test-util.js';
import { MAX_SDP_BYTES, MAX_TEXT_LENGTH } from './format.js';
import { compactSdp } from './index.js';
import { Reader } from './bytes.js';
import { fits, putField, readField, B64, HEX, HEXC, IP4, IP6, PORT, UUID } from './fields.js';
import { semantics } from './sdp-semantics.test-util.js';

export const SAMPLES_DIR = new URL('./samples/', import.meta.url);

/** Every sample: name, type (from the file name) and its text, byte for byte. */
export function samples(): Array<{ name: string; type: 'offer' | 'answer'; sdp: string }> {
  return readdirSync(SAMPLES_DIR)
    .filter((f: string) => f.endsWith('.sdp'))
    .sort()
    .map((name: string) => ({
      name,
      type: name.includes('answer') ? 'answer' : 'offer',
      sdp: readFileSync(new URL(name, SAMPLES_DIR), 'utf8'),
    }));
}

export function sample(name: string): string {
  return readFileSync(new URL(name, SAMPLES_DIR), 'utf8');
}

const utf8 = new TextEncoder();
const ALL = samples();
/** Bytes of a compact text (base64url: 3 bytes per 4 characters). */
const byteLength = (text: string): number => Math.floor((text.length * 3) / 4);

async function roundTrip(type: 'offer' | 'answer', sdp: string, exact?: boolean) {
  const text = await compactSdp.encode({ type, sdp }, exact === undefined ? undefined : { exact });
  const back = await compactSdp.decode(text);
  if (!back.ok) throw back.error;
  return { text, value: back.value };
}

/** Checks that `decoded` differs from `original` only in the o= session id and candidate foundations (consistently). */
function expectNormalisedOnly(original: string, decoded: string): void {
  const a = original.split(/\r?\n/);
  const b = decoded.split(/\r?\n/);
  expect(b.length).toBe(a.length);
  const forward = new Map<string, string>();
  const backward = new Map<string, string>();
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const foundation = /^a=candidate:(\d+)( .*)$/;
    const fa = foundation.exec(a[i]!);
    const fb = foundation.exec(b[i]!);
    if (fa && fb) {
      expect(fb[2]).toBe(fa[2]);
      expect(forward.get(fa[1]!) ?? fb[1]).toBe(fb[1]);
      expect(backward.get(fb[1]!) ?? fa[1]).toBe(fa[1]);
      forward.set(fa[1]!, fb[1]!);
      backward.set(fb[1]!, fa[1]!);
      continue;
    }
    const origin = /^o=(\S+) \d+( .*)$/;
    expect(b[i]!.replace(origin, '$1 N$2'), `line ${i}`).toBe(a[i]!.replace(origin, '$1 N$2'));
    expect(b[i]).toMatch(/^o=\S+ [1-9]\d* /);
  }
}

describe('compactSdp on captured and published samples', () => {
  it('has the samples the targets and the README name', () => {
    const names = ALL.map((s) => s.name);
    for (const n of ['chromium156-dc-offer-srflx.sdp', 'chromium156-av-offer.sdp', 'chromium156-simulcast-offer.sdp']) {
      expect(names).toContain(n);
    }
    expect(ALL.filter((s) => s.name.startsWith('firefox')).length).toBeGreaterThanOrEqual(4);
    expect(ALL.length).toBeGreaterThanOrEqual(25);
  });

  it.each(ALL)('$name: { exact: true } gives back the same text, byte for byte', async ({ type, sdp }) => {
    const { text, value } = await roundTrip(type, sdp, true);
    expect(value).toEqual({ type, sdp });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each(ALL)(
    '$name: the default encoding negotiates the same (only o= session id and foundations renumbered)',
    async ({ type, sdp }) => {
      const { text, value } = await roundTrip(type, sdp);
      expect(value.type).toBe(type);
      expectNormalisedOnly(sdp, value.sdp);
      expect(semantics(value.sdp)).toEqual(semantics(sdp));
      // The structured format (version 6, 'G') is the one used on every real browser SDP.
      expect(text[0]).toBe('G');
    },
  );

  it.each(ALL)('$name: smaller than deflate-raw', async ({ type, sdp }) => {
    const deflated = (await deflateRaw(utf8.encode(sdp))).length;
    for (const exact of [false, true]) {
      expect(byteLength(await compactSdp.encode({ type, sdp }, { exact }))).toBeLessThan(deflated);
    }
  });

  it('targets: a Chromium DataChannel offer with a host and a srflx candidate in ≤ 100 characters', async () => {
    const sdp = sample('chromium156-dc-offer-srflx.sdp');
    expect(sdp.match(/typ host/g)).toHaveLength(1);
    expect(sdp.match(/typ srflx/g)).toHaveLength(1);
    expect((await compactSdp.encode({ type: 'offer', sdp })).length).toBeLessThanOrEqual(100);
  });

  it('targets: a Chromium audio+video offer with candidates in ≤ 400 characters', async () => {
    const sdp = sample('chromium156-av-offer.sdp');
    expect(sdp).toMatch(/^m=audio/m);
    expect(sdp).toMatch(/^m=video/m);
    expect(sdp).toMatch(/^a=candidate:/m);
    expect((await compactSdp.encode({ type: 'offer', sdp })).length).toBeLessThanOrEqual(400);
    expect((await compactSdp.encode({ type: 'offer', sdp }, { exact: true })).length).toBeLessThanOrEqual(400);
  });

  it('the normalised session id stays the same across renegotiations of one connection, and differs between peers', async () => {
    const session = async (name: string) => {
      const { value } = await roundTrip(name.includes('answer') ? 'answer' : 'offer', sample(name));
      return /^o=\S+ (\d+) (\d+)/m.exec(value.sdp)!.slice(1);
    };
    const first = await session('chromium156-av-offer.sdp');
    const renegotiated = await session('chromium156-av-add-screen-offer.sdp');
    expect(renegotiated[0]).toBe(first[0]);
    expect(Number(renegotiated[1])).toBeGreaterThan(Number(first[1])); // the version is kept exactly
    expect((await session('chromium156-av-answer.sdp'))[0]).not.toBe(first[0]);
  });

  it('keeps unknown lines literally: simulcast rids, and redacted values in the Safari sample', async () => {
    const simulcast = sample('chromium156-simulcast-offer.sdp');
    expect(simulcast).toMatch(/^a=simulcast:send /m);
    const { value } = await roundTrip('offer', simulcast);
    for (const line of simulcast.split('\r\n').filter((l) => /^a=(rid|simulcast):/.test(l))) {
      expect(value.sdp.split('\r\n')).toContain(line);
    }
    const safari = sample('published-safari-av-offer.sdp');
    expect((await roundTrip('offer', safari)).value.sdp).toContain('225555.55.555.555 34517 typ relay');
  });
});

describe('compactSdp format', () => {
  const dc = sample('chromium156-dc-offer.sdp');
  /** A version 5 text: deflate-raw of `bytes`. */
  const deflated = async (bytes: Uint8Array, head = 5 << 2): Promise<string> =>
    toBase64Url(Uint8Array.from([head, ...(await deflateRaw(bytes))]));

  it('the first character is the format version; an unknown version is `unsupported`', async () => {
    const text = await compactSdp.encode({ type: 'offer', sdp: dc });
    expect(text[0]).toBe('G');
    for (const first of ['A', 'B', 'C', 'D', 'E', 'H', 'z', '_']) {
      const result = await compactSdp.decode(first + text.slice(1));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('unsupported');
    }
  });

  it('offer/answer, LF-only, CRLF, mixed line endings and no final newline all come back as they were', async () => {
    const lf = dc.replace(/\r\n/g, '\n');
    const mixed = dc.replace('\r\ns=-\r\n', '\ns=-\n');
    for (const sdp of [dc, lf, mixed, lf.trimEnd(), dc.trimEnd(), '']) {
      for (const type of ['offer', 'answer'] as const) {
        expect((await roundTrip(type, sdp, true)).value).toEqual({ type, sdp });
      }
    }
  });

  it('ignores whitespace from line wrapping and copy-paste', async () => {
    const text = await compactSdp.encode({ type: 'answer', sdp: dc });
    const wrapped = ` ${text.replace(/(.{20})/g, '$1\n  ')} \n`;
    expect(await compactSdp.decode(wrapped)).toEqual(await compactSdp.decode(text));
    expect((await compactSdp.decode(wrapped)).ok).toBe(true);
  });

  it('empty text, non-base64url text and a damaged body are `bad-encoding`', async () => {
    const text = await compactSdp.encode({ type: 'offer', sdp: dc });
    for (const bad of ['', '!!!!', 'B', text.slice(0, -3), `${text}AAAA`, 'Bé', 'F', 'FAAA']) {
      const result = await compactSdp.decode(bad);
      expect(result.ok, bad).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('bad-encoding');
    }
  });

  it('version 5 (deflate) is used for an SDP the dictionary does not know, and comes back exactly', async () => {
    // Every line a new attribute with a value no field type packs: templates and slots do not pay.
    const random = mulberry32(5);
    const lines = Array.from({ length: 40 }, (_, i) => `a=x-vendor-${i}:${random().toString(36).slice(2)}`);
    const sdp = `v=0\r\n${lines.join('\r\n')}\r\n`;
    for (const type of ['offer', 'answer'] as const) {
      const { text, value } = await roundTrip(type, sdp);
      expect(text[0]).toBe('F');
      expect(value).toEqual({ type, sdp });
      expect(byteLength(text)).toBe((await deflateRaw(utf8.encode(sdp))).length + 1);
    }
  });

  it('version 5: deflate that is not UTF-8, truncated, or past MAX_SDP_BYTES is `bad-encoding`, quickly', async () => {
    const sdp = utf8.encode(dc);
    const good = await deflated(sdp);
    expect(await compactSdp.decode(good)).toEqual({ ok: true, value: { type: 'offer', sdp: dc } });
    expect(await compactSdp.decode(await deflated(sdp, (5 << 2) | 2))).toEqual({
      ok: true,
      value: { type: 'answer', sdp: dc },
    });
    const bomb = await deflated(new Uint8Array(10 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(MAX_TEXT_LENGTH);
    const started = Date.now();
    for (const bad of [
      await deflated(Uint8Array.from([0x76, 0x3d, 0x30, 0x0a, 0xff, 0xfe, 0xc3])),
      good.slice(0, -4),
      await deflated(new Uint8Array(MAX_SDP_BYTES + 1).fill(0x61)),
      bomb,
    ]) {
      const result = await compactSdp.decode(bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('bad-encoding');
    }
    expect(Date.now() - started).toBeLessThan(4000);
    const atLimit = await compactSdp.decode(await deflated(new Uint8Array(MAX_SDP_BYTES).fill(0x61)));
    expect(atLimit.ok && atLimit.value.sdp.length).toBe(MAX_SDP_BYTES);
  });

  it('packs candidates of every kind and keeps them exact: IPv4/IPv6 host, srflx, relay, TCP, mDNS, prflx', async () => {
    const sdp = sample('synthetic-candidates-offer.sdp');
    const { text, value } = await roundTrip('offer', sdp, true);
    expect(value.sdp).toBe(sdp);
    // Each packed IPv6 address costs less than its text.
    const withoutV6 = sdp.replace(/2001:db8:85a3::8a2e:370:7334/g, '0.0.0.0');
    const other = await compactSdp.encode({ type: 'offer', sdp: withoutV6 }, { exact: true });
    expect(text.length).toBeLessThan(other.length + 40);
  });

  it('texts are base64url: safe in URLs, IRC lines and QR codes', async () => {
    for (const { type, sdp } of ALL) expect(await compactSdp.encode({ type, sdp })).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe('compactSdp fields', () => {
  const cases: Array<[number, string[], string[]]> = [
    [HEX, ['0', '1760398593', '1588609543104494263', '6c0579ea', '0123'], ['', 'ABC', '-1', 'x'.repeat(3)]],
    [B64, ['VoYv', '3TNATUltQHxxFIPFtDGhFSoO', 'a+b/c'], ['', 'a-b', 'a_b', 'x y']],
    [IP6, ['::1', '2001:db8::1', 'fe80::1c2b:3fff:fe4d:9a01'], ['2001:DB8::1', '[::1]', '']],
    [PORT, ['1', '9', '55474', '65535'], ['0', '65536', '080', '']],
    [IP4, ['0.0.0.0', '127.0.0.1', '255.255.255.255', '192.168.1.34'], ['256.0.0.1', '01.2.3.4', '1.2.3', '']],
    [
      UUID,
      ['5c2e1a4f-8d3b-4e6a-9f01-b2c3d4e5f607'],
      ['5C2E1A4F-8D3B-4E6A-9F01-B2C3D4E5F607', '5c2e1a4f8d3b4e6a9f01b2c3d4e5f607'],
    ],
    [HEXC, ['4E:62:A9', '00:FF'], ['4e:62', '4E:62:', '4E-62']],
  ];
  it.each(cases)('type %i: values that fit render back to themselves; others do not fit', (type, good, bad) => {
    for (const text of good) {
      expect(fits(type, text), text).toBe(true);
      const out: number[] = [];
      putField(out, type, text);
      const r = new Reader(Uint8Array.from(out));
      expect(readField(r, type)).toBe(text);
      expect(r.p).toBe(out.length);
    }
    for (const text of bad) expect(fits(type, text), text).toBe(false);
  });
});

describe('compactSdp properties (seeded)', () => {
  const random = mulberry32(0x5dc0de);
  const int = (n: number) => Math.floor(random() * n);
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const expectTyped = async (text: string): Promise<void> => {
    const result = await compactSdp.decode(text);
    if (!result.ok) expect(['bad-encoding', 'unsupported']).toContain(result.error.code);
    else expect(typeof result.value.sdp).toBe('string');
  };

  it('3000 random texts (random characters, and random bytes after a valid version) give a typed error or a result', async () => {
    for (let i = 0; i < 1500; i++) {
      let text = '';
      for (let n = int(120); n > 0; n--) text += random() < 0.97 ? B64URL[int(64)] : String.fromCharCode(int(0x3000));
      await expectTyped(text);
    }
    for (let i = 0; i < 1500; i++) {
      const bytes = Uint8Array.from({ length: 1 + int(200) }, () => int(256));
      bytes[0] = ((int(2) ? 6 : 5) << 2) | int(4);
      await expectTyped(toBase64Url(bytes));
    }
  });

  it('every truncation of every sample encoding gives a typed error or a result', async () => {
    let cases = 0;
    for (const { type, sdp } of ALL) {
      const text = await compactSdp.encode({ type, sdp });
      for (let n = 0; n < text.length; n += 1 + int(3), cases++) await expectTyped(text.slice(0, n));
    }
    expect(cases).toBeGreaterThan(2000);
  });

  it('4000 mutations (flipped, inserted, deleted characters) of sample encodings give a typed error or a result', async () => {
    const encoded = await Promise.all(ALL.map(({ type, sdp }) => compactSdp.encode({ type, sdp })));
    for (let i = 0; i < 4000; i++) {
      const chars = [...encoded[int(encoded.length)]!];
      for (let k = 1 + int(3); k > 0; k--) {
        const at = int(chars.length);
        const kind = int(3);
        if (kind === 0) chars[at] = B64URL[int(64)]!;
        else if (kind === 1) chars.splice(at, 0, B64URL[int(64)]!);
        else chars.splice(at, 1);
      }
      await expectTyped(chars.join(''));
    }
  });

  it('600 mutated SDPs (lines dropped, repeated, swapped; odd characters) still round-trip exactly and within the bound', async () => {
    const odd = ['$', '$$', '$0', '\t', 'é', '😀', '\u0001', '\r', ' ', 'a=x-unknown:$H', '{', '}'];
    for (let i = 0; i < 600; i++) {
      const { type, sdp } = ALL[int(ALL.length)]!;
      const lines = sdp.split('\r\n');
      for (let k = 1 + int(4); k > 0; k--) {
        const at = int(lines.length);
        const kind = int(4);
        if (kind === 0) lines.splice(at, 1);
        else if (kind === 1) lines.splice(at, 0, lines[int(lines.length)]!);
        else if (kind === 2) [lines[at], lines[0]] = [lines[0]!, lines[at]!];
        else {
          const line = lines[at] ?? '';
          const pos = int(line.length + 1);
          lines[at] = line.slice(0, pos) + odd[int(odd.length)]! + line.slice(pos);
        }
      }
      const mutated = lines.join(random() < 0.5 ? '\r\n' : '\n');
      const bound = (await deflateRaw(utf8.encode(mutated))).length + 1;
      for (const exact of [true, false]) {
        const text = await compactSdp.encode({ type, sdp: mutated }, { exact });
        const back = await compactSdp.decode(text);
        expect(back.ok).toBe(true);
        if (!back.ok) continue;
        if (exact) expect(back.value.sdp).toBe(mutated);
        else expect(semantics(back.value.sdp)).toEqual(semantics(mutated));
        expect(byteLength(text)).toBeLessThanOrEqual(bound);
      }
    }
  }, 60_000);

  it('1500 arbitrary strings (non-SDP text, unicode, random bytes as latin1, SDP pieces) come back exactly, never more than deflate-raw + 1 byte', async () => {
    const pieces = ALL.map((s) => s.sdp);
    const codePoint = (): number => {
      const range = int(4);
      const cp = range === 0 ? int(0x80) : range === 1 ? int(0x800) : range === 2 ? int(0x10000) : int(0x110000);
      return cp >= 0xd800 && cp < 0xe000 ? 0x41 : cp; // well-formed: no lone surrogates
    };
    const kinds: Array<() => string> = [
      () => String.fromCodePoint(...Array.from({ length: int(400) }, codePoint)),
      () => String.fromCharCode(...Array.from({ length: int(2000) }, () => int(256))),
      () => Array.from({ length: int(300) }, () => B64URL[int(64)]).join(''),
      () => {
        const sdp = pieces[int(pieces.length)]!;
        const at = int(sdp.length);
        return sdp.slice(at, at + int(3000));
      },
      () => '$'.repeat(int(50)) + '\n'.repeat(int(5)) + 'a=candidate:'.repeat(int(5)),
    ];
    for (let i = 0; i < 1500; i++) {
      const sdp = kinds[i % kinds.length]!();
      const type = int(2) ? 'offer' : 'answer';
      const bound = (await deflateRaw(utf8.encode(sdp))).length + 1;
      for (const exact of [true, false]) {
        const text = await compactSdp.encode({ type, sdp }, { exact });
        expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(byteLength(text)).toBeLessThanOrEqual(bound);
        const back = await compactSdp.decode(text);
        if (exact) expect(back).toEqual({ ok: true, value: { type, sdp } });
        else expect(back.ok && back.value.type === type && semantics(back.value.sdp)).toEqual(semantics(sdp));
      }
    }
  }, 120_000);
});
