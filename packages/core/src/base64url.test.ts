import { describe, it, expect } from 'vitest';
import { mulberry32 } from './prng.test-util.js';
import { fromBase64Url, toBase64Url } from './base64url.js';

/** Reference encoder: the platform's btoa, made URL-safe and unpadded. */
function reference(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const utf8 = new TextEncoder();

describe('toBase64Url', () => {
  it('matches the RFC 4648 test vectors (unpadded)', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(toBase64Url(utf8.encode(plain))).toBe(encoded);
      expect(fromBase64Url(encoded)).toEqual(utf8.encode(plain));
    }
  });

  it('uses - and _ instead of + and /', () => {
    expect(toBase64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(toBase64Url(new Uint8Array([0xff, 0xff, 0xff]))).toBe('____');
    expect(toBase64Url(new Uint8Array([0xfb, 0xef, 0xbe]))).toBe('----');
    expect(toBase64Url(new Uint8Array([0, 0, 0]))).toBe('AAAA');
    expect(fromBase64Url('-_8')).toEqual(new Uint8Array([0xfb, 0xff]));
  });
});

describe('base64url round trip', () => {
  it('round-trips random byte arrays of every length 0..64 and matches btoa', () => {
    const random = mulberry32(0xba5e64);
    for (let length = 0; length <= 64; length++) {
      for (let round = 0; round < 20; round++) {
        const bytes = new Uint8Array(length);
        for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
        const text = toBase64Url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(text.length).toBe(Math.ceil((length * 4) / 3));
        expect(text).toBe(reference(bytes));
        const back = fromBase64Url(text);
        expect(back).toBeInstanceOf(Uint8Array);
        expect(back).toEqual(bytes);
      }
    }
  });

  it('round-trips every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
  });

  it('decodes the empty string to an empty array', () => {
    const empty = fromBase64Url('');
    expect(empty).toBeInstanceOf(Uint8Array);
    expect(empty?.length).toBe(0);
  });
});

describe('fromBase64Url rejects', () => {
  const invalid: Array<[string, string]> = [
    ['+ (standard alphabet)', 'ab+c'],
    ['/ (standard alphabet)', 'ab/c'],
    ['padding', 'Zg=='],
    ['one padding character', 'Zm8='],
    ['a space', 'Zm9 v'],
    ['a newline', 'Zm9v\n'],
    ['a dot', 'Zm9.'],
    ['a NUL', 'Zm9\u0000'],
    ['a Latin-1 letter', 'Zm9é'],
    ['a character above 0xff', 'Zm9\u0100'],
    ['a code that aliases an ASCII letter in the low byte', 'Zm9\u0141'],
    ['an emoji', 'Zm😀'],
    ['a DEL', 'Zm9\u007f'],
  ];
  for (const [name, text] of invalid) {
    it(`${name}`, () => {
      expect(fromBase64Url(text)).toBeUndefined();
    });
  }

  it('impossible lengths (4n + 1)', () => {
    for (const length of [1, 5, 9, 13, 65, 4001]) expect(fromBase64Url('A'.repeat(length))).toBeUndefined();
    for (const length of [0, 2, 3, 4, 6, 7, 8]) expect(fromBase64Url('A'.repeat(length))).toBeInstanceOf(Uint8Array);
  });

  it('every single-character corruption to a non-alphabet character', () => {
    const text = toBase64Url(utf8.encode('Parley signals'));
    for (let i = 0; i < text.length; i++) {
      for (const bad of ['=', '+', '/', ' ', '!', '~', '\u00ff']) {
        expect(fromBase64Url(text.slice(0, i) + bad + text.slice(i + 1))).toBeUndefined();
      }
    }
  });
});
