import type { Result } from '@parley/core';
import factory from 'ggwave';
import type { Ggwave } from './ggwave-types.js';
import { fail, ok } from './result.js';
import { frameSoundMessages, SoundFrameAssembler, type SoundProgress } from './sound-frames.js';

/** ggwave's audible protocols, slowest and sturdiest first (fastest ≈ 28 bytes/s, fast ≈ 15). */
export type SoundSpeed = 'normal' | 'fast' | 'fastest';

const PROTOCOLS: Record<SoundSpeed, string> = {
  normal: 'GGWAVE_PROTOCOL_AUDIBLE_NORMAL',
  fast: 'GGWAVE_PROTOCOL_AUDIBLE_FAST',
  fastest: 'GGWAVE_PROTOCOL_AUDIBLE_FASTEST',
};

/** The sample rate sound is made at (and what ggwave works at). */
export const SOUND_SAMPLE_RATE = 48_000;
const FRAME = 1024;

let loading: Promise<Ggwave> | undefined;

/** Loads ggwave's WebAssembly once (it is inlined in the module: nothing is fetched). */
export function loadGgwave(): Promise<Ggwave> {
  loading ??= (async () => {
    const load = ((factory as unknown as { default?: typeof factory }).default ?? factory) as typeof factory;
    // Its encoder printf()s a line per message: keep the console clean.
    const ggwave = (await load({ print: () => undefined, printErr: () => undefined })) as Ggwave;
    ggwave.disableLog();
    return ggwave;
  })();
  return loading;
}

function instance(ggwave: Ggwave, sampleRateInp: number): number {
  const parameters = ggwave.getDefaultParameters();
  parameters.sampleRateInp = sampleRateInp;
  parameters.sampleRateOut = SOUND_SAMPLE_RATE;
  parameters.sampleFormatInp = ggwave.SampleFormat.GGWAVE_SAMPLE_FORMAT_F32;
  parameters.sampleFormatOut = ggwave.SampleFormat.GGWAVE_SAMPLE_FORMAT_F32;
  return ggwave.init(parameters);
}

export interface SoundEncodeOptions {
  /** Default `fastest`: the texts are long; `fast` and `normal` hold up better in a noisy room. */
  speed?: SoundSpeed;
  /** 1-100 (default 50). */
  volume?: number;
}

/**
 * Renders `text` as sound: a 16-bit mono 48 kHz WAV file of ggwave messages
 * (framed, with a CRC32 of the whole text), with short silences between them.
 * Loop it until the other side has it. Fails with `signal-too-long` past
 * ~165 KB of text.
 */
export async function encodeSoundWav(text: string, options: SoundEncodeOptions = {}): Promise<Result<Uint8Array>> {
  const samples = await encodeSoundSamples(text, options);
  return samples.ok ? ok(toWav(samples.value, SOUND_SAMPLE_RATE)) : samples;
}

/** As {@link encodeSoundWav}, but the 48 kHz samples themselves (to play through Web Audio). */
export async function encodeSoundSamples(
  text: string,
  options: SoundEncodeOptions = {},
): Promise<Result<Float32Array<ArrayBuffer>>> {
  if (typeof text !== 'string' || text.length === 0) return fail('bad-encoding', 'nothing to send as sound');
  let messages: Uint8Array[];
  try {
    messages = frameSoundMessages(text);
  } catch (error) {
    return fail('signal-too-long', 'the text is too long to send as sound', error);
  }
  const ggwave = await loadGgwave();
  const id = instance(ggwave, SOUND_SAMPLE_RATE);
  try {
    const protocol = ggwave.ProtocolId[PROTOCOLS[options.speed ?? 'fastest']]!;
    const volume = Math.min(100, Math.max(1, Math.round(options.volume ?? 50)));
    const gap = new Float32Array(Math.round(SOUND_SAMPLE_RATE * 0.3));
    const parts: Float32Array[] = [gap];
    for (const message of messages) {
      const wave = ggwave.encode(id, message, protocol, volume);
      // A view on the WebAssembly heap: copy before the next call.
      parts.push(new Float32Array(wave.slice().buffer), gap);
    }
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return ok(out);
  } finally {
    ggwave.free(id);
  }
}

