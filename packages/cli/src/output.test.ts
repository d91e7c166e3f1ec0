import { describe, expect, it } from 'vitest';
import { createOutput } from './output.js';

function capture(json: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  const output = createOutput({ stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, json);
  return { output, out, err };
}

describe('output', () => {
  it('--json prints one object per line with an event field; hints are left out', () => {
    const { output, out, err } = capture(true);
    output.signal('offer', 'P1abc');
    output.hint('Send this to your peer');
    output.signal('answer', 'P1def');
    output.connected();
    output.message('hi "there"\nsecond line');
    output.ended('ice-failed');
    output.error('oops');
    expect(
      out
        .join('')
        .split('\n')
        .slice(0, -1)
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      { event: 'offer', text: 'P1abc' },
      { event: 'answer', text: 'P1def' },
      { event: 'connected' },
      { event: 'message', text: 'hi "there"\nsecond line' },
      { event: 'ended', reason: 'ice-failed' },
    ]);
    expect(err).toEqual(['parley: oops\n']);
  });

  it('plain mode prints the texts and messages on stdout, the rest on stderr', () => {
    const { output, out, err } = capture(false);
    output.signal('offer', 'P1abc');
    output.hint('Send this to your peer');
    output.connected();
    output.message('hi');
    output.ended('hangup');
    expect(out).toEqual(['P1abc\n', 'hi\n']);
    expect(err.join('')).toMatch(/^Send this to your peer\nConnected\..*\nCall ended \(hangup\)\.\n$/);
  });
});
