export { PROTOCOL_VERSION } from '@parley/core';
