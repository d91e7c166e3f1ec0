import { toBase64Url } from './base64url.js';

/** A random id of `bytes` random bytes in base64url (12 characters for 9 bytes). */
export function randomId(bytes = 9): string {
  return toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(bytes)));
}

export const ID_PATTERN = /^[A-Za-z0-9_-]{4,32}$/;
