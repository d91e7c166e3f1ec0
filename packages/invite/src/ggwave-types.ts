/** The parts of ggwave's Emscripten module that Parley uses (the package ships no types). */
export interface GgwaveEnum {
  value: number;
}
export interface GgwaveParameters {
  payloadLength: number;
  sampleRateInp: number;
  sampleRateOut: number;
  sampleRate: number;
  samplesPerFrame: number;
  soundMarkerThreshold: number;
  sampleFormatInp: GgwaveEnum;
  sampleFormatOut: GgwaveEnum;
  operatingMode: number;
}
export interface Ggwave {
  SampleFormat: Record<'GGWAVE_SAMPLE_FORMAT_F32' | 'GGWAVE_SAMPLE_FORMAT_I16', GgwaveEnum>;
  ProtocolId: Record<string, GgwaveEnum>;
  getDefaultParameters(): GgwaveParameters;
  init(parameters: GgwaveParameters): number;
  free(instance: number): void;
  encode(instance: number, payload: Uint8Array, protocol: GgwaveEnum, volume: number): Int8Array;
  decode(instance: number, samples: Int8Array): Int8Array;
  disableLog(): void;
}
