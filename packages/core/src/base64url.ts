// btoa and atob are platform APIs in browsers and in Node 16+: base64url is
// base64 with `-_` for `+/` and no padding.

/** base64url without padding: safe in URLs, IRC lines and file names. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary)
    .replace(/=+$/, '')
    .replace(/[+/]/g, (c) => (c === '+' ? '-' : '_'));
}

/** Decodes base64url (no padding); undefined when the text is not valid base64url. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  // atob would take padding, whitespace and `+/`: only the url alphabet is valid here.
  if (!/^[\w-]*$/.test(text) || text.length % 4 === 1) return undefined;
  return Uint8Array.from(atob(text.replace(/[-_]/g, (c) => (c === '-' ? '+' : '/'))), (c) => c.charCodeAt(0));
}
