import { ParleyError } from '@parley/core';
import { SOUND_SAMPLE_RATE, SoundDecoder } from './sound.js';
import type { SoundProgress } from './sound-frames.js';

// Runs on the audio thread: batches the 128-sample render quanta and posts them.
const WORKLET = `
registerProcessor('parley-sound-tap', class extends AudioWorkletProcessor {
  constructor() { super(); this.buffer = new Float32Array(2048); this.filled = 0; }
  process(inputs) {
    const input = inputs[0] && inputs[0][0];
    if (input) {
      this.buffer.set(input, this.filled);
      this.filled += input.length;
      if (this.filled + 128 > this.buffer.length) {
        this.port.postMessage(this.buffer.slice(0, this.filled));
        this.filled = 0;
      }
    }
    return true;
  }
});
`;

export interface SoundReceiverOptions {
  /** Called when a chunk of a longer text arrives. */
  onProgress?: (progress: SoundProgress) => void;
  /** Texts to take; others are skipped. Default: any. */
  accept?: (text: string) => boolean;
  signal?: AbortSignal;
}

/**
 * Listens to a microphone track in a browser (Web Audio + an AudioWorklet)
 * and decodes ggwave sound made by {@link encodeSoundWav}; {@link receive}
 * resolves with the text once all its chunks are in and its CRC32 matches.
 *
 * ```ts
 * const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
 * const text = await new SoundReceiver(stream.getAudioTracks()[0]).receive();
 * ```
 */
export class SoundReceiver {
  readonly #track: MediaStreamTrack;
  readonly #options: SoundReceiverOptions;
  #context: AudioContext | undefined;
  #decoder: SoundDecoder | undefined;
  #stopped = false;
  #reject: ((error: ParleyError) => void) | undefined;

  constructor(track: MediaStreamTrack, options: SoundReceiverOptions = {}) {
    if (track.kind !== 'audio') throw new ParleyError('invalid-state', 'SoundReceiver needs an audio track');
    this.#track = track;
    this.#options = options;
    options.signal?.addEventListener('abort', () => this.stop(), { once: true });
  }

  /** Resolves with the first whole, checked text; rejects with `transport-closed` when stopped first. */
  async receive(): Promise<string> {
    if (this.#stopped || this.#options.signal?.aborted) {
      throw new ParleyError('transport-closed', 'the receiver was stopped');
    }
    // ggwave works at 48 kHz; asking the context for it spares a resampling step.
    const context = new AudioContext({ sampleRate: SOUND_SAMPLE_RATE });
    this.#context = context;
    const decoder = await SoundDecoder.create(context.sampleRate);
    this.#decoder = decoder;
    const url = URL.createObjectURL(new Blob([WORKLET], { type: 'text/javascript' }));
    try {
      await context.audioWorklet.addModule(url);
    } finally {
      URL.revokeObjectURL(url);
    }
    if (this.#stopped) throw new ParleyError('transport-closed', 'the receiver was stopped');
    const source = context.createMediaStreamSource(new MediaStream([this.#track]));
    const tap = new AudioWorkletNode(context, 'parley-sound-tap', { numberOfOutputs: 1 });
    const mute = context.createGain();
    mute.gain.value = 0;
    // Connected through a silent gain so that the graph pulls the tap.
    source.connect(tap).connect(mute).connect(context.destination);
    await context.resume();
    this.#track.addEventListener('ended', () => this.stop(), { once: true });
    return new Promise<string>((resolve, reject) => {
      this.#reject = reject;
      tap.port.onmessage = (event: MessageEvent<Float32Array>) => {
        if (this.#stopped) return;
        const outcome = decoder.push(event.data);
        if (!outcome) return;
        if (!('text' in outcome)) return this.#options.onProgress?.(outcome);
        if (!(this.#options.accept?.(outcome.text) ?? true)) return;
        this.#reject = undefined;
        this.stop();
        resolve(outcome.text);
      };
    });
  }

  /** Stops listening and frees the audio context (the track stays the caller's to stop). */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    void this.#context?.close();
    this.#decoder?.close();
    this.#reject?.(new ParleyError('transport-closed', 'the receiver was stopped'));
    this.#reject = undefined;
  }
}
