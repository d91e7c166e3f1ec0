/**
 * Connect-time benchmark: how long a @parley/core call takes from
 * `manager.call()` (which creates the RTCPeerConnection and the offer) until
 * both calls report `connected`, beside a raw RTCPeerConnection DataChannel
 * handshake measured in the same run. Scenarios:
 *
 *   - raw: two RTCPeerConnections in one Chromium page, candidates handed over
 *     directly, from creating them to both DataChannels open (the baseline);
 *   - two CallManagers in one Chromium page over an in-memory transport pair:
 *     DataChannel only, and audio+video (fake devices; the callee accepts with
 *     its own getUserMedia stream, inside the measured time);
 *   - two pages of one browser context over BroadcastChannel: the same two;
 *   - two CallManagers in Node with node-datachannel peers, in-memory
 *     transport: DataChannel only.
 *
 * Rounds are interleaved (round i of every scenario, then round i + 1) so
 * that drift in a noisy machine hits every scenario alike. Also reports the
 * min+gzip size of @parley/core (the same measurement as size.ts).
 *
 * Prints a table and writes bench/results/connect.json. Runs inside the
 * loopback-only network namespace: outside it, it re-runs itself through
 * packages/testing's `parley-loopback`.
 *
 *   pnpm --filter @parley/bench run connect -- --rounds 10
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CallManager, createMemoryTransportPair, type MediaKind } from '@parley/core';
import { createNodePeer, isLoopbackOnly, launchChromium, startStaticServer } from '@parley/testing';
import { build, version as esbuildVersion, type Plugin } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { reexecInLoopback, REPO_DIR, table } from './bench-common.js';
import { BENCH_DIR } from './bundle-size.js';
import { measureAll, sizeTable } from './size.js';
import { rawHandshake, sleep, whenConnected, withTimeout, type RoundTimes } from './connect-common.js';
import type { CalleeTimes, ClockSample } from './connect-page.js';

const CORE_DIST = join(REPO_DIR, 'packages/core/dist');
const PAGE_SOURCE = fileURLToPath(new URL('./connect-page.ts', import.meta.url));
const RESULTS_FILE = join(BENCH_DIR, 'results/connect.json');
const CORE_ENTRY = "export * from '@parley/core';\n";

const WARMUP_ROUNDS = 2;
const ROUND_TIMEOUT_MS = 20_000;
const CLOCK_PINGS = 30;

interface Sample extends RoundTimes {
  /** Until both sides are connected: max(callerMs, calleeMs). */
  bothMs: number;
}

interface Scenario {
  scenario: string;
  transport: string;
  media: string;
  /** Where the two peers run. */
  peers: string;
  /** The raw baseline of Chromium (`chromium`, the ratio column) or of Node (`node`). */
  raw?: 'chromium' | 'node';
  /** Node rows: also report the ratio to the Node raw baseline. */
  node?: boolean;
  run(): Promise<RoundTimes>;
}

interface Stats {
  median: number;
  p90: number;
  min: number;
  max: number;
}

// ----- arguments and the namespace ---------------------------------------------------------------

