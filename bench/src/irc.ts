/**
 * IRC signaling benchmark: two Chromium pages call each other through a
 * default-profile InspIRCd (flood control on), each over its own WebSocket
 * connection, with @parley/irc. For DataChannel, audio and audio+video calls,
 * in Parley mode (signal lines in TAGMSG tags) and in the 2015 draft's mode
 * (CTCP, the SDP one line per message), side by side in one run, it reports:
 *
 *   - IRC lines and bytes each way, from the capabilities query to connected
 *     (deterministic counts for a given browser: the main result);
 *   - the time from placing the call (discovery included) to connected;
 *   - whether the server disconnected either client for flooding.
 *
 * Prints a table and writes bench/results/irc.json. Runs inside the
 * loopback-only network namespace (re-runs itself through parley-loopback).
 *
 *   pnpm --filter @parley/bench run irc            # everything (draft A/V takes minutes)
 *   pnpm --filter @parley/bench run irc -- --quick # skips the draft's audio+video
 *   pnpm --filter @parley/bench run irc -- --only draft:audio+video
 */
import { join } from 'node:path';
import { isLoopbackOnly, launchChromium, startInspircd, startStaticServer, type StaticServer } from '@parley/testing';
import { inPage, mountHarness, openHarness } from '@parley/testing/page-harness';
import type { Browser, Page } from 'playwright-core';
import { reexecInLoopback, REPO_DIR, table, writeResults } from './bench-common.js';

type Mode = 'parley' | 'draft';
type Media = 'data' | 'audio' | 'audio+video';

interface Result {
  mode: Mode;
  media: Media;
  outcome: 'connected' | 'failed' | 'timeout';
  reason?: string;
  ms?: number;
  lines: { caller: number; callee: number };
  bytes: { caller: number; callee: number };
  disconnected: boolean;
}

interface SentLine {
  line: string;
  at: number;
}

const MEDIA: Record<Media, { kinds: string[]; constraints: string }> = {
  data: { kinds: ['data'], constraints: 'undefined' },
  audio: { kinds: ['audio'], constraints: '{ audio: true }' },
  'audio+video': { kinds: ['audio', 'video'], constraints: '{ audio: true, video: true }' },
};

/** The draft's audio+video SDP (~165 lines each way at a line a second) needs minutes. */
const TIMEOUT_MS: Record<Mode, number> = { parley: 20_000, draft: 480_000 };

async function run(browser: Browser, web: StaticServer, wsUrl: string, mode: Mode, media: Media, n: number) {
  const pages: Page[] = [];
  const open = async (nick: string, peerId: string): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    pages.push(page);
    await openHarness(page, web);
    const settings = `{ connectTimeoutMs: ${TIMEOUT_MS[mode]}, inviteLifetimeMs: ${TIMEOUT_MS[mode]}, statsIntervalMs: 0 }`;
    await inPage(
      page,
      `h.setupIrc({ url: ${JSON.stringify(wsUrl)}, nick: '${nick}', peerId: '${peerId}', protocol: '${mode === 'draft' ? 'draft' : 'auto'}', settings: ${settings} })`,
    );
    return page;
  };
  try {
    const [caller, callee] = await Promise.all([open(`a${n}`, `b${n}`), open(`b${n}`, `a${n}`)]);
    const { kinds, constraints } = MEDIA[media];
    await inPage(callee, `h.autoAccept(${constraints})`);
    await inPage(caller, `h.placeIrc(${JSON.stringify(kinds)}, ${constraints})`);
    const deadline = Date.now() + TIMEOUT_MS[mode];
    let outcome: Result['outcome'] = 'timeout';
    let reason: string | undefined;
    while (Date.now() < deadline) {
      const [a, b] = await Promise.all([inPage<string>(caller, 'h.state()'), inPage<string>(callee, 'h.state()')]);
      if (a === 'connected' && b === 'connected') {
        outcome = 'connected';
        break;
      }
      if (a === 'ended' || b === 'ended') {
        outcome = 'failed';
        reason = await inPage<string>(caller, 'h.call && h.call.endReason');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const sent = async (page: Page, until: number) =>
      (await inPage<SentLine[]>(page, 'h.sent')).filter((l) => l.at <= until);
    const connectedAt = outcome === 'connected' ? await inPage<number>(caller, 'h.connectedAt') : Date.now();
    const calleeAt = outcome === 'connected' ? await inPage<number>(callee, 'h.connectedAt') : Date.now();
    const startedAt = await inPage<number>(caller, 'h.startedAt');
    // Until both are connected: a callee may connect before the caller has all of its answer.
    const both = Math.max(connectedAt, calleeAt);
    const [a, b] = [await sent(caller, both), await sent(callee, both)];
    const bytes = (lines: SentLine[]) => lines.reduce((n, l) => n + new TextEncoder().encode(l.line).length + 2, 0);
    const closed = await Promise.all(pages.map((p) => inPage<boolean>(p, 'h.connection.closed')));
    const result: Result = {
      mode,
      media,
      outcome,
      ...(reason && { reason }),
      ...(outcome === 'connected' && { ms: both - startedAt }),
      lines: { caller: a.length, callee: b.length },
      bytes: { caller: bytes(a), callee: bytes(b) },
      disconnected: closed.some(Boolean),
    };
    return result;
  } finally {
    for (const page of pages) await page.context().close();
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
  const [irc, web, browser] = await Promise.all([
    startInspircd({ profile: 'default' }),
    startStaticServer(),
    launchChromium(),
  ]);
  try {
    mountHarness(web, join(REPO_DIR, 'packages/core/dist'), {
      irc: join(REPO_DIR, 'packages/irc/dist'),
      invite: join(REPO_DIR, 'packages/invite/dist'),
    });
    const results: Result[] = [];
    let n = 0;
    for (const media of ['data', 'audio', 'audio+video'] as const) {
      for (const mode of ['parley', 'draft'] as const) {
        if (quick && mode === 'draft' && media === 'audio+video') continue;
        if (only !== undefined && only !== `${mode}:${media}`) continue;
        process.stderr.write(`${mode} ${media}…\n`);
        results.push(await run(browser, web, irc.wsUrl, mode, media, n++));
      }
    }
    const rows = results.map((r) => [
      r.media,
      r.mode,
      r.outcome === 'connected' ? 'connected' : `${r.outcome}${r.reason ? ` (${r.reason})` : ''}`,
      String(r.lines.caller),
      String(r.lines.callee),
      String(r.bytes.caller),
      String(r.bytes.callee),
      r.ms === undefined ? '-' : String(r.ms),
      r.disconnected ? 'yes' : 'no',
    ]);
    console.log(
      table(
        ['media', 'mode', 'outcome', 'lines →', 'lines ←', 'bytes →', 'bytes ←', 'ms to connected', 'flood kill'],
        rows,
        3,
      ),
    );
    console.log(
      '\nInspIRCd 3.15, default <connect> flood settings; Chromium pages over WebSocket; lines and bytes from the' +
        '\ncapabilities query until both are connected (→ caller, ← callee); time from placing the call (discovery\nincluded) until both are connected.',
    );
    await writeResults('irc', { inspircd: 'default profile', results });
  } finally {
    await browser.close();
    await web.close();
    await irc.stop();
  }
}

if (isLoopbackOnly()) {
  await main();
} else {
  reexecInLoopback();
}
