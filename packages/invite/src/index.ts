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
export { scanQr, type ScanOptions } from './qr-scan.js';
export { QrScanner, type QrScannerOptions } from './qr-scanner.js';
export {
  encodeSoundWav,
  encodeSoundSamples,
  decodeWav,
  toWav,
  loadGgwave,
  SoundDecoder,
  SOUND_SAMPLE_RATE,
  type SoundSpeed,
  type SoundEncodeOptions,
} from './sound.js';
export {
  crc32,
  frameSoundMessages,
  SoundFrameAssembler,
  SOUND_CHUNK_BYTES,
  SOUND_MESSAGE_BYTES,
  MAX_SOUND_CHUNKS,
  type SoundProgress,
} from './sound-frames.js';
export { SoundReceiver, type SoundReceiverOptions } from './sound-receiver.js';