function parseArgs(argv: readonly string[]): { rounds: number } {
  let rounds = 20;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') continue; // pnpm run passes it through
    const [flag, inline] = arg.split('=', 2);
    if (flag === '--rounds') {
      const value = inline ?? argv[++i];
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--rounds wants a positive integer, got ${String(value)}`);
      rounds = n;
    } else {
      throw new Error(`unknown argument ${arg}; usage: connect.ts [--rounds N]`);
    }
  }
  return { rounds };
}

// ----- the page ------------------------------------------------------------------------------------

/** The page script: connect-page.ts bundled, with `@parley/core` imported from `/core/index.js` (the served dist). */
async function pageScript(): Promise<string> {
  const coreFromServer: Plugin = {
    name: 'core-from-server',
    setup(b) {
      b.onResolve({ filter: /^@parley\/core$/ }, () => ({ path: '/core/index.js', external: true }));
    },
  };
  const result = await build({
    entryPoints: [PAGE_SOURCE],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    plugins: [coreFromServer],
    write: false,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild gave no page script');
  return file.text;
}

async function openPage(page: Page, origin: string): Promise<void> {
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(`${origin}/connect`);
  await page.waitForFunction(() => window.connectBenchReady === true);
}

/** Callee clock minus caller clock, from the ping with the shortest round trip over BroadcastChannel. */
async function clockOffset(caller: Page, callee: Page, name: string): Promise<ClockSample> {
  await callee.evaluate((n) => window.connectBench.clockServer(n), name);
  return caller.evaluate(([n, count]) => window.connectBench.clockOffset(n, count), [name, CLOCK_PINGS] as const);
}

// ----- the Node scenario ---------------------------------------------------------------------------

async function nodeRound(timeoutMs: number): Promise<RoundTimes> {
  const [ta, tb] = createMemoryTransportPair();
  const alice = new CallManager({ createPeerConnection: createNodePeer });
  const bob = new CallManager({ createPeerConnection: createNodePeer });
  alice.addPeer('bob', ta);
  bob.addPeer('alice', tb);
  const clock = (): number => performance.now();
  try {
    const calleeDone = new Promise<number>((resolveCallee, reject) => {
      const off = bob.on('incoming', (call) => {
        off();
        whenConnected(call, timeoutMs, clock).then(resolveCallee, reject);
        call.accept().catch(reject);
      });
    });
    const start = clock();
    const call = alice.call('bob', { media: ['data'] });
    const [callerAt, calleeAt] = await withTimeout(
      Promise.all([whenConnected(call, timeoutMs, clock), calleeDone]),
      timeoutMs,
      'node round',
    );
    return { callerMs: callerAt - start, calleeMs: calleeAt - start };
  } finally {
    alice.close();
    bob.close();
    await sleep(50);
  }
}

// ----- statistics and output -----------------------------------------------------------------------

function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const at = (i: number): number => sorted[Math.min(n - 1, Math.max(0, i))] ?? NaN;
  const median = n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
  // Nearest rank.
  const p90 = at(Math.ceil(0.9 * n) - 1);
  return { median, p90, min: at(0), max: at(n - 1) };
}

const ms = (x: number): number => Math.round(x * 10) / 10;
const ms2 = (x: number): number => Math.round(x * 100) / 100 || 0; // no -0
const fixed2 = (x: number): string => ms2(x).toFixed(2);
const roundStats = (s: Stats): Stats => ({ median: ms(s.median), p90: ms(s.p90), min: ms(s.min), max: ms(s.max) });

/** The connect times measure the built core: say so when a source is newer than what it compiles to. */
function warnIfStale(): void {
  const src = join(REPO_DIR, 'packages/core/src');
  const newer = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => {
    if (!f.endsWith('.ts') || f.endsWith('.test.ts') || f.endsWith('.test-util.ts') || f.endsWith('.d.ts'))
      return false;
    const out = join(CORE_DIST, f.replace(/\.ts$/, '.js'));
    return !existsSync(out) || statSync(join(src, f)).mtimeMs > statSync(out).mtimeMs;
  });
  if (newer.length > 0) {
    console.warn(
      `warning: packages/core/dist is older than ${newer.join(', ')} in packages/core/src; ` +
        'run `npx tsc -b packages/core` to measure the current sources.\n',
    );
  }
}

// ----- main ----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { rounds } = parseArgs(process.argv.slice(2));
  if (!existsSync(join(CORE_DIST, 'index.js'))) {
    throw new Error(
      '@parley/core is not built: packages/core/dist/index.js is missing. ' +
        'Build it first: `npx tsc -b packages/core packages/testing` in the repository root.',
    );
  }
  warnIfStale();

  const coreVersion = (
    JSON.parse(await readFile(join(BENCH_DIR, 'node_modules/@parley/core/package.json'), 'utf8')) as {
      version?: string;
    }
  ).version;
  // The core's size beside its peers', built the same way in this run (size.ts).
  const sizes = await measureAll();
  const coreSize = sizes[0]!;

  const [server, browser, script] = await Promise.all([startStaticServer(), launchChromium(), pageScript()]);
  let closing: Browser | undefined = browser;
  try {
    server.mount('/core/', CORE_DIST);
    server.set('/connect.js', script, 'text/javascript; charset=utf-8');
    server.set(
      '/connect',
      '<!doctype html><meta charset="utf-8"><title>parley connect bench</title><body><script type="module" src="/connect.js"></script></body>',
    );
    // One page for the single-page scenarios; two pages of one context for BroadcastChannel.
    const solo = await (await browser.newContext()).newPage();
    const pairContext = await browser.newContext();
    const [alice, bob] = [await pairContext.newPage(), await pairContext.newPage()];
    await Promise.all([openPage(solo, server.origin), openPage(alice, server.origin), openPage(bob, server.origin)]);

    const clockBefore = await clockOffset(alice, bob, 'connect-bench-clock-before');
    let broadcastRound = 0;
    const twoPages = async (media: MediaKind[]): Promise<RoundTimes> => {
      const name = `connect-bench-${broadcastRound++}`;
      try {
        await bob.evaluate(([n, m, t]) => window.connectBench.listen(n, m, t), [
          name,
          media,
          ROUND_TIMEOUT_MS,
        ] as const);
        const caller = await alice.evaluate(([n, m, t]) => window.connectBench.place(n, m, t), [
          name,
          media,
          ROUND_TIMEOUT_MS,
        ] as const);
        const callee: CalleeTimes = await bob.evaluate(() => window.connectBench.calleeResult());
        // The callee's epoch times are on its page's clock: bring them to the caller's.
        const calleeAt = callee.connectedAt - clockBefore.offsetMs;
        return {
          callerMs: caller.connectedAt - caller.startedAt,
          calleeMs: calleeAt - caller.startedAt,
          ...(callee.calleeGumMs === undefined ? {} : { calleeGumMs: callee.calleeGumMs }),
        };
      } finally {
        await Promise.all([alice, bob].map((p) => p.evaluate(() => window.connectBench.cleanup())));
      }
    };

    const data: MediaKind[] = ['data'];
    const av: MediaKind[] = ['audio', 'video'];
    const chromium1 = 'Chromium, 1 page';
    const scenarios: Scenario[] = [
      {
        scenario: 'raw RTCPeerConnection (baseline)',
        transport: 'direct (same page)',
        media: 'data',
        peers: chromium1,
        raw: 'chromium',
        run: () => solo.evaluate((t) => window.connectBench.raw(t), ROUND_TIMEOUT_MS),
      },
      {
        scenario: 'Parley, Chromium, 1 page',
        transport: 'memory',
        media: 'data',
        peers: chromium1,
        run: () => solo.evaluate(([m, t]) => window.connectBench.memory(m, t), [data, ROUND_TIMEOUT_MS] as const),
      },
      {
        scenario: 'Parley, Chromium, 1 page',
        transport: 'memory',
        media: 'audio+video',
        peers: chromium1,
        run: () => solo.evaluate(([m, t]) => window.connectBench.memory(m, t), [av, ROUND_TIMEOUT_MS] as const),
      },
      {
        scenario: 'Parley, Chromium, 2 pages',
        transport: 'BroadcastChannel',
        media: 'data',
        peers: 'Chromium, 2 pages of 1 context',
        run: () => twoPages(data),
      },
      {
        scenario: 'Parley, Chromium, 2 pages',
        transport: 'BroadcastChannel',
        media: 'audio+video',
        peers: 'Chromium, 2 pages of 1 context',
        run: () => twoPages(av),
      },
      {
        scenario: 'raw RTCPeerConnection (Node baseline)',
        transport: 'direct (same process)',
        media: 'data',
        peers: 'Node, node-datachannel',
        raw: 'node',
        node: true,
        run: () => rawHandshake(createNodePeer, ROUND_TIMEOUT_MS),
      },
      {
        scenario: 'Parley, Node ↔ Node',
        transport: 'memory',
        media: 'data',
        peers: 'Node, node-datachannel',
        node: true,
        run: () => nodeRound(ROUND_TIMEOUT_MS),
      },
    ];

    const samples: Sample[][] = scenarios.map(() => []);
    const total = WARMUP_ROUNDS + rounds;
    for (let round = 0; round < total; round++) {
      const warmup = round < WARMUP_ROUNDS;
      if (process.stderr.isTTY) {
        process.stderr.write(
          warmup ? `warm-up ${round + 1}/${WARMUP_ROUNDS}\r` : `round ${round - WARMUP_ROUNDS + 1}/${rounds}   \r`,
        );
      }
      for (const [i, s] of scenarios.entries()) {
        let times: RoundTimes;
        try {
          times = await s.run();
        } catch (error) {
          throw new Error(`${s.scenario} (${s.transport}, ${s.media}), round ${round + 1}: ${String(error)}`, {
            cause: error,
          });
        }
        if (!warmup) samples[i]?.push({ ...times, bothMs: Math.max(times.callerMs, times.calleeMs) });
      }
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    const clockAfter = await clockOffset(alice, bob, 'connect-bench-clock-after');
    const chromiumVersion = browser.version();
    await browser.close();
    closing = undefined;

    const medianOf = (raw: 'chromium' | 'node'): number =>
      stats((samples[scenarios.findIndex((s) => s.raw === raw)] ?? []).map((x) => x.bothMs)).median;
    const rawMedian = medianOf('chromium');
    const rawNodeMedian = medianOf('node');
    const results = scenarios.map((s, i) => {
      const rows = samples[i] ?? [];
      const both = stats(rows.map((x) => x.bothMs));
      const gum = rows.flatMap((x) => (x.calleeGumMs === undefined ? [] : [x.calleeGumMs]));
      return {
        scenario: s.scenario,
        transport: s.transport,
        media: s.media,
        peers: s.peers,
        rounds: rows.length,
        bothConnectedMs: roundStats(both),
        callerConnectedMs: roundStats(stats(rows.map((x) => x.callerMs))),
        calleeConnectedMs: roundStats(stats(rows.map((x) => x.calleeMs))),
        ...(gum.length > 0 ? { calleeGetUserMediaMs: roundStats(stats(gum)) } : {}),
        ratioToRawDc: Math.round((both.median / rawMedian) * 100) / 100,
        roundsOver500Ms: rows.filter((x) => x.bothMs > 500).length,
        ...(s.node ? { ratioToRawNodeDc: Math.round((both.median / rawNodeMedian) * 100) / 100 } : {}),
        samples: rows.map((x) => ({
          callerMs: ms(x.callerMs),
          calleeMs: ms(x.calleeMs),
          bothMs: ms(x.bothMs),
          ...(x.calleeGumMs === undefined ? {} : { calleeGumMs: ms(x.calleeGumMs) }),
        })),
      };
    });

    console.log(
      table(
        ['scenario', 'transport', 'media', 'rounds', 'median ms', 'p90 ms', 'min ms', 'max ms', 'ratio to raw DC'],
        results.map((r) => [
          r.scenario,
          r.transport,
          r.media,
          String(r.rounds),
          r.bothConnectedMs.median.toFixed(1),
          r.bothConnectedMs.p90.toFixed(1),
          r.bothConnectedMs.min.toFixed(1),
          r.bothConnectedMs.max.toFixed(1),
          `${r.ratioToRawDc.toFixed(2)}×`,
        ]),
        3,
      ),
    );
    console.log(
      `\nTime from manager.call() (raw: from creating the two RTCPeerConnections) until both sides are connected ` +
        `(raw: both DataChannels open); ${rounds} rounds after ${WARMUP_ROUNDS} warm-up rounds, interleaved. ` +
        `Chromium ${chromiumVersion}, Node ${process.version}.`,
    );
    for (const r of results) {
      if (r.ratioToRawNodeDc !== undefined && r.scenario.startsWith('Parley')) {
        console.log(`${r.scenario}: ${r.ratioToRawNodeDc.toFixed(2)}× the raw node-datachannel median.`);
      }
      if (r.roundsOver500Ms > 0) {
        console.log(
          `${r.scenario} (${r.transport}, ${r.media}): ${r.roundsOver500Ms} of ${r.rounds} rounds took over 500 ms.`,
        );
      }
      if (r.calleeGetUserMediaMs) {
        console.log(
          `${r.transport}, ${r.media}: the callee's getUserMedia (inside the time) took median ${r.calleeGetUserMediaMs.median.toFixed(1)} ms.`,
        );
      }
    }
    console.log(
      `BroadcastChannel rows: the callee page's clock was corrected by ${fixed2(clockBefore.offsetMs)} ms ` +
        `(±${(clockBefore.rttMs / 2).toFixed(2)}; ${fixed2(clockAfter.offsetMs)} ms after the rounds).`,
    );
    const gzipKB = coreSize.gzipKB;
    console.log(
      `\nSizes in the same run (min+gzip; esbuild ${esbuildVersion}, built as in size.ts):\n${sizeTable(sizes)}`,
    );

    await mkdir(join(BENCH_DIR, 'results'), { recursive: true });
    const json = {
      benchmark: 'connect',
      date: new Date().toISOString(),
      node: process.version,
      chromium: chromiumVersion,
      rounds,
      warmupRounds: WARMUP_ROUNDS,
      measured:
        'performance.now() from manager.call() until statechange "connected" on both calls (bothConnectedMs = max of ' +
        'caller and callee); raw baseline: from creating two RTCPeerConnections (then createOffer at once) until both ' +
        'DataChannels are open. Audio+video rows include the callee getUserMedia. Rounds interleaved across scenarios.',
      rawDcMedianMs: ms(rawMedian),
      rawNodeDcMedianMs: ms(rawNodeMedian),
      clock: {
        note: 'BroadcastChannel rows: callee page clock minus caller page clock (epoch-scale performance.now()), best of pings',
        before: { offsetMs: ms2(clockBefore.offsetMs), rttMs: ms2(clockBefore.rttMs) },
        after: { offsetMs: ms2(clockAfter.offsetMs), rttMs: ms2(clockAfter.rttMs) },
      },
      results,
      coreSize: {
        library: '@parley/core',
        version: coreVersion ?? 'unknown',
        entry: CORE_ENTRY.trim(),
        minBytes: coreSize.minBytes,
        gzipBytes: coreSize.gzipBytes,
        gzipKB,
        esbuild: esbuildVersion,
        build:
          'as size.ts: bundle, format esm, platform browser, minify, target es2022, legal comments eof; gzip level 9',
      },
      sizes,
    };
    await writeFile(RESULTS_FILE, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`\nwrote ${relative(REPO_DIR, RESULTS_FILE)}`);
  } finally {
    await closing?.close();
    await server.close();
  }
}

if (isLoopbackOnly()) {
  await main();
} else {
  reexecInLoopback();
}
