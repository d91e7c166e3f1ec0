/**
 * Measures what a module costs in a browser bundle: esbuild bundles an entry
 * (format esm, platform browser, minify, target es2022), then node:zlib
 * gzips the output at level 9. Every library measured with the same function
 * in the same run is therefore built the same way.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** `bench/`: its `node_modules` holds the packages the benchmarks measure. */
export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface MeasureOptions {
  /**
   * Directory whose `node_modules` bare imports in the entry resolve from, and
   * in which `alias` targets and `inject` files resolve. Default: `bench/`.
   */
  resolveDir?: string;
  /** esbuild `alias`: e.g. `{ stream: 'readable-stream' }` to polyfill Node built-ins. */
  alias?: Record<string, string>;
  /** esbuild `define`: e.g. `{ global: 'globalThis' }`. */
  define?: Record<string, string>;
  /**
   * Source of a module to inject into every file (esbuild `inject`), e.g.
   * `import process from 'process'; export { process };` to provide the
   * `process` global. Written beside the entry.
   */
  injectCode?: string;
  /** Imports left out of the bundle (esbuild `external`). */
  external?: string[];
  /**
   * Legal comments (`/*! … *\/`, `@license`): esbuild's `legalComments`. Default `'eof'`, esbuild's
   * own default when bundling: licenses stay in what ships, so they count.
   */
  legalComments?: 'none' | 'eof' | 'inline';
  /**
   * Modules replaced by stub source: files whose path matches `filter` load as
   * `contents`. To measure what a part of a library adds (its size with and without it).
   */
  stubs?: Array<{ filter: RegExp; contents: string }>;
}

export interface BundleSize {
  /** Bytes of the minified bundle. */
  minBytes: number;
  /** Bytes of the minified bundle after gzip level 9. */
  gzipBytes: number;
}

/**
 * Bundles `entryCode` (the source of an ES module, e.g. `export * from 'pkg'`)
 * into one minified browser ESM file and returns its size before and after
 * gzip. Throws esbuild's error when the bundle cannot be built (for example an
 * unresolved Node built-in).
 */
export async function measureBundle(entryCode: string, options: MeasureOptions = {}): Promise<BundleSize> {
  const { minified } = await bundle(entryCode, options);
  return {
    minBytes: minified.byteLength,
    gzipBytes: gzipSync(minified, { level: 9 }).byteLength,
  };
}

/** The minified bundle itself, for tests and for looking at what a size is made of. */
export async function bundle(entryCode: string, options: MeasureOptions = {}): Promise<{ minified: Uint8Array }> {
  const resolveDir = options.resolveDir ?? BENCH_DIR;
  const dir = await mkdtemp(join(tmpdir(), 'parley-bundle-size-'));
  try {
    const entry = join(dir, 'entry.js');
    await writeFile(entry, entryCode);
    const inject: string[] = [];
    if (options.injectCode !== undefined) {
      const shim = join(dir, 'inject.js');
      await writeFile(shim, options.injectCode);
      inject.push(shim);
    }
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: resolveDir,
      // The entry lives in a temporary directory: bare imports resolve from resolveDir.
      nodePaths: [join(resolveDir, 'node_modules')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: options.legalComments ?? 'eof',
      alias: options.alias ?? {},
      define: options.define ?? {},
      inject,
      external: options.external ?? [],
      plugins: (options.stubs ?? []).map(({ filter, contents }, i) => ({
        name: `stub-${i}`,
        setup(b) {
          b.onLoad({ filter }, () => ({ contents, loader: 'js' }));
        },
      })),
      write: false,
      logLevel: 'silent',
    });
    const file = result.outputFiles[0];
    if (result.outputFiles.length !== 1 || file === undefined) {
      throw new Error(`expected one output file, got ${result.outputFiles.length}`);
    }
    return { minified: file.contents };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
