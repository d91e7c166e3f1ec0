import { beforeAll, describe, expect, it } from 'vitest';
import { ParleyError } from '@parley/core';
import { mulberry32 } from '@parley/testing/prng';
import { decodeInviteFile, encodeInviteFile, inviteFileName, INVITE_FILE_VERSION } from './invite-file.js';
import { sampleBundles, unwrap } from './invite.test-util.js';

let offer: string;
let answer: string;
beforeAll(async () => ({ offer, answer } = await sampleBundles()));

describe('.parley invite files', () => {
  it('a human line, a versioned machine line, then the bundle wrapped at 76 columns', () => {
    const text = unwrap(encodeInviteFile({ role: 'offer', bundle: offer }));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^This is a Parley call offer\. .*send back the answer/);
    expect(lines[1]).toBe(`parley-invite ${INVITE_FILE_VERSION} offer`);
    expect(lines.slice(2, -1).join('')).toBe(offer);
    expect(Math.max(...lines.slice(2).map((l) => l.length))).toBeLessThanOrEqual(76);
    expect(text.endsWith('\n')).toBe(true);
    expect(unwrap(decodeInviteFile(text))).toEqual({ role: 'offer', bundle: offer });
    expect(inviteFileName('answer')).toBe('parley-answer.parley');
  });

  it('round-trips answers and any bundle text; survives CRLF, a BOM and re-wrapping', () => {
    const text = unwrap(encodeInviteFile({ role: 'answer', bundle: answer }));
    expect(unwrap(decodeInviteFile(text))).toEqual({ role: 'answer', bundle: answer });
    const mangled = '\uFEFF' + text.replace(/\n/g, '\r\n').replace(/(.{30})/g, '$1\r\n  ') + '\r\n\r\n';
    expect(unwrap(decodeInviteFile(mangled))).toEqual({ role: 'answer', bundle: answer });
    const odd = 'P1 with spaces, #hash, 100% é 漢 😀\nand a line';
    expect(unwrap(decodeInviteFile(unwrap(encodeInviteFile({ role: 'offer', bundle: odd }))))).toEqual({
      role: 'offer',
      bundle: odd,
    });
  });

  it('a newer version is unsupported; other damage is bad-encoding', () => {
    const text = unwrap(encodeInviteFile({ role: 'offer', bundle: offer }));
    const newer = decodeInviteFile(text.replace('parley-invite 1 ', 'parley-invite 2 '));
    expect(newer.ok).toBe(false);
    if (!newer.ok) expect(newer.error.code).toBe('unsupported');
    for (const damaged of [
      text.replace('parley-invite', 'parley-invitation'),
      text.replace('parley-invite 1 ', 'parley-invite 0 '),
      text.split('\n').slice(0, 2).join('\n'),
      text.replace(/\n(P2)/, '\n$1%ZZ'),
      text.replace(/\n(P2)/, '\n$1<script>'),
      '',
      'hello',
    ]) {
      const result = decodeInviteFile(damaged);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('bad-encoding');
    }
    expect(encodeInviteFile({ role: 'offer', bundle: '' }).ok).toBe(false);
    expect(encodeInviteFile({ role: 'x' as 'offer', bundle: offer }).ok).toBe(false);
  });

  it('random, truncated and mutated files give a result or a typed error, never a throw', () => {
    const random = mulberry32(11);
    const text = unwrap(encodeInviteFile({ role: 'offer', bundle: offer }));
    for (let round = 0; round < 1000; round++) {
      const chars = [...text.slice(0, Math.floor(random() * (text.length + 1)))];
      for (let n = 0; n < random() * 5; n++) {
        chars[Math.floor(random() * chars.length)] = String.fromCharCode(Math.floor(random() * 0x500));
      }
      const result = decodeInviteFile(chars.join(''));
      if (!result.ok) expect(result.error).toBeInstanceOf(ParleyError);
      else expect(result.value.role).toMatch(/^(offer|answer)$/);
    }
  });
});
