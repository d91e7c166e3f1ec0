export {
  renderQr,
  toSvg,
  toTerminal,
  rasterizeQr,
  type QrMatrix,
  type QrOptions,
  type RgbaImage,
  type SvgOptions,
  type TerminalOptions,
  type RasterOptions,
} from './qr.js';
export * from './scan.js';
export * from './sound-index.js';