/**
 * Turns samples (any sample rate, in blocks of any size) back into the text:
 * ggwave demodulates, {@link SoundFrameAssembler} checks the CRC. Used by
 * {@link SoundReceiver} in browsers, and directly on WAV files in Node.
 */
export class SoundDecoder {
  readonly #assembler = new SoundFrameAssembler();
  readonly #pending = new Float32Array(FRAME);
  #filled = 0;
  #closed = false;
  /** Resampling to 48 kHz (ggwave's own input resampler does not decode): position and previous sample. */
  #position = 0;
  #previous = 0;

  private constructor(
    readonly sampleRate: number,
    readonly ggwave: Ggwave,
    readonly id: number,
  ) {}

  static async create(sampleRate: number): Promise<SoundDecoder> {
    if (!(sampleRate >= 8000 && sampleRate <= 192_000)) throw new RangeError(`unusable sample rate ${sampleRate}`);
    const ggwave = await loadGgwave();
    return new SoundDecoder(sampleRate, ggwave, instance(ggwave, SOUND_SAMPLE_RATE));
  }

  /** Feeds samples; returns the text once it checks out, progress when a message arrived, else undefined. */
  push(input: Float32Array): { text: string } | SoundProgress | undefined {
    if (this.#closed) return undefined;
    const samples = this.sampleRate === SOUND_SAMPLE_RATE ? input : this.#resample(input);
    let outcome: { text: string } | SoundProgress | undefined;
    let at = 0;
    while (at < samples.length) {
      const n = Math.min(FRAME - this.#filled, samples.length - at);
      this.#pending.set(samples.subarray(at, at + n), this.#filled);
      this.#filled += n;
      at += n;
      if (this.#filled < FRAME) break;
      this.#filled = 0;
      const message = this.ggwave.decode(this.id, new Int8Array(this.#pending.buffer));
      if (message.length === 0) continue;
      const result = this.#assembler.add(new Uint8Array(message.slice().buffer));
      if (result && (!outcome || !('text' in outcome))) outcome = result;
    }
    return outcome;
  }

  /** Linear interpolation to 48 kHz, carried over between blocks. */
  #resample(input: Float32Array): Float32Array {
    const step = this.sampleRate / SOUND_SAMPLE_RATE;
    const out: number[] = [];
    // #position is measured from the previous block's last sample (index -1 here).
    let position = this.#position;
    while (position < input.length - 1 + 1e-9) {
      const i = Math.floor(position);
      const a = i < 0 ? this.#previous : input[i]!;
      const b = input[i + 1] ?? a;
      out.push(a + (b - a) * (position - i));
      position += step;
    }
    this.#position = position - input.length;
    if (input.length > 0) this.#previous = input[input.length - 1]!;
    return Float32Array.from(out);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.ggwave.free(this.id);
  }
}

/** A 16-bit PCM mono WAV file. */
export function toWav(samples: Float32Array, sampleRate: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string): void => {
    for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    view.setInt16(44 + i * 2, Math.round(s * 32767), true);
  }
  return bytes;
}

/** Reads the first channel of a PCM (8/16/32-bit) or float WAV file. Never throws. */
export function decodeWav(bytes: Uint8Array): Result<{ sampleRate: number; samples: Float32Array }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return fail('bad-encoding', 'not a WAV file');
  let format: { code: number; channels: number; rate: number; bits: number } | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ' && size >= 16 && body + 16 <= bytes.length) {
      format = {
        code: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data' && format) {
      const { code, channels, rate, bits } = format;
      const width = bits / 8;
      const float = code === 3 && bits === 32;
      if ((code !== 1 && !float) || ![1, 2, 4].includes(width) || channels < 1) {
        return fail('unsupported', `WAV format ${code}/${bits}-bit is not supported`);
      }
      const end = Math.min(bytes.length, body + size);
      const count = Math.floor((end - body) / (width * channels));
      const samples = new Float32Array(count);
      for (let i = 0; i < count; i++) {
        const p = body + i * width * channels;
        samples[i] = float
          ? view.getFloat32(p, true)
          : width === 1
            ? (view.getUint8(p) - 128) / 128
            : width === 2
              ? view.getInt16(p, true) / 32768
              : view.getInt32(p, true) / 2147483648;
      }
      return ok({ sampleRate: rate, samples });
    }
    at = body + size + (size % 2);
  }
  return fail('bad-encoding', 'the WAV file has no audio data');
}
