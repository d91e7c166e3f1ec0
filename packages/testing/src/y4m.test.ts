import { describe, expect, it } from 'vitest';
import { encodeY4m } from './y4m.js';

describe('encodeY4m', () => {
  it('writes the header, then per frame FRAME, the luma plane and grey chroma', () => {
    const white = { width: 4, height: 2, data: new Uint8ClampedArray(4 * 2 * 4).fill(255) };
    const black = {
      width: 4,
      height: 2,
      data: new Uint8ClampedArray(4 * 2 * 4).map((_, i) => (i % 4 === 3 ? 255 : 0)),
    };
    const bytes = encodeY4m([white, black], 5);
    const text = new TextDecoder('latin1').decode(bytes);
    const header = 'YUV4MPEG2 W4 H2 F5:1 Ip A1:1 C420jpeg\n';
    expect(text.startsWith(header)).toBe(true);
    const frame = 6 + 8 + 4;
    expect(bytes.length).toBe(header.length + 2 * frame);
    const first = bytes.subarray(header.length, header.length + frame);
    expect(new TextDecoder().decode(first.subarray(0, 6))).toBe('FRAME\n');
    expect([...first.subarray(6, 14)]).toEqual(Array(8).fill(255));
    expect([...first.subarray(14)]).toEqual([128, 128, 128, 128]);
    expect([...bytes.subarray(header.length + frame + 6, header.length + frame + 14)]).toEqual(Array(8).fill(0));
  });

  it('refuses odd sizes, mixed sizes and no frames', () => {
    const odd = { width: 3, height: 2, data: new Uint8ClampedArray(24) };
    expect(() => encodeY4m([odd])).toThrow(RangeError);
    expect(() => encodeY4m([])).toThrow(RangeError);
    const a = { width: 2, height: 2, data: new Uint8ClampedArray(16) };
    const b = { width: 4, height: 2, data: new Uint8ClampedArray(32) };
    expect(() => encodeY4m([a, b])).toThrow(RangeError);
  });
});
