/**
 * Size benchmark: min+gzip size of @parley/core and of its peers, each built
 * the same way in one run (see bundle-size.ts). Prints a table and writes
 * bench/results/size.json. Reads installed packages only; no network.
 *
 *   pnpm --filter @parley/bench run size
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { version as esbuildVersion } from 'esbuild';
import { table } from './bench-common.js';
import { BENCH_DIR, measureBundle, type BundleSize, type MeasureOptions } from './bundle-size.js';

const REPO_DIR = resolve(BENCH_DIR, '..');
const CORE_DIST = join(REPO_DIR, 'packages/core/dist/index.js');
const RESULTS_FILE = join(BENCH_DIR, 'results/size.json');

/**
 * What simple-peer needs to run in a browser, as npm packages (devDependencies
 * of bench): Buffer, EventEmitter, streams and `process.nextTick`, plus the
 * `global` object. Given only to the libraries that need them: the injected
 * `process` shim is bundled even where nothing uses it (about 1 KB gzipped).
 */
const NODE_POLYFILLS: MeasureOptions = {
  alias: { stream: 'readable-stream', buffer: 'buffer', events: 'events', process: 'process' },
  define: { global: 'globalThis', 'process.env.NODE_ENV': '"production"' },
  injectCode: "import process from 'process';\nexport { process };\n",
};

interface Subject {
  /** Name shown in the table. */
  library: string;
  /** Package whose version is reported. */
  pkg: string;
  /** Source of the entry module. */
  entry: string;
  options?: MeasureOptions;
  note?: string;
}

const SUBJECTS: Subject[] = [
  {
    library: '@parley/core',
    pkg: '@parley/core',
    entry: "export * from '@parley/core';\n",
    note: 'the main entry: calls, signaling (the codec included), chunking, pacing, memory and port transports',
  },
  {
    library: 'simple-peer',
    pkg: 'simple-peer',
    entry: "import Peer from 'simple-peer';\nexport default Peer;\n",
    options: NODE_POLYFILLS,
    note: 'with Node polyfills bundled: buffer, events, readable-stream, process; global → globalThis',
  },
  {
    library: 'peerjs (Peer)',
    pkg: 'peerjs',
    entry: "export { Peer } from 'peerjs';\n",
    note: 'the Peer class, as its README imports it',
  },
  {
    library: 'peerjs (all exports)',
    pkg: 'peerjs',
    entry: "export * from 'peerjs';\n",
    note: 'every export, including the MsgPack serializer (@msgpack/msgpack)',
  },
  { library: 'trystero (nostr, default entry)', pkg: 'trystero', entry: "export * from 'trystero';\n" },
  {
    library: '@trystero-p2p/core',
    pkg: '@trystero-p2p/core',
    entry: "export * from '@trystero-p2p/core';\n",
    note: 'trystero without a signaling strategy',
  },
];

export interface SizeResult {
  library: string;
  package: string;
  version: string;
  entry: string;
  minBytes: number;
  gzipBytes: number;
  gzipKB: number;
  ratioToCore: number;
  note?: string;
}

async function versionOf(pkg: string): Promise<string> {
  const file = join(BENCH_DIR, 'node_modules', pkg, 'package.json');
  const { version } = JSON.parse(await readFile(file, 'utf8')) as { version?: string };
  return version ?? 'unknown';
}

/** KB as 1000 bytes, one decimal. */
const kb = (bytes: number): number => Math.round(bytes / 100) / 10;

/** The size measured is that of the build: say so when core's sources are newer than it. */
function warnIfStale(): void {
  const src = join(REPO_DIR, 'packages/core/src');
  const built = statSync(CORE_DIST).mtimeMs;
  const newer = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && statSync(join(src, f)).mtimeMs > built,
  );
  if (newer.length > 0) {
    console.warn(
      `warning: ${relative(REPO_DIR, CORE_DIST)} is older than ${newer.join(', ')} in packages/core/src; ` +
        'run `pnpm -w run build` to measure the current sources.\n',
    );
  }
}

/**
 * compactSdp replaced by a stub: the core as it would be without the codec
 * (its dictionary and deflate, which only the codec uses, included).
 */
const WITHOUT_COMPACT_SDP: MeasureOptions = {
  stubs: [
    {
      filter: /compact-sdp[\\/](encode|decode)\.js$/,
      contents:
        'const no = () => { throw new Error("stub"); };\n' +
        'export const encodeCompact = no, encodeBytes = no, dictionary = no, decodeCompact = no, decodeBytes = no;\n',
    },
  ],
};

/** Every entry of the core: the main one and its subpath modules. */
const WHOLE_CORE = "export * from '@parley/core';\nexport * from '@parley/core/manual-exchange';\n";

