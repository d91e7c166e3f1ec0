import type { Result } from '@parley/core';

/** The value of an ok result; throws the error of a failed one. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

/** A text like a real bundle: `P1` and `length` pseudo-random base64url characters (seeded). */
export function bundleLike(length: number, seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let s = seed;
  let out = 'P1';
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out += alphabet[(s >>> 16) & 63];
  }
  return out;
}
