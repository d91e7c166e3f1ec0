import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isOffline } from './node-webrtc.js';

const lo = { address: '127.0.0.1', internal: true } as NetworkInterfaceInfo;
const eth = { address: '192.0.2.2', internal: false } as NetworkInterfaceInfo;

describe('isOffline', () => {
  it('is true with loopback only (or nothing at all)', () => {
    expect(isOffline({ lo: [lo] })).toBe(true);
    expect(isOffline({})).toBe(true);
  });
  it('is false with any external address', () => {
    expect(isOffline({ lo: [lo], eth0: [eth] })).toBe(false);
  });
});
