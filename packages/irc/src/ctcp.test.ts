import { ParleyError } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { decodeCtcp, encodeCtcp, isCtcp } from './ctcp.js';

describe('CTCP', () => {
  it('encodes a command with and without text', () => {
    expect(encodeCtcp('WEBRTC', 'CAPABILITIES')).toBe('\x01WEBRTC CAPABILITIES\x01');
    expect(encodeCtcp('VERSION')).toBe('\x01VERSION\x01');
    expect(encodeCtcp('PING', '')).toBe('\x01PING\x01');
  });

  it('refuses what cannot travel inside a CTCP', () => {
    expect(() => encodeCtcp('WEB RTC')).toThrow(ParleyError);
    expect(() => encodeCtcp('')).toThrow(ParleyError);
    expect(() => encodeCtcp('WEBRTC', 'a\x01b')).toThrow(ParleyError);
    expect(() => encodeCtcp('WEBRTC', 'a\nb')).toThrow(ParleyError);
  });

  it('decodes what it encodes, uppercasing the command and keeping params as sent', () => {
    expect(decodeCtcp(encodeCtcp('webrtc', 'CAPABILITIES VOICE  VIDEO'))).toEqual({
      command: 'WEBRTC',
      params: 'CAPABILITIES VOICE  VIDEO',
      truncated: false,
    });
    expect(decodeCtcp('\x01VERSION\x01')).toEqual({ command: 'VERSION', params: '', truncated: false });
  });

  it('tolerates a missing closing \\x01 (a cut line) but reports it', () => {
    expect(decodeCtcp('\x01WEBRTC SDP a=fingerprint:sha-256 AB:C')).toEqual({
      command: 'WEBRTC',
      params: 'SDP a=fingerprint:sha-256 AB:C',
      truncated: true,
    });
  });

  it('ignores text after the closing delimiter', () => {
    expect(decodeCtcp('\x01PING 1\x01 trailing')).toEqual({ command: 'PING', params: '1', truncated: false });
  });

  it('returns null for text that is not CTCP', () => {
    for (const text of ['hello', ' \x01VERSION\x01', '\x01\x01', '\x01', '\x01 VERSION\x01', '']) {
      expect(decodeCtcp(text)).toBeNull();
    }
    expect(isCtcp('\x01ACTION waves\x01')).toBe(true);
    expect(isCtcp('ACTION')).toBe(false);
  });
});
