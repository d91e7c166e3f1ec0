import { describe, it, expect } from 'vitest';
import { mulberry32 } from './prng.test-util.js';
import { ChunkAssembler, isChunk, splitMessage } from './chunking.js';
import { ParleyError, type ParleyErrorCode, type Result } from './errors.js';

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const utf8 = new TextEncoder();

/** Printable ASCII text (like signal texts) of `length` characters. */
function asciiText(length: number, random: () => number): string {
  return Array.from({ length }, () => String.fromCharCode(0x20 + Math.floor(random() * 0x5f))).join('');
}

function expectError(result: Result<string | undefined>, code: ParleyErrorCode): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error).toBeInstanceOf(ParleyError);
  expect(result.error.code).toBe(code);
}

/** Feeds all chunks; returns every non-undefined value (the completed messages). */
function feed(assembler: ChunkAssembler, chunks: readonly string[], now = 0): string[] {
  const done: string[] = [];
  for (const chunk of chunks) {
    const result = assembler.push(chunk, now);
    if (!result.ok) throw result.error;
    if (result.value !== undefined) done.push(result.value);
  }
  return done;
}

describe('splitMessage', () => {
  it('returns text that fits whole, without a chunk header', () => {
    expect(splitMessage('CAPS?', 100)).toEqual(['CAPS?']);
    const exact = 'x'.repeat(100);
    expect(splitMessage(exact, 100)).toEqual([exact]);
    expect(splitMessage('', 50)).toEqual(['']);
    // Fitting text is returned whole even when maxBytes is too small to chunk.
    expect(splitMessage('tiny', 5)).toEqual(['tiny']);
  });

  it('splits text one over the limit into chunks that each fit', () => {
    const text = 'y'.repeat(101);
    const chunks = splitMessage(text, 100);
    expect(chunks.length).toBe(2);
    for (const chunk of chunks) expect(utf8.encode(chunk).length).toBeLessThanOrEqual(100);
  });

  it('fits every chunk in maxBytes, with a well-formed header, for many sizes', () => {
    const random = mulberry32(7);
    for (const maxBytes of [34, 35, 50, 80, 120, 400, 512]) {
      for (const length of [maxBytes + 1, maxBytes * 2, maxBytes * 7 + 3, 5000]) {
        const text = asciiText(length, random);
        const chunks = splitMessage(text, maxBytes);
        expect(chunks.length).toBeGreaterThan(1);
        const ids = new Set<string>();
        chunks.forEach((chunk, i) => {
          expect(utf8.encode(chunk).length, `maxBytes ${maxBytes}, length ${length}`).toBeLessThanOrEqual(maxBytes);
          const match = /^~([A-Za-z0-9_-]{4,16}) (\d+)\/(\d+) /s.exec(chunk);
          expect(match).not.toBeNull();
          ids.add(match?.[1] ?? '');
          expect(Number(match?.[2])).toBe(i + 1);
          expect(Number(match?.[3])).toBe(chunks.length);
          expect(isChunk(chunk)).toBe(true);
        });
        expect(ids.size).toBe(1);
        // The parts, in order, are the text.
        expect(chunks.map((c) => c.slice(c.indexOf(' ', c.indexOf(' ') + 1) + 1)).join('')).toBe(text);
      }
    }
  });

  it('uses a fresh message id for each message', () => {
    const text = 'z'.repeat(300);
    const id = (chunk: string | undefined): string => chunk?.split(' ')[0] ?? '';
    const ids = new Set(Array.from({ length: 20 }, () => id(splitMessage(text, 100)[0])));
    expect(ids.size).toBe(20);
  });

  it('throws RangeError when maxBytes leaves no room for data', () => {
    const text = 'x'.repeat(200);
    expect(() => splitMessage(text, 33)).toThrow(RangeError);
    expect(() => splitMessage(text, 20)).toThrow(RangeError);
    expect(() => splitMessage(text, 0)).toThrow(RangeError);
    expect(() => splitMessage(text, 34)).not.toThrow();
  });

  it('throws RangeError when the message needs more than 9999 chunks', () => {
    // 16 characters of room per chunk at maxBytes 34.
    expect(splitMessage('x'.repeat(16 * 9999), 34).length).toBe(9999);
    expect(() => splitMessage('x'.repeat(16 * 9999 + 1), 34)).toThrow(RangeError);
  });
});