const minus = (a: BundleSize, b: BundleSize): BundleSize => ({
  minBytes: a.minBytes - b.minBytes,
  gzipBytes: a.gzipBytes - b.gzipBytes,
});

/**
 * The budgets' rows, from the main entry's size (`main`, measured with the
 * subjects): the main entry with the codec stubbed out (budget 10 KB), what
 * the codec adds to it (budget 4 KB), what the optional
 * `@parley/core/manual-exchange` module adds, and the whole package.
 */
async function coreRows(main: BundleSize): Promise<Array<Omit<SizeResult, 'ratioToCore'>>> {
  const without = await measureBundle("export * from '@parley/core';\n", WITHOUT_COMPACT_SDP);
  const whole = await measureBundle(WHOLE_CORE);
  const version = await versionOf('@parley/core');
  const row = (library: string, entry: string, size: BundleSize, note: string) => ({
    library,
    package: '@parley/core',
    version,
    entry,
    ...size,
    gzipKB: kb(size.gzipBytes),
    note,
  });
  return [
    row(
      '@parley/core without compactSdp',
      'main entry with compact-sdp/{encode,decode} stubbed',
      without,
      'the main entry but the codec: calls, signaling, chunking, pacing, transports; budget 10 KB',
    ),
    row(
      'compactSdp codec delta',
      'main entry, minus the same with compact-sdp/{encode,decode} stubbed',
      minus(main, without),
      'the codec (encoder, decoder, LZ, fields, lines model, deflate) and its static dictionary; budget 4 KB',
    ),
    row(
      '@parley/core/manual-exchange delta',
      'every entry, minus the main entry',
      minus(whole, main),
      'the optional one-shot exchange (ManualExchange, P2 bundles) for copy-paste, links and QR codes',
    ),
    row(
      '@parley/core, every entry',
      WHOLE_CORE.trim().replace(/\n/g, ' '),
      whole,
      'the whole package: main entry and @parley/core/manual-exchange',
    ),
  ];
}

export async function measureAll(): Promise<SizeResult[]> {
  if (!existsSync(CORE_DIST)) {
    throw new Error(
      `@parley/core is not built: ${relative(REPO_DIR, CORE_DIST)} is missing. ` +
        'Build it first: run `pnpm -w run build` (or `npx tsc -b`) in the repository root.',
    );
  }
  warnIfStale();
  const measured: Omit<SizeResult, 'ratioToCore'>[] = [];
  for (const subject of SUBJECTS) {
    let size;
    try {
      size = await measureBundle(subject.entry, subject.options);
    } catch (error) {
      throw new Error(
        `could not bundle ${subject.library}: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
        },
      );
    }
    measured.push({
      library: subject.library,
      package: subject.pkg,
      version: await versionOf(subject.pkg),
      entry: subject.entry.trim(),
      minBytes: size.minBytes,
      gzipBytes: size.gzipBytes,
      gzipKB: kb(size.gzipBytes),
      ...(subject.note === undefined ? {} : { note: subject.note }),
    });
  }
  const core = measured[0];
  if (core === undefined) throw new Error('no measurement of @parley/core');
  measured.push(...(await coreRows(core)));
  return measured.map((row) => ({ ...row, ratioToCore: Math.round((row.gzipBytes / core.gzipBytes) * 100) / 100 }));
}

/** The size table, as printed. */
export function sizeTable(rows: SizeResult[]): string {
  const header = ['library', 'version', 'min bytes', 'min+gzip bytes', 'min+gzip KB', 'ratio to @parley/core'];
  const cells = rows.map((r) => [
    r.library,
    r.version,
    String(r.minBytes),
    String(r.gzipBytes),
    r.gzipKB.toFixed(1),
    `${r.ratioToCore.toFixed(2)}×`,
  ]);
  return table(header, cells, 1);
}

async function main(): Promise<void> {
  const rows = await measureAll();
  console.log(sizeTable(rows));
  console.log(
    `\nesbuild ${esbuildVersion}: bundle, format esm, platform browser, minify, target es2022, legal comments kept at end of file;` +
      ' gzip level 9 (node:zlib). KB = 1000 bytes.',
  );
  for (const r of rows) if (r.note !== undefined) console.log(`${r.library}: ${r.note}`);

  await mkdir(join(BENCH_DIR, 'results'), { recursive: true });
  const json = {
    benchmark: 'size',
    date: new Date().toISOString(),
    node: process.version,
    esbuild: esbuildVersion,
    build: {
      bundle: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      target: 'es2022',
      legalComments: 'eof',
      gzipLevel: 9,
    },
    kbBytes: 1000,
    results: rows,
  };
  await writeFile(RESULTS_FILE, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nwrote ${relative(REPO_DIR, RESULTS_FILE)}`);
}

// Run as a script (`pnpm run size`); other benchmarks import measureAll and table.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
