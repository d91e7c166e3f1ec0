// `@parley/invite/sound`: data over sound alone (ggwave's WebAssembly, ~58 KB gzip), to load on demand.
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
