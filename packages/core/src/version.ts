/** Version of Parley's signaling protocol, advertised as `PARLEY/<n>`. */
export const PROTOCOL_VERSION = 1;
