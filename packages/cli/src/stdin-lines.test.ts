import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StdinLines } from './stdin-lines.js';

describe('StdinLines', () => {
  it('pulls non-empty lines, then forwards the rest in order, then the end', async () => {
    const input = new PassThrough();
    const lines = new StdinLines(input);
    input.write('\n  \n  P1abc  \nfirst\n');
    expect(await lines.nextNonEmpty()).toBe('P1abc');
    const got: string[] = [];
    const ended = new Promise<void>((resolve) => {
      input.write('second\r\n');
      setTimeout(() => {
        lines.forward((l) => got.push(l), resolve);
        input.end('third');
      }, 10);
    });
    await ended;
    expect(got).toEqual(['first', 'second', 'third']);
  });

  it('resolves undefined at the end of input', async () => {
    const input = new PassThrough();
    const lines = new StdinLines(input);
    input.end('\n');
    expect(await lines.nextNonEmpty()).toBeUndefined();
    let ended = false;
    lines.forward(
      () => undefined,
      () => (ended = true),
    );
    expect(ended).toBe(true);
  });
});

describe('StdinLines between forwards', () => {
  it('keeps lines while not forwarding, and tells the end apart from the last line taken', async () => {
    const input = new PassThrough();
    const lines = new StdinLines(input);
    const first: string[] = [];
    lines.forward(
      (l) => first.push(l),
      () => undefined,
    );
    input.write('to the first call\n');
    await new Promise((r) => setTimeout(r, 10));
    lines.stopForwarding();
    input.end('for the next call\n');
    await lines.ended;
    expect(first).toEqual(['to the first call']);
    expect(lines.exhausted).toBe(false);
    const second: string[] = [];
    let ended = false;
    lines.forward(
      (l) => second.push(l),
      () => (ended = true),
    );
    expect({ second, ended, exhausted: lines.exhausted }).toEqual({
      second: ['for the next call'],
      ended: true,
      exhausted: true,
    });
  });
});
