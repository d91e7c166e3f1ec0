import { ParleyError, type Result } from '@parley/core';
import { encode } from 'uqr';
import { fail, ok } from './result.js';

/** A QR code as a square matrix of modules: `modules[row][col]` is true for dark. */
export interface QrMatrix {
  /** Modules per side, without a quiet zone. */
  size: number;
  modules: boolean[][];
}

export interface QrOptions {
  /** Error correction: L (default: the most data per module) to H. */
  ecc?: 'L' | 'M' | 'Q' | 'H';
}

/** An RGBA image, the shape of the DOM's `ImageData`. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/**
 * Encodes `text` (UTF-8, byte mode or smaller) as a QR code. Fails with
 * `signal-too-long` when the text exceeds the largest QR code (version 40).
 */
export function renderQr(text: string, options: QrOptions = {}): Result<QrMatrix> {
  if (typeof text !== 'string' || text.length === 0) return fail('bad-encoding', 'nothing to put in a QR code');
  try {
    const qr = encode(text, { ecc: options.ecc ?? 'L', border: 0 });
    return ok({ size: qr.size, modules: qr.data.map((row) => row.slice()) });
  } catch (error) {
    return fail('signal-too-long', 'the text is too long for a QR code', error);
  }
}

export interface SvgOptions {
  /** Quiet zone in modules (default 4, as the standard asks). */
  margin?: number;
  dark?: string;
  light?: string;
  /** Accessible name of the image. */
  title?: string;
}

/** An SVG document: one path for the dark modules, scalable (`viewBox` in modules). */
export function toSvg(qr: QrMatrix, options: SvgOptions = {}): string {
  const margin = options.margin ?? 4;
  const side = qr.size + 2 * margin;
  let path = '';
  qr.modules.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      path += `M${start + margin} ${y + margin}h${x - start}v1h${start - x}z`;
    }
  });
  const title = options.title === undefined ? '' : `<title>${escapeXml(options.title)}</title>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges" role="img">` +
    `${title}<rect width="${side}" height="${side}" fill="${escapeXml(options.light ?? '#fff')}"/>` +
    `<path d="${path}" fill="${escapeXml(options.dark ?? '#000')}"/></svg>`
  );
}

export interface TerminalOptions {
  /** Quiet zone in modules (default 2; terminals seldom have room for 4). */
  margin?: number;
  /**
   * Light modules are drawn as blocks (default), which reads right on the
   * usual light-on-dark terminal; set for dark-on-light terminals.
   */
  darkOnLight?: boolean;
}

/** Two rows of modules per line with Unicode half blocks (▀ ▄ █), for `parley --qr`. */
export function toTerminal(qr: QrMatrix, options: TerminalOptions = {}): string {
  const margin = options.margin ?? 2;
  const side = qr.size + 2 * margin;
  // `ink` is whether a module is drawn with the foreground colour.
  const ink = (x: number, y: number): boolean => {
    const dark = qr.modules[y - margin]?.[x - margin] ?? false;
    return options.darkOnLight ? dark : !dark;
  };
  const lines: string[] = [];
  for (let y = 0; y < side; y += 2) {
    let line = '';
    for (let x = 0; x < side; x++) {
      const top = ink(x, y);
      const bottom = y + 1 < side ? ink(x, y + 1) : !options.darkOnLight;
      line += top ? (bottom ? '█' : '▀') : bottom ? '▄' : ' ';
    }
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

export interface RasterOptions {
  /** Pixels per module (default 8). */
  scale?: number;
  /** Quiet zone in modules (default 4). */
  margin?: number;
  /** Image size; the code is centred (default: just the code and its margin). */
  width?: number;
  height?: number;
}

/** Draws the code black on white into an RGBA image (for canvases, video frames and tests). */
export function rasterizeQr(qr: QrMatrix, options: RasterOptions = {}): RgbaImage {
  const scale = options.scale ?? 8;
  const margin = options.margin ?? 4;
  const side = (qr.size + 2 * margin) * scale;
  const width = options.width ?? side;
  const height = options.height ?? side;
  if (width < side || height < side) {
    throw new ParleyError('invalid-state', `a ${side}px code does not fit in ${width}x${height}`);
  }
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  const left = Math.floor((width - qr.size * scale) / 2);
  const top = Math.floor((height - qr.size * scale) / 2);
  for (let y = 0; y < qr.size; y++) {
    for (let x = 0; x < qr.size; x++) {
      if (!qr.modules[y]![x]) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = (top + y * scale + dy) * width;
        for (let dx = 0; dx < scale; dx++) {
          const i = (row + left + x * scale + dx) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
      }
    }
  }
  return { width, height, data };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
