import { mulberry32 } from '@parley/testing/prng';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

const encoder = new TextEncoder();

function collect(options?: ConstructorParameters<typeof LineSplitter>[1]) {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), options);
  return { lines, splitter };
}

describe('LineSplitter', () => {
  it('splits on LF, drops CR and empty lines', () => {
    const { lines, splitter } = collect();
    splitter.push(encoder.encode('PING :a\r\n\r\nPING :b\nPI'));
    splitter.push(encoder.encode('NG :c\r'));
    expect(lines).toEqual(['PING :a', 'PING :b']);
    splitter.push(encoder.encode('\n'));
    expect(lines).toEqual(['PING :a', 'PING :b', 'PING :c']);
    expect(splitter.buffered).toBe(0);
  });

  it('gives the same lines however the stream is cut, multi-byte characters included', () => {
    const text = ':a!b@c PRIVMSG d :héllo 😀 wörld\r\n@+x=y TAGMSG d\r\n:s 001 d :Welcome\r\n';
    const bytes = encoder.encode(text);
    const random = mulberry32(5);
    for (let n = 0; n < 300; n++) {
      const { lines, splitter } = collect();
      let at = 0;
      while (at < bytes.length) {
        const size = 1 + Math.floor(random() * 7);
        splitter.push(bytes.subarray(at, at + size));
        at += size;
      }
      expect(lines).toEqual([':a!b@c PRIVMSG d :héllo 😀 wörld', '@+x=y TAGMSG d', ':s 001 d :Welcome']);
    }
  });

  it('copies the bytes it keeps, so a reused read buffer does not corrupt a pending line', () => {
    const { lines, splitter } = collect();
    const buffer = encoder.encode('PING :ab');
    splitter.push(buffer);
    buffer.fill(0x21);
    splitter.push(encoder.encode('c\n'));
    expect(lines).toEqual(['PING :abc']);
  });

  it('drops an over-long line whole without buffering it, and goes on with the next', () => {
    const dropped: number[] = [];
    const { lines, splitter } = collect({ maxLineBytes: 16, onOverflow: (n) => dropped.push(n) });
    splitter.push(encoder.encode('PRIVMSG x :0123456789'));
    splitter.push(encoder.encode('abcdefghij'.repeat(1000)));
    expect(splitter.buffered).toBe(0);
    splitter.push(encoder.encode('\r\nPING :ok\r\n'));
    expect(lines).toEqual(['PING :ok']);
    expect(dropped).toEqual([21 + 10_000 + 1]);
  });

  it('accepts a line of exactly the limit (plus its CR)', () => {
    const { lines, splitter } = collect({ maxLineBytes: 8 });
    splitter.push(encoder.encode('12345678\r\n123456789\r\n'));
    expect(lines).toEqual(['12345678']);
  });

  it('decodes invalid UTF-8 as U+FFFD instead of failing', () => {
    const { lines, splitter } = collect();
    splitter.push(new Uint8Array([0x50, 0xe9, 0x0a]));
    expect(lines).toEqual(['P\ufffd']);
  });
});
