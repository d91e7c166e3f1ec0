import { describe, expect, it } from 'vitest';
import { bundle, measureBundle } from './bundle-size.js';

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

// Long enough, and repetitive enough, that gzip's ~20-byte frame is paid back.
const MODULE = `
// A line comment that minification must drop: line-comment-marker.
/* A block comment that minification must drop: block-comment-marker. */
export function describeState(state) {
  const normalisedStateNameMarker = String(state).toLowerCase();
  switch (normalisedStateNameMarker) {
    case 'ringing': return 'The call is ringing; waiting for the other side to answer.';
    case 'connecting': return 'The call is connecting; waiting for the other side to connect.';
    case 'connected': return 'The call is connected; waiting for the other side to hang up.';
    default: return 'The call has ended; waiting for nothing.';
  }
}
export const KEPT = 'kept-value-marker';
`;

describe('measureBundle', () => {
  it('reports positive sizes, gzip smaller than the minified bundle', async () => {
    const size = await measureBundle(MODULE);
    expect(size.minBytes).toBeGreaterThan(0);
    expect(size.gzipBytes).toBeGreaterThan(0);
    expect(size.gzipBytes).toBeLessThan(size.minBytes);
  });

  it('minifies: comments, whitespace and local names are gone, code stays', async () => {
    const source = new TextEncoder().encode(MODULE).byteLength;
    const { minified } = await bundle(MODULE);
    const code = decode(minified);
    expect(code).not.toContain('line-comment-marker');
    expect(code).not.toContain('block-comment-marker');
    expect(code).not.toContain('normalisedStateNameMarker');
    expect(code).not.toMatch(/\n\s/);
    expect(code).toContain('kept-value-marker');
    expect(code).toContain('waiting for the other side to answer');
    expect(minified.byteLength).toBeLessThan(source);
    expect((await measureBundle(MODULE)).minBytes).toBe(minified.byteLength);
  });

  it('drops what is not exported (tree shaking)', async () => {
    const code = decode((await bundle(`${MODULE}\nfunction unused() { return 'unused-marker'; }\n`)).minified);
    expect(code).not.toContain('unused-marker');
  });

  it('bundles imports, with aliases resolved from bench/', async () => {
    const plain = await measureBundle("export const x = 'x';\n");
    const withEvents = await measureBundle("export { EventEmitter } from 'node-events';\n", {
      alias: { 'node-events': 'events' },
    });
    expect(withEvents.minBytes).toBeGreaterThan(plain.minBytes + 1000);
  });

  it('throws when an import cannot be resolved', async () => {
    await expect(measureBundle("export * from 'no-such-package-parley-bench';\n")).rejects.toThrow(
      /no-such-package-parley-bench/,
    );
  });
});
