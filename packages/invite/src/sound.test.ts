import { describe, expect, it } from 'vitest';
import { decodeWav, encodeSoundSamples, encodeSoundWav, SOUND_SAMPLE_RATE, SoundDecoder, toWav } from './sound.js';
import {
  crc32,
  frameSoundMessages,
  SOUND_CHUNK_BYTES,
  SOUND_MESSAGE_BYTES,
  SoundFrameAssembler,
} from './sound-frames.js';
import { bundleLike, unwrap } from './texts.test-util.js';

const encoder = new TextEncoder();

/** Feeds samples in blocks of `block`, as an audio callback would; returns the text and when it came (seconds). */
async function decodeSamples(samples: Float32Array, sampleRate: number, block = 1000) {
  const decoder = await SoundDecoder.create(sampleRate);
  try {
    const progress: number[] = [];
    for (let at = 0; at < samples.length; at += block) {
      const outcome = decoder.push(samples.subarray(at, at + block));
      if (outcome && 'text' in outcome) return { text: outcome.text, atSeconds: at / sampleRate, progress };
      if (outcome) progress.push(outcome.received);
    }
    return { text: undefined, atSeconds: samples.length / sampleRate, progress };
  } finally {
    decoder.close();
  }
}

describe('sound framing', () => {
  it('crc32 matches the standard check value', () => {
    expect(crc32(encoder.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('frames fit ggwave messages, and reassemble in any order, with repeats, only when complete', () => {
    const text = bundleLike(700, 1) + ' é漢';
    const frames = frameSoundMessages(text);
    expect(frames).toHaveLength(Math.ceil(encoder.encode(text).length / SOUND_CHUNK_BYTES));
    expect(frames.every((f) => f.length <= SOUND_MESSAGE_BYTES)).toBe(true);
    const assembler = new SoundFrameAssembler();
    const order = [3, 0, 3, 5, 1, 4, 0];
    for (const i of order) expect(assembler.add(frames[i]!)).toMatchObject({ total: frames.length });
    expect(assembler.add(frames[2]!)).toEqual({ text });
  });

  it('keeps two transmissions apart and rejects a damaged chunk by its CRC', () => {
    const a = frameSoundMessages(bundleLike(300, 2));
    const b = frameSoundMessages(bundleLike(300, 3));
    const assembler = new SoundFrameAssembler();
    assembler.add(a[0]!);
    assembler.add(b[0]!);
    assembler.add(b[1]!);
    const damaged = a[1]!.slice();
    damaged[20] = damaged[20]! ^ 1;
    assembler.add(damaged);
    expect(assembler.add(a[2]!)).toEqual({ received: 0, total: 3 });
    expect(assembler.add(b[2]!)).toEqual({ text: bundleLike(300, 3) });
    expect(assembler.add(new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(assembler.add(encoder.encode('1zz01abcdefgXYZ'))).toBeUndefined();
  });
});

describe('sound over ggwave (WebAssembly, in Node)', () => {
  it('WAV → samples → text for an invite-sized text; the text arrives with the last chunk', async () => {
    const text = bundleLike(400, 4);
    const wav = unwrap(await encodeSoundWav(text));
    const { sampleRate, samples } = unwrap(decodeWav(wav));
    expect(sampleRate).toBe(SOUND_SAMPLE_RATE);
    expect(samples.length).toBe((wav.length - 44) / 2);
    const result = await decodeSamples(samples, sampleRate);
    expect(result.text).toBe(text);
    expect(result.progress).toEqual([1, 2, 3]);
    expect(result.atSeconds).toBeGreaterThan(0.8 * (samples.length / sampleRate));
  });

  it('starting mid-sound and looping (as a looping player or fake microphone does) still gets it', async () => {
    const text = bundleLike(300, 5);
    const once = unwrap(await encodeSoundSamples(text));
    const start = Math.floor(once.length * 0.45);
    const looped = new Float32Array(once.length * 2 - start);
    looped.set(once.subarray(start));
    looped.set(once, once.length - start);
    expect((await decodeSamples(looped, SOUND_SAMPLE_RATE, 128)).text).toBe(text);
  });

  it('decodes at 44.1 kHz, with background noise', async () => {
    const text = bundleLike(120, 6);
    const at48 = unwrap(await encodeSoundSamples(text, { speed: 'fast' }));
    const ratio = 44_100 / SOUND_SAMPLE_RATE;
    const at44 = new Float32Array(Math.floor(at48.length * ratio));
    let s = 1;
    for (let i = 0; i < at44.length; i++) {
      const x = i / ratio;
      const j = Math.floor(x);
      const v = (at48[j] ?? 0) + ((at48[j + 1] ?? 0) - (at48[j] ?? 0)) * (x - j);
      s = (s * 69069 + 1) >>> 0;
      at44[i] = v + ((s / 2 ** 32) * 2 - 1) * 0.05;
    }
    expect((await decodeSamples(at44, 44_100)).text).toBe(text);
  });

  it('silence, noise and a cut-off sound yield nothing; bad input is a typed error', async () => {
    let s = 3;
    const noise = new Float32Array(SOUND_SAMPLE_RATE * 2).map(
      () => ((s = (s * 69069 + 1) >>> 0) / 2 ** 32) * 0.6 - 0.3,
    );
    expect((await decodeSamples(noise, SOUND_SAMPLE_RATE)).text).toBeUndefined();
    const text = bundleLike(300, 7);
    const samples = unwrap(await encodeSoundSamples(text));
    const cut = await decodeSamples(samples.subarray(0, Math.floor(samples.length * 0.6)), SOUND_SAMPLE_RATE);
    expect(cut.text).toBeUndefined();
    expect(cut.progress.length).toBeGreaterThan(0);
    expect((await encodeSoundWav('')).ok).toBe(false);
    for (const bad of [
      new Uint8Array(),
      encoder.encode('RIFF....WAVEjunk'),
      toWav(new Float32Array(), 8000).slice(0, 40),
    ]) {
      const result = decodeWav(bad);
      expect(result.ok).toBe(false);
    }
    await expect(SoundDecoder.create(0)).rejects.toThrow(RangeError);
  });
});
