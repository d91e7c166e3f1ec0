import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const bin = new URL('../dist/bin/parley.js', import.meta.url).pathname;
const sample = (name: string): string =>
  readFileSync(new URL(`../../core/src/compact-sdp/samples/${name}`, import.meta.url), 'utf8');

/** Runs the built `parley` with `input` on stdin; resolves with its exit code and output. */
function parley(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('parley sdp (spawned)', () => {
  const offer = sample('chromium156-av-offer.sdp');

  it('encode --exact then decode gives the SDP back byte for byte, through one base64url line', async () => {
    const encoded = await parley(['sdp', 'encode', '--type', 'offer', '--exact'], offer);
    expect(encoded).toMatchObject({ code: 0, stderr: '' });
    expect(encoded.stdout).toMatch(/^G[A-Za-z0-9_-]+\n$/);
    expect(encoded.stdout.length).toBeLessThan(offer.length / 10);
    const decoded = await parley(['sdp', 'decode'], encoded.stdout);
    expect(decoded).toEqual({ code: 0, stdout: offer, stderr: '' });
  });

  it('encode (default) normalises only the o= session id and the candidate foundations', async () => {
    const encoded = await parley(['sdp', 'encode', '--type', 'offer'], offer);
    const decoded = await parley(['sdp', 'decode'], encoded.stdout);
    expect(decoded.code).toBe(0);
    const strip = (sdp: string) => sdp.replace(/^(o=\S+ |a=candidate:)\d+/gm, '$1');
    expect(strip(decoded.stdout)).toBe(strip(offer));
  });

  it('encode reads {type, sdp} JSON without --type; decode --json prints it back, whitespace in the text ignored', async () => {
    const answer = sample('firefox153-dc-answer.sdp');
    const encoded = await parley(['sdp', 'encode', '--exact'], JSON.stringify({ type: 'answer', sdp: answer }));
    expect(encoded.code).toBe(0);
    const wrapped = encoded.stdout.replace(/(.{30})/g, '$1\n  ');
    const decoded = await parley(['sdp', 'decode', '--json'], wrapped);
    expect(decoded.code).toBe(0);
    expect(JSON.parse(decoded.stdout)).toEqual({ type: 'answer', sdp: answer });
  });

  it('encode without a type, or of something that is not an SDP, is a usage error (exit 2)', async () => {
    const noType = await parley(['sdp', 'encode'], offer);
    expect(noType.code).toBe(2);
    expect(noType.stderr).toContain('encode needs --type offer|answer');
    const notSdp = await parley(['sdp', 'encode', '--type', 'answer'], 'hello');
    expect(notSdp.code).toBe(2);
    expect(notSdp.stderr).toContain('not an SDP');
    const badType = await parley(['sdp', 'encode', '--type', 'pranswer'], offer);
    expect(badType.code).toBe(2);
  });

  it('decode of a damaged text or of an unknown format version exits 3 with the typed error on stderr', async () => {
    const encoded = (await parley(['sdp', 'encode', '--type', 'offer'], offer)).stdout.trim();
    const damaged = await parley(['sdp', 'decode'], encoded.slice(0, -10));
    expect(damaged).toMatchObject({ code: 3, stdout: '' });
    expect(damaged.stderr).toMatch(/^parley sdp decode: .*\(bad-encoding\)\n$/);
    const future = await parley(['sdp', 'decode'], `Z${encoded.slice(1)}`);
    expect(future).toMatchObject({ code: 3, stdout: '' });
    expect(future.stderr).toMatch(/version 25 is not supported.*\(unsupported\)/);
  });

  it('an unknown action or option is a usage error (exit 2); --help exits 0', async () => {
    expect((await parley(['sdp', 'squash'], '')).code).toBe(2);
    expect((await parley(['sdp', 'decode', '--type', 'offer'], '')).code).toBe(2);
    const help = await parley(['sdp', '--help'], '');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('parley sdp encode');
  });
});
