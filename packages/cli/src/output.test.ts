import { parseInviteLink } from '@parley/invite';
import { rasterizeQr } from '@parley/invite/qr';
import { scanQr } from '@parley/invite/scan';
import { describe, expect, it } from 'vitest';
import { createOutput, type ShareOptions } from './output.js';

function capture(json: boolean, share?: ShareOptions) {
  const out: string[] = [];
  const err: string[] = [];
  const output = createOutput({ stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, json, share);
  return { output, out, err };
}

/** What a phone sees on the terminal: half blocks back to modules (blocks are light), then scanned. */
function scanTerminal(text: string): string | null {
  const rows: boolean[][] = [];
  for (const line of text.trimEnd().split('\n')) {
    const chars = [...line];
    rows.push(chars.map((c) => c !== '▀' && c !== '█'));
    rows.push(chars.map((c) => c !== '▄' && c !== '█'));
  }
  const modules = rows.slice(0, rows[0]!.length);
  return scanQr(rasterizeQr({ size: modules.length, modules }, { scale: 4, margin: 2 }));
}

const BUNDLE = `P1${'x7_Q-'.repeat(120)}`;

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

  it('--link prints a join link instead of the bare text; --json adds it beside the text', () => {
    const plain = capture(false, { linkBase: 'https://parley.example/join/' });
    plain.output.signal('answer', BUNDLE);
    expect(plain.out).toEqual([`https://parley.example/join/#answer/${BUNDLE}\n`]);
    expect(plain.err).toEqual([]);
    const json = capture(true, { linkBase: 'https://parley.example/join/' });
    json.output.signal('offer', BUNDLE);
    expect(JSON.parse(json.out[0]!)).toEqual({
      event: 'offer',
      text: BUNDLE,
      link: `https://parley.example/join/#offer/${BUNDLE}`,
    });
  });

  it('--qr draws the text (or the link) in half blocks on stderr, and the drawing scans back', () => {
    const bare = capture(false, { qr: true });
    bare.output.signal('offer', BUNDLE);
    expect(bare.out).toEqual([`${BUNDLE}\n`]);
    expect(bare.err.join('')).toMatch(/^[ ▀▄█\n]+$/);
    expect(scanTerminal(bare.err.join(''))).toBe(BUNDLE);

    const linked = capture(true, { qr: true, linkBase: 'https://parley.example/join/' });
    linked.output.signal('answer', BUNDLE);
    const scanned = scanTerminal(linked.err.join(''));
    expect(scanned).toBe(`https://parley.example/join/#answer/${BUNDLE}`);
    expect(parseInviteLink(scanned!)).toEqual({ ok: true, value: { role: 'answer', bundle: BUNDLE } });
  });

  it('--qr says so when the text is too long for a QR code, and still prints the text', () => {
    const { output, out, err } = capture(false, { qr: true });
    const long = `P1${'a'.repeat(5000)}`;
    output.signal('offer', long);
    expect(out).toEqual([`${long}\n`]);
    expect(err).toEqual(['parley: no QR code: the text is too long for a QR code\n']);
  });
});
