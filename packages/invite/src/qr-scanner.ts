import { ParleyError } from '@parley/core';
import { scanQr } from './qr-scan.js';

export interface QrScannerOptions {
  /** Time between two looks at the camera, in ms (default 150). */
  intervalMs?: number;
  /** Codes to take; others (someone else's QR code in view) are skipped. Default: any. */
  accept?: (text: string) => boolean;
  /** Frames larger than this on their longer side are scaled down first (default 1280). */
  maxSide?: number;
  signal?: AbortSignal;
}

/**
 * Reads QR codes from a camera track in a browser: draws frames from a
 * `<video>` into a canvas and decodes them with {@link scanQr} (a JS decoder,
 * so it also works where `BarcodeDetector` is missing, e.g. Chromium on Linux).
 *
 * ```ts
 * const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
 * const text = await new QrScanner(stream.getVideoTracks()[0]).scan();
 * ```
 */
export class QrScanner {
  readonly #track: MediaStreamTrack;
  readonly #options: QrScannerOptions;
  #video: HTMLVideoElement | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #reject: ((error: ParleyError) => void) | undefined;
  /** Frames looked at so far. */
  frames = 0;

  constructor(track: MediaStreamTrack, options: QrScannerOptions = {}) {
    if (track.kind !== 'video') throw new ParleyError('invalid-state', 'QrScanner needs a video track');
    this.#track = track;
    this.#options = options;
    options.signal?.addEventListener('abort', () => this.stop(), { once: true });
  }

  /** Resolves with the first accepted code; rejects with `transport-closed` if stopped or the track ends first. */
  scan(): Promise<string> {
    if (this.#stopped || this.#options.signal?.aborted) {
      return Promise.reject(new ParleyError('transport-closed', 'the scanner was stopped'));
    }
    return new Promise<string>((resolve, reject) => {
      this.#reject = reject;
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      video.srcObject = new MediaStream([this.#track]);
      this.#video = video;
      const canvas = document.createElement('canvas');
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context) return reject(new ParleyError('unsupported', 'no 2D canvas here'));
      this.#track.addEventListener('ended', () => this.stop(), { once: true });
      const look = (): void => {
        if (this.#stopped) return;
        if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
          const maxSide = this.#options.maxSide ?? 1280;
          const scale = Math.min(1, maxSide / Math.max(video.videoWidth, video.videoHeight));
          canvas.width = Math.round(video.videoWidth * scale);
          canvas.height = Math.round(video.videoHeight * scale);
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          this.frames++;
          const text = scanQr(context.getImageData(0, 0, canvas.width, canvas.height));
          if (text !== null && (this.#options.accept?.(text) ?? true)) {
            this.#release();
            this.#reject = undefined;
            return resolve(text);
          }
        }
        this.#timer = setTimeout(look, this.#options.intervalMs ?? 150);
      };
      video.play().then(look, (error: unknown) => {
        this.#release();
        reject(new ParleyError('unsupported', `the camera video does not play: ${String(error)}`, { cause: error }));
      });
    });
  }

  /** Stops looking (the track itself stays the caller's to stop). */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#release();
    this.#reject?.(new ParleyError('transport-closed', 'the scanner was stopped'));
    this.#reject = undefined;
  }

  #release(): void {
    clearTimeout(this.#timer);
    if (this.#video) {
      this.#video.pause();
      this.#video.srcObject = null;
      this.#video = undefined;
    }
  }
}
