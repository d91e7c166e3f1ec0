import { build } from 'esbuild';
const r = await build({ stdin: { contents: "export * from '@parley/core'", resolveDir: '.' }, bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, write: false, metafile: true });
for (const [k, v] of Object.entries(r.metafile.outputs)) for (const [i, x] of Object.entries(v.inputs)) if (i.includes('compact')) console.log(i, x.bytesInOutput);
