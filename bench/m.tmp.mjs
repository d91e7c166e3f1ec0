import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const b = async (stub) => {
  const r = await build({ stdin: { contents: "export * from '@parley/core'", resolveDir: '.' }, bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, write: false,
  plugins: stub ? [{ name: 'stub', setup(b) { b.onLoad({ filter: /compact-sdp[\\/](index|dictionary)\.js$/ }, () => ({ contents: 'export const compactSdp = {}' })); } }] : [] });
  const m = r.outputFiles[0].contents; return [m.length, gzipSync(m, { level: 9 }).length];
};
const a = await b(false), s = await b(true);
console.log('with', a, 'without', s, 'delta gz', a[1] - s[1]);
const c = async () => {
  const r = await build({ stdin: { contents: "export * from '@parley/core'", resolveDir: '.' }, bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, write: false,
  plugins: [{ name: 'stub', setup(b) { b.onLoad({ filter: /dictionary\.js$/ }, () => ({ contents: 'export const DICTIONARY = ""' })); } }] });
  const m = r.outputFiles[0].contents; return [m.length, gzipSync(m, { level: 9 }).length];
};
console.log('no dict', await c());