describe('isChunk', () => {
  it('recognises the chunk marker', () => {
    expect(isChunk('~abcd 1/2 x')).toBe(true);
    expect(isChunk('~')).toBe(true);
    expect(isChunk('CAPS?')).toBe(false);
    expect(isChunk('')).toBe(false);
    expect(isChunk(' ~abcd 1/2 x')).toBe(false);
  });
});

describe('ChunkAssembler', () => {
  it('reassembles chunks in order', () => {
    const text = asciiText(1000, mulberry32(1));
    const assembler = new ChunkAssembler();
    const chunks = splitMessage(text, 100);
    const results = chunks.map((chunk) => assembler.push(chunk, 0));
    for (const result of results.slice(0, -1)) expect(result).toEqual({ ok: true, value: undefined });
    expect(results.at(-1)).toEqual({ ok: true, value: text });
    expect(assembler.pending).toBe(0);
  });

  it('reassembles chunks in any order (seeded shuffles)', () => {
    const random = mulberry32(42);
    for (let round = 0; round < 50; round++) {
      const text = asciiText(200 + Math.floor(random() * 2000), random);
      const chunks = splitMessage(text, 64 + Math.floor(random() * 200));
      const assembler = new ChunkAssembler();
      expect(feed(assembler, shuffle(chunks, random))).toEqual([text]);
      expect(assembler.pending).toBe(0);
    }
  });

  it('keeps newlines, spaces and ~ inside the data', () => {
    const text = '~a b\nc\r\n  ~abcd 1/2 x\n'.repeat(30);
    const assembler = new ChunkAssembler();
    expect(feed(assembler, shuffle(splitMessage(text, 60), mulberry32(3)))).toEqual([text]);
  });

  it('ignores duplicate chunks', () => {
    const text = asciiText(500, mulberry32(5));
    const chunks = splitMessage(text, 100);
    expect(chunks.length).toBeGreaterThan(3);
    const first = chunks[0] ?? '';
    const second = chunks[1] ?? '';
    const assembler = new ChunkAssembler();
    expect(assembler.push(first, 0)).toEqual({ ok: true, value: undefined });
    expect(assembler.push(first, 0)).toEqual({ ok: true, value: undefined });
    expect(assembler.push(second, 0)).toEqual({ ok: true, value: undefined });
    expect(assembler.push(first, 0)).toEqual({ ok: true, value: undefined });
    expect(feed(assembler, [second, ...chunks.slice(2), second])).toEqual([text]);
  });

  it('does not let a duplicate with different data replace the first copy', () => {
    const assembler = new ChunkAssembler();
    expect(assembler.push('~abcd 1/2 hello ', 0)).toEqual({ ok: true, value: undefined });
    expect(assembler.push('~abcd 1/2 HIJACK ', 0)).toEqual({ ok: true, value: undefined });
    expect(assembler.push('~abcd 2/2 world', 0)).toEqual({ ok: true, value: 'hello world' });
  });

  it('reassembles interleaved messages independently', () => {
    const random = mulberry32(11);
    const a = asciiText(700, random);
    const b = asciiText(900, random);
    const c = asciiText(300, random);
    const assembler = new ChunkAssembler();
    const chunks = shuffle([...splitMessage(a, 90), ...splitMessage(b, 90), ...splitMessage(c, 90)], random);
    const done = feed(assembler, chunks);
    expect(done.sort()).toEqual([a, b, c].sort());
    expect(assembler.pending).toBe(0);
  });

  it('reassembles a one-chunk message', () => {
    expect(new ChunkAssembler().push('~abcd 1/1 whole', 0)).toEqual({ ok: true, value: 'whole' });
    expect(new ChunkAssembler().push('~abcd 1/1 ', 0)).toEqual({ ok: true, value: '' });
  });

  it('reports chunk-overflow past maxBytes and drops the message', () => {
    const assembler = new ChunkAssembler({ maxBytes: 100 });
    const chunks = splitMessage('x'.repeat(150), 60); // 42 characters of data per chunk
    expect(chunks.length).toBe(4);
    expect(assembler.push(chunks[0] ?? '', 0)).toEqual({ ok: true, value: undefined }); // 42
    expect(assembler.push(chunks[1] ?? '', 0)).toEqual({ ok: true, value: undefined }); // 84
    expect(assembler.pending).toBe(1);
    expectError(assembler.push(chunks[2] ?? '', 0), 'chunk-overflow'); // 126 > 100
    expect(assembler.pending).toBe(0);
    // The rest of that message never completes.
    expect(assembler.push(chunks[3] ?? '', 0)).toEqual({ ok: true, value: undefined });
  });

  it('accepts a message of exactly maxBytes', () => {
    const text = 'q'.repeat(100);
    const assembler = new ChunkAssembler({ maxBytes: 100 });
    expect(feed(assembler, splitMessage(text, 40))).toEqual([text]);
  });

  it('defaults to a 256 KiB bound', () => {
    const assembler = new ChunkAssembler();
    const big = 'b'.repeat(256 * 1024 + 1);
    const results = splitMessage(big, 60_000).map((chunk) => assembler.push(chunk, 0));
    const last = results.at(-1);
    expect(last?.ok).toBe(false);
    if (last && !last.ok) expect(last.error.code).toBe('chunk-overflow');
  });

  it('drops the oldest partial message past maxPending', () => {
    const random = mulberry32(9);
    const texts = [asciiText(300, random), asciiText(300, random), asciiText(300, random)];
    const [a, b, c] = texts.map((t) => splitMessage(t, 100)) as [string[], string[], string[]];
    const assembler = new ChunkAssembler({ maxPending: 2 });
    feed(assembler, [a[0] ?? '']);
    feed(assembler, [b[0] ?? '']);
    expect(assembler.pending).toBe(2);
    feed(assembler, [c[0] ?? '']); // drops a
    expect(assembler.pending).toBe(2);
    expect(feed(assembler, b.slice(1))).toEqual([texts[1]]);
    expect(feed(assembler, c.slice(1))).toEqual([texts[2]]);
    expect(assembler.pending).toBe(0);
    // a lost its first chunk: its other chunks never complete it.
    expect(feed(assembler, a.slice(1))).toEqual([]);
    expect(assembler.pending).toBe(1);
  });

  it('never holds more than maxPending partial messages', () => {
    const assembler = new ChunkAssembler({ maxPending: 3 });
    for (let i = 0; i < 100; i++) {
      expect(assembler.push(`~id${String(i).padStart(4, '0')} 1/2 x`, 0).ok).toBe(true);
      expect(assembler.pending).toBeLessThanOrEqual(3);
    }
    expect(assembler.pending).toBe(3);
  });

  it('drops a partial message whose next chunk is later than timeoutMs', () => {
    const assembler = new ChunkAssembler({ timeoutMs: 1000 });
    const text = 'late'.repeat(100);
    const chunks = splitMessage(text, 100);
    expect(chunks.length).toBeGreaterThan(2);
    expect(assembler.push(chunks[0] ?? '', 0)).toEqual({ ok: true, value: undefined });
    expect(assembler.pending).toBe(1);
    // 1001 ms later: expired before the new chunk is taken.
    expect(feed(assembler, chunks.slice(1), 1001)).toEqual([]);
    expect(assembler.pending).toBe(1); // the rest, still missing chunk 1
    expect(assembler.expire(2002)).toBe(1);
    expect(assembler.pending).toBe(0);
  });

  it('keeps a partial message alive while chunks keep coming within timeoutMs', () => {
    const assembler = new ChunkAssembler({ timeoutMs: 1000 });
    const text = 'slow'.repeat(100);
    const chunks = splitMessage(text, 80);
    let now = 0;
    const done: string[] = [];
    for (const chunk of chunks) {
      const result = assembler.push(chunk, now);
      if (result.ok && result.value !== undefined) done.push(result.value);
      now += 1000; // exactly the timeout: not yet late
    }
    expect(chunks.length).toBeGreaterThan(5);
    expect(done).toEqual([text]);
  });

  it('expire() drops only overdue messages and returns how many', () => {
    const assembler = new ChunkAssembler({ timeoutMs: 500 });
    assembler.push('~aaaa 1/2 x', 0);
    assembler.push('~bbbb 1/2 x', 300);
    assembler.push('~cccc 1/2 x', 450);
    expect(assembler.expire(500)).toBe(0);
    expect(assembler.expire(501)).toBe(1);
    expect(assembler.pending).toBe(2);
    expect(assembler.expire(800)).toBe(0);
    expect(assembler.expire(951)).toBe(2);
    expect(assembler.pending).toBe(0);
    expect(assembler.expire(5000)).toBe(0);
  });

  it('defaults to a 15 s timeout', () => {
    const assembler = new ChunkAssembler();
    assembler.push('~aaaa 1/2 x', 0);
    expect(assembler.expire(15_000)).toBe(0);
    expect(assembler.expire(15_001)).toBe(1);
  });

  const badHeaders: Array<[string, string]> = [
    ['no marker', 'hello'],
    ['a bare marker', '~'],
    ['an id that is too short', '~abc 1/2 x'],
    ['an id that is too long', `~${'a'.repeat(17)} 1/2 x`],
    ['an id with a bad character', '~ab.d 1/2 x'],
    ['no index', '~abcd /2 x'],
    ['no total', '~abcd 1/ x'],
    ['no space before the data', '~abcd 1/2x'],
    ['no data separator at all', '~abcd 1/2'],
    ['a five-digit index', '~abcd 12345/2 x'],
    ['a non-numeric index', '~abcd a/2 x'],
    ['a negative index', '~abcd -1/2 x'],
    ['index 0', '~abcd 0/2 x'],
    ['an index past the total', '~abcd 3/2 x'],
    ['total 0', '~abcd 1/0 x'],
    ['total 0 and index 0', '~abcd 0/0 x'],
    ['a space before the marker', ' ~abcd 1/2 x'],
  ];
  for (const [name, header] of badHeaders) {
    it(`rejects a chunk with ${name} as malformed-signal`, () => {
      const assembler = new ChunkAssembler();
      expectError(assembler.push(header, 0), 'malformed-signal');
      expect(assembler.pending).toBe(0);
    });
  }

  it('rejects a chunk whose total changes mid-message and drops the message', () => {
    const assembler = new ChunkAssembler();
    expect(assembler.push('~abcd 1/3 a', 0)).toEqual({ ok: true, value: undefined });
    expect(assembler.pending).toBe(1);
    expectError(assembler.push('~abcd 2/4 b', 0), 'malformed-signal');
    expect(assembler.pending).toBe(0);
  });

  it('never throws on hostile input', () => {
    const random = mulberry32(1234);
    const assembler = new ChunkAssembler({ maxBytes: 1000, maxPending: 4 });
    for (let i = 0; i < 2000; i++) {
      const header = `~${asciiText(Math.floor(random() * 8), random)} ${Math.floor(random() * 12)}/${Math.floor(random() * 12)} `;
      const text = random() < 0.5 ? header + asciiText(Math.floor(random() * 400), random) : asciiText(30, random);
      const result = assembler.push(text, i);
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) expect(['malformed-signal', 'chunk-overflow']).toContain(result.error.code);
      expect(assembler.pending).toBeLessThanOrEqual(4);
    }
  });
});
