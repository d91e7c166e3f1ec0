/**
 * SDP size benchmark: for every sample in packages/core/src/compact-sdp/samples,
 * the raw SDP, deflate-raw + base64url,
 * lz-string `compressToEncodedURIComponent` of the `{type, sdp}` JSON (SimpleX's
 * approach) and Parley's compactSdp (default and exact), in characters, in IRC
 * lines (474 bytes of usable text each) and in the QR code version each needs
 * (byte mode, error correction L). Deterministic counts, no timing. Prints a
 * table and writes bench/results/sdp.json.
 *
 *   pnpm --filter @parley/bench run sdp
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { compactSdp, toBase64Url } from '@parley/core';
import lzString from 'lz-string';
import { BENCH_DIR } from './bundle-size.js';

const REPO_DIR = resolve(BENCH_DIR, '..');
const SAMPLES_DIR = join(REPO_DIR, 'packages/core/src/compact-sdp/samples');
const RESULTS_FILE = join(BENCH_DIR, 'results/sdp.json');
/** Usable text in one IRC line (510 bytes minus `:nick!user@host PRIVMSG #channel :`), per the real-peers notes. */
export const IRC_LINE_BYTES = 474;
/** QR code capacity in byte mode at error correction level L, versions 1 to 40 (ISO/IEC 18004 table 7). */
export const QR_BYTES_L = [
  17, 32, 53, 78, 106, 134, 154, 192, 230, 271, 321, 367, 425, 458, 520, 586, 644, 718, 792, 858, 929, 1003, 1091, 1171,
  1273, 1367, 1465, 1528, 1628, 1732, 1840, 1952, 2068, 2188, 2303, 2431, 2563, 2699, 2809, 2953,
];

/** Smallest QR version (1-40) holding `bytes` in byte mode at level L; undefined when none does. */
export function qrVersion(bytes: number): number | undefined {
  const index = QR_BYTES_L.findIndex((capacity) => capacity >= bytes);
  return index < 0 ? undefined : index + 1;
}

export const ircLines = (chars: number): number => Math.ceil(chars / IRC_LINE_BYTES);

const METHODS = ['raw', 'deflate-raw+base64url', 'lz-string (JSON)', 'compactSdp', 'compactSdp exact'] as const;
type Method = (typeof METHODS)[number];

export interface SdpRow {
  sample: string;
  type: 'offer' | 'answer';
  chars: Record<Method, number>;
  ircLines: Record<Method, number>;
  qrVersion: Record<Method, number | null>;
}

export async function measure(name: string, sdp: string): Promise<SdpRow> {
  const type = name.includes('answer') ? 'answer' : 'offer';
  const texts: Record<Method, string> = {
    raw: sdp,
    'deflate-raw+base64url': toBase64Url(deflateRawSync(Buffer.from(sdp))),
    'lz-string (JSON)': lzString.compressToEncodedURIComponent(JSON.stringify({ type, sdp })),
    compactSdp: await compactSdp.encode({ type, sdp }),
    'compactSdp exact': await compactSdp.encode({ type, sdp }, { exact: true }),
  };
  const map = <T>(f: (text: string) => T) =>
    Object.fromEntries(METHODS.map((m) => [m, f(texts[m])])) as Record<Method, T>;
  return {
    sample: name,
    type,
    chars: map((t) => t.length),
    ircLines: map((t) => ircLines(Buffer.byteLength(t))),
    qrVersion: map((t) => qrVersion(Buffer.byteLength(t)) ?? null),
  };
}

function table(rows: SdpRow[]): string {
  const header = ['sample', ...METHODS.map((m) => `${m}: chars / IRC lines / QR`)];
  const cells = rows.map((r) => [
    r.sample.replace(/\.sdp$/, ''),
    ...METHODS.map((m) => `${r.chars[m]} / ${r.ircLines[m]} / ${r.qrVersion[m] ?? '-'}`),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]): string =>
    c.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const names = readdirSync(SAMPLES_DIR)
    .filter((f) => f.endsWith('.sdp'))
    .sort();
  const rows = await Promise.all(names.map((name) => measure(name, readFileSync(join(SAMPLES_DIR, name), 'utf8'))));
  console.log(table(rows));
  console.log(
    `\nQR: smallest version whose byte-mode capacity at level L holds the text ('-': over version 40). ` +
      `IRC: lines of ${IRC_LINE_BYTES} bytes. lz-string compresses JSON.stringify({type, sdp}).`,
  );
  await mkdir(join(BENCH_DIR, 'results'), { recursive: true });
  const json = {
    benchmark: 'sdp',
    date: new Date().toISOString(),
    node: process.version,
    ircLineBytes: IRC_LINE_BYTES,
    qr: 'byte mode, error correction L',
    results: rows,
  };
  await writeFile(RESULTS_FILE, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nwrote ${relative(REPO_DIR, RESULTS_FILE)}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) await main();
