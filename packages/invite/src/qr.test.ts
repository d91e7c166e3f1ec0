import { describe, expect, it } from 'vitest';
import { createInviteLink } from './invite-link.js';
import { rasterizeQr, renderQr, toSvg, toTerminal, type QrMatrix, type RgbaImage } from './qr.js';
import { scanQr } from './qr-scan.js';
import { bundleLike, unwrap } from './texts.test-util.js';

/** A text like a real answer link. */
function answerLink(length: number, seed: number): string {
  return unwrap(createInviteLink(bundleLike(length, seed), { base: 'https://parley.example/join/', role: 'answer' }));
}

/** Reads modules back from the terminal drawing (light modules are ink by default). */
function fromTerminal(text: string, size: number, margin: number): boolean[][] {
  const rows: boolean[][] = [];
  for (const line of text.trimEnd().split('\n')) {
    const chars = [...line];
    rows.push(chars.map((c) => c === '▀' || c === '█'));
    rows.push(chars.map((c) => c === '▄' || c === '█'));
  }
  return rows.slice(margin, margin + size).map((row) => row.slice(margin, margin + size).map((ink) => !ink));
}

describe('QR codes', () => {
  it('render → rasterise → scan gives the text back, for short and invite-sized texts', () => {
    for (const text of ['hi', 'web+parley:offer/P1abc', answerLink(750, 1), answerLink(2200, 2)]) {
      const qr = unwrap(renderQr(text));
      expect(qr.modules).toHaveLength(qr.size);
      expect(qr.modules.every((row) => row.length === qr.size)).toBe(true);
      expect(scanQr(rasterizeQr(qr, { scale: 3 }))).toBe(text);
    }
  });

  it('scans a code placed off-centre in a larger camera-sized frame, and light-on-dark', () => {
    const text = answerLink(700, 3);
    const qr = unwrap(renderQr(text));
    const frame = rasterizeQr(qr, { scale: 4, width: 900, height: 700 });
    expect(scanQr(frame)).toBe(text);
    const inverted: RgbaImage = { ...frame, data: frame.data.map((v, i) => (i % 4 === 3 ? v : 255 - v)) };
    expect(scanQr(inverted)).toBe(text);
    expect(scanQr(inverted, { inverted: false })).toBeNull();
  });

  it('finds nothing in a blank frame, noise or malformed images, without throwing', () => {
    expect(scanQr({ width: 64, height: 64, data: new Uint8ClampedArray(64 * 64 * 4).fill(255) })).toBeNull();
    let s = 9;
    const noise = new Uint8ClampedArray(128 * 128 * 4).map(() => ((s = (s * 69069 + 1) >>> 0) >>> 24) & 255);
    expect(scanQr({ width: 128, height: 128, data: noise })).toBeNull();
    expect(scanQr({ width: 10, height: 10, data: new Uint8ClampedArray(4) })).toBeNull();
    expect(scanQr({ width: -1, height: 10, data: new Uint8ClampedArray(4) })).toBeNull();
  });

  it('toSvg draws exactly the dark modules, with a quiet zone and a title', () => {
    const qr = unwrap(renderQr('web+parley:answer/P1xyz'));
    const svg = toSvg(qr, { margin: 4, title: 'Answer <QR>' });
    expect(svg).toContain(`viewBox="0 0 ${qr.size + 8} ${qr.size + 8}"`);
    expect(svg).toContain('<title>Answer &#60;QR&#62;</title>');
    const drawn = qr.modules.map((row) => row.map(() => false));
    for (const [, x, y, w] of svg.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
      for (let i = 0; i < Number(w); i++) drawn[Number(y) - 4]![Number(x) - 4 + i] = true;
    }
    expect(drawn).toEqual(qr.modules);
  });

  it('toTerminal packs two rows per line with half blocks, and reads back to the same modules', () => {
    const qr: QrMatrix = unwrap(renderQr('parley'));
    const text = toTerminal(qr, { margin: 2 });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(Math.ceil((qr.size + 4) / 2));
    expect(lines.every((l) => [...l].length === qr.size + 4 && /^[ ▀▄█]+$/.test(l))).toBe(true);
    expect(fromTerminal(text, qr.size, 2)).toEqual(qr.modules);
  });

  it('fails with a typed error for an empty text or one too long for any QR code', () => {
    const empty = renderQr('');
    expect(empty.ok).toBe(false);
    const long = renderQr('x'.repeat(3000) + 'é'.repeat(200));
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.code).toBe('signal-too-long');
  });
});
