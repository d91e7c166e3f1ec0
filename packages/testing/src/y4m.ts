/** An RGBA image, the shape of the DOM's `ImageData`. */
export interface RgbaFrame {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/**
 * A Y4M video (4:2:0) of the given frames, for Chromium's
 * `--use-file-for-fake-video-capture=FILE.y4m`, which loops it as the camera.
 * Sizes must be even; the picture is kept in grey (U = V = 128).
 */
export function encodeY4m(frames: readonly RgbaFrame[], fps = 10): Uint8Array {
  const first = frames[0];
  if (!first) throw new RangeError('a video needs at least one frame');
  const { width, height } = first;
  if (width % 2 || height % 2) throw new RangeError('4:2:0 needs an even width and height');
  const header = new TextEncoder().encode(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const marker = new TextEncoder().encode('FRAME\n');
  const lumaSize = width * height;
  const frameSize = marker.length + lumaSize + lumaSize / 2;
  const out = new Uint8Array(header.length + frames.length * frameSize);
  out.set(header);
  frames.forEach((frame, n) => {
    if (frame.width !== width || frame.height !== height) throw new RangeError('all frames must have one size');
    let at = header.length + n * frameSize;
    out.set(marker, at);
    at += marker.length;
    for (let i = 0; i < lumaSize; i++) {
      const p = i * 4;
      // BT.601 full range, as C420jpeg says.
      out[at + i] = Math.round(0.299 * frame.data[p]! + 0.587 * frame.data[p + 1]! + 0.114 * frame.data[p + 2]!);
    }
    out.fill(128, at + lumaSize, at + lumaSize + lumaSize / 2);
  });
  return out;
}
