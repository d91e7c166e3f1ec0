import jsQRModule, { type Options, type QRCode } from 'jsqr';
import type { RgbaImage } from './qr.js';

type JsQr = (data: Uint8ClampedArray, width: number, height: number, options?: Options) => QRCode | null;
// jsqr is CommonJS with an ES-style declaration: under Node the default import is the function itself.
const jsQR = ((jsQRModule as unknown as { default?: JsQr }).default ?? jsQRModule) as unknown as JsQr;

export interface ScanOptions {
  /** Also look for light-on-dark codes (a phone in dark mode); twice the work. Default true. */
  inverted?: boolean;
}

/**
 * Finds and decodes a QR code in an RGBA image (a camera frame, a canvas's
 * `ImageData`). Returns its text, or null when there is none. Never throws.
 */
export function scanQr(image: RgbaImage, options: ScanOptions = {}): string | null {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) return null;
  if (!(data instanceof Uint8ClampedArray) || data.length < width * height * 4) return null;
  try {
    const found = jsQR(data, width, height, {
      inversionAttempts: options.inverted === false ? 'dontInvert' : 'attemptBoth',
    });
    return found && found.data.length > 0 ? found.data : null;
  } catch {
    return null;
  }
}
