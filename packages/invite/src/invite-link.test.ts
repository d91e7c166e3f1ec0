import { beforeAll, describe, expect, it } from 'vitest';
import { ParleyError, type Result } from '@parley/core';
import { decodeBundle } from '@parley/core/manual-exchange';
import { mulberry32 } from '@parley/testing/prng';
import { describeBundle, readInvite } from './bundle-role.js';
import { createInviteLink, createProtocolLink, parseInviteLink, parseInviteLinks, type Invite } from './invite-link.js';
import { CALL_ID, sampleBundles, unwrap } from './invite.test-util.js';

const BASE = 'https://parley.example/join/';
let offer: string;
let answer: string;
let offerLink: string;

beforeAll(async () => {
  ({ offer, answer } = await sampleBundles());
  offerLink = unwrap(createInviteLink(offer, { base: BASE, role: 'offer' }));
});

function expectError(result: Result<unknown>, code = 'bad-encoding'): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error).toBeInstanceOf(ParleyError);
  expect(result.error.code).toBe(code);
}

function wrapAt(text: string, width: number, prefix = ''): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(prefix + text.slice(i, i + width));
  return lines.join('\n');
}

describe('createInviteLink / createProtocolLink', () => {
  it('puts the bundle in the fragment of the join page, with the role', () => {
    expect(offerLink).toBe(`${BASE}#offer/${offer}`);
    const url = new URL(offerLink);
    expect(url.search).toBe('');
    expect(url.pathname).toBe('/join/');
    const link = unwrap(createInviteLink(answer, { base: 'https://x.example/j?lang=de#old', role: 'answer' }));
    expect(link).toBe(`https://x.example/j?lang=de#answer/${answer}`);
    expect(unwrap(parseInviteLink(link))).toEqual({ role: 'answer', bundle: answer });
  });

  it('web+parley: links carry the same payload', () => {
    const link = unwrap(createProtocolLink(answer, 'answer'));
    expect(link).toBe(`web+parley:answer/${answer}`);
    expect(unwrap(parseInviteLink(link))).toEqual({ role: 'answer', bundle: answer });
  });

  it('refuses a base that is not http(s), an empty bundle and an unknown role', () => {
    expectError(createInviteLink(offer, { base: 'ftp://x/join/', role: 'offer' }));
    expectError(createInviteLink(offer, { base: 'javascript:alert(1)//', role: 'offer' }));
    expectError(createInviteLink('', { base: BASE, role: 'offer' }));
    expectError(createInviteLink(offer, { base: BASE, role: 'both' as 'offer' }));
    expectError(createProtocolLink('', 'offer'));
    expectError(createProtocolLink('x'.repeat(300_000), 'offer'), 'signal-too-long');
  });

  it('round-trips any bundle text, of any length, through both kinds of link', () => {
    const random = mulberry32(5);
    const alphabet = 'Pp1_-.~ #%?&/+=:<>"\'()[]é漢😀\n\t';
    for (let round = 0; round < 300; round++) {
      const length = 1 + Math.floor(random() * (round < 290 ? 200 : 20_000));
      let bundle = '';
      for (let i = 0; i < length; i++) bundle += alphabet[Math.floor(random() * alphabet.length)] ?? 'x';
      bundle = bundle.replace(/[\uD800-\uDFFF]/g, 'x');
      const role = random() < 0.5 ? 'offer' : 'answer';
      const https = unwrap(createInviteLink(bundle, { base: BASE, role }));
      expect(https).toMatch(/^https:\/\/parley\.example\/join\/#(offer|answer)\/[A-Za-z0-9\-_%]+$/);
      expect(unwrap(parseInviteLink(https))).toEqual({ role, bundle });
      expect(unwrap(parseInviteLink(unwrap(createProtocolLink(bundle, role))))).toEqual({ role, bundle });
    }
  });
});

describe('parseInviteLink: links as they arrive', () => {
  const cases: Array<[string, (link: string) => string]> = [
    ['as is', (l) => l],
    ['in <angle brackets>, wrapped inside', (l) => `Join me: <${wrapAt(l, 60)}>\nBye`],
    ['at the end of a sentence', (l) => `Here is the link: ${l}.`],
    ['in parentheses', (l) => `(see ${l})`],
    ['in quotes', (l) => `"${l}"`],
    ['wrapped at 76 columns, CRLF', (l) => `Hi,\r\n\r\n${wrapAt(l, 76).replace(/\n/g, '\r\n')}\r\n\r\nThanks!`],
    ['wrapped inside a reply quote', (l) => `On Monday you wrote:\n${wrapAt(l, 70, '> ')}\n>\n> cheers`],
    ['with quoted-printable soft breaks', (l) => wrapAt(l, 75).replace(/\n/g, '=\n')],
    ['with spaces at line ends', (l) => wrapAt(l, 50).replace(/\n/g, '  \n   ')],
    ['with a BOM and blank lines', (l) => `\uFEFF\n\n  ${l}  \n\n`],
    ['with an upper-case scheme', (l) => l.replace('https://', 'HTTPS://')],
  ];
  for (const [name, mangle] of cases) {
    it(`reads a link ${name}`, () => {
      expect(unwrap(parseInviteLink(mangle(offerLink)))).toEqual({ role: 'offer', bundle: offer });
    });
  }

  it('reads web+parley: links, also escaped as a protocol handler passes them', () => {
    const link = unwrap(createProtocolLink(offer, 'offer'));
    const escaped = encodeURIComponent(link);
    expect(unwrap(parseInviteLink(escaped))).toEqual({ role: 'offer', bundle: offer });
    expect(unwrap(parseInviteLink(`${BASE}#${escaped}`))).toEqual({ role: 'offer', bundle: offer });
    expect(unwrap(parseInviteLink(`web+parley://offer/${offer}`))).toEqual({ role: 'offer', bundle: offer });
    expect(unwrap(parseInviteLink(`Web+Parley:Offer/${offer}`))).toEqual({ role: 'offer', bundle: offer });
  });

  it('reads a bare bundle (role unknown) and a role path without a scheme', () => {
    expect(unwrap(parseInviteLink(answer))).toEqual({ role: undefined, bundle: answer });
    expect(unwrap(parseInviteLink(`\n${wrapAt(answer, 64)}\n`))).toEqual({ role: undefined, bundle: answer });
    expect(unwrap(parseInviteLink(`answer/${answer}`))).toEqual({ role: 'answer', bundle: answer });
    expect(unwrap(parseInviteLink(`my answer is answer/${answer} ok?`))).toEqual({ role: 'answer', bundle: answer });
  });

  it('the parsed bundle decodes, and says what it is', async () => {
    const parsed = unwrap(parseInviteLink(`<${wrapAt(offerLink, 40)}>`));
    expect((await decodeBundle(parsed.bundle)).ok).toBe(true);
    expect(unwrap(await describeBundle(parsed.bundle))).toEqual({ role: 'offer', callId: CALL_ID, media: ['data'] });
    expect(unwrap(await describeBundle(answer))).toEqual({ role: 'answer', callId: CALL_ID, media: [] });
  });

  it('a one-word line after a link is ambiguous: every reading is kept, and readInvite keeps the one that decodes', async () => {
    for (const [text, bundle] of [
      [`${wrapAt(offerLink, 76)}\nBob`, offer],
      [`Call me: ${wrapAt(offerLink, 76)}\nThanks,\nBob`, offer],
      [`${wrapAt(answer, 64)}\nBob`, answer],
    ] as const) {
      const readings = unwrap(parseInviteLinks(text));
      expect(readings.length).toBeGreaterThan(1);
      expect(readings.map((r) => r.bundle)).toContain(bundle);
      const read = unwrap(await readInvite(text));
      expect(read.bundle).toBe(bundle);
      expect(read.summary.callId).toBe(CALL_ID);
    }
    expectError(await readInvite('P1AAAA'));
    expectError(await readInvite('nothing here'));
  });

  it('gives typed errors for texts that hold no invite', () => {
    for (const text of [
      '',
      '   \n ',
      `${BASE}`,
      `${BASE}#`,
      `${BASE}#offer/`,
      `${BASE}#call/${offer}`,
      `${BASE}#offer/${offer}%E0%A4%A`,
      `web+parley:`,
      `web+parley:maybe/${offer}`,
      'hello, how are you?',
      'web%2Bparley%3Aoffer%2F%ZZ',
    ]) {
      expectError(parseInviteLink(text));
    }
    expectError(parseInviteLink('P'.repeat(300_000)), 'signal-too-long');
    expectError(parseInviteLink(42 as unknown as string));
  });
});

describe('parseInviteLink: property tests', () => {
  it('random, truncated and mutated texts give a result or a typed error, never a throw', async () => {
    const random = mulberry32(77);
    const sources = [offerLink, unwrap(createProtocolLink(answer, 'answer')), answer];
    const noise = 'aZ09-_%#/:<>. \n\r>=+';
    let parsed = 0;
    for (let round = 0; round < 1500; round++) {
      const source = sources[round % sources.length]!;
      let text: string;
      const kind = round % 3;
      if (kind === 0) {
        text = source.slice(0, Math.floor(random() * source.length));
      } else if (kind === 1) {
        const chars = [...source];
        for (let n = 0; n < 1 + random() * 4; n++) {
          chars[Math.floor(random() * chars.length)] = noise[Math.floor(random() * noise.length)]!;
        }
        text = chars.join('');
      } else {
        text = '';
        for (let i = 0; i < random() * 200; i++) text += String.fromCharCode(Math.floor(random() * 0x3000));
      }
      const result: Result<Invite> = parseInviteLink(text);
      if (!result.ok) {
        expect(result.error).toBeInstanceOf(ParleyError);
        continue;
      }
      parsed++;
      // Whatever the link parser lets through, the bundle decoder judges without throwing.
      const bundle = await decodeBundle(result.value.bundle);
      if (!bundle.ok) expect(bundle.error).toBeInstanceOf(ParleyError);
    }
    expect(parsed).toBeGreaterThan(100);
  });

  it('a link cut anywhere in its payload is never read as the whole invite', async () => {
    const start = offerLink.indexOf('#offer/') + '#offer/'.length;
    for (let cut = start; cut < offerLink.length; cut++) {
      const result = parseInviteLink(offerLink.slice(0, cut));
      if (!result.ok) {
        expect(result.error.code).toBe('bad-encoding');
        continue;
      }
      expect(result.value.bundle).not.toBe(offer);
      // Cut between two records, a bundle may still decode, but without its SDP (which comes last).
      expect((await describeBundle(result.value.bundle)).ok).toBe(false);
    }
  });
});
