import { mulberry32 } from '@parley/testing/prng';
import { describe, expect, it } from 'vitest';
import { splitUtf8, utf8Length } from './utf8.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
// One-, two-, three- and four-byte characters, plus a lone surrogate (encoded as U+FFFD).
const SAMPLES = ['a', ' ', 'é', 'ж', '€', '中', '😀', '👩‍👩‍👧', '\ud800', '\udfff'];

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function randomText(random: () => number, maxLength: number): string {
  let text = '';
  const length = Math.floor(random() * maxLength);
  for (let i = 0; i < length; i++) text += SAMPLES[Math.floor(random() * SAMPLES.length)];
  return text;
}

describe('utf8Length', () => {
  it('agrees with TextEncoder, lone surrogates included', () => {
    const random = mulberry32(7);
    for (let n = 0; n < 2000; n++) {
      const text = randomText(random, 60);
      expect(utf8Length(text)).toBe(encoder.encode(text).length);
    }
  });
});

describe('splitUtf8', () => {
  it('keeps every piece within the limit, valid on its own, and joinable back to the text', () => {
    const random = mulberry32(42);
    for (let n = 0; n < 1000; n++) {
      const text = randomText(random, 80);
      const max = 4 + Math.floor(random() * 40);
      const pieces = splitUtf8(text, max);
      expect(pieces.join('')).toBe(text);
      let offset = 0;
      for (const piece of pieces) {
        const bytes = encoder.encode(piece);
        expect(bytes.length).toBeLessThanOrEqual(max);
        // Each piece decodes on its own to itself (lone surrogates read as U+FFFD, as TextEncoder writes them).
        expect(decoder.decode(bytes)).toBe(piece.replace(LONE_SURROGATE, '\ufffd'));
        offset += piece.length;
        // A boundary never falls between the two halves of a surrogate pair.
        expect(/[\ud800-\udbff][\udc00-\udfff]/.test(text.slice(offset - 1, offset + 1))).toBe(false);
      }
      // Greedy: every piece but the last is full up to the next character.
      for (let i = 0; i + 1 < pieces.length; i++) {
        const next = [...(pieces[i + 1] ?? '')][0] ?? '';
        expect(utf8Length(pieces[i] ?? '') + utf8Length(next)).toBeGreaterThan(max);
      }
    }
  });

  it('splits at exact byte counts and keeps four-byte characters whole', () => {
    expect(splitUtf8('abcdef', 4)).toEqual(['abcd', 'ef']);
    expect(splitUtf8('a😀b', 4)).toEqual(['a', '😀', 'b']);
    expect(splitUtf8('ééé', 5)).toEqual(['éé', 'é']);
    expect(splitUtf8('', 10)).toEqual(['']);
  });

  it('refuses a limit that cannot hold any character', () => {
    expect(() => splitUtf8('x', 3)).toThrow(RangeError);
    expect(() => splitUtf8('x', 4.5)).toThrow(RangeError);
  });
});
