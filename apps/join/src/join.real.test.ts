import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from '@parley/core';
import { decodeInviteFile, parseInviteLink } from '@parley/invite';
import { rasterizeQr, renderQr, toSvg } from '@parley/invite/qr';
import { encodeSoundWav } from '@parley/invite/sound';
import { encodeY4m, launchChromium, startStaticServer, type StaticServer } from '@parley/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

const callState = (page: Page) => () => page.evaluate(() => document.body.dataset['callState'] ?? 'none');
const answerVia = (page: Page) => () => page.evaluate(() => document.body.dataset['answerVia'] ?? '');
const roundUp16 = (n: number): number => Math.ceil(n / 16) * 16;

/**
 * The join app, built with Vite and served on loopback. One Chromium plays
 * both sides (two contexts: nothing shared between them), started with a fake
 * camera and microphone that read files written only once the answer exists:
 * Chromium opens them when getUserMedia starts, not at launch.
 */
describe('join page: offer by link, answer by QR code or by sound', () => {
  let dir: string;
  let web: StaticServer;
  let browser: Browser;
  let camera: string;
  let microphone: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-join-'));
    const dist = join(dir, 'dist');
    await build({ root, base: './', logLevel: 'error', build: { outDir: dist, emptyOutDir: true } });
    web = await startStaticServer();
    web.mount('/join/', dist);
    web.set('/join/', await readFile(join(dist, 'index.html'), 'utf8'));
    camera = join(dir, 'camera.y4m');
    microphone = join(dir, 'microphone.wav');
    browser = await launchChromium({
      args: [`--use-file-for-fake-video-capture=${camera}`, `--use-file-for-fake-audio-capture=${microphone}`],
    });
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function page(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const p = await context.newPage();
    p.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    return p;
  }

  /** A starts a call and shows the invite link; B opens it and answers. */
  async function offerAndAnswer(): Promise<{ a: Page; b: Page; offerLink: string; answerLink: string }> {
    const a = await page();
    await a.goto(`${web.origin}/join/`);
    await a.getByRole('button', { name: 'Start a call' }).click();
    await expect.poll(() => a.locator('#share-link').inputValue()).toMatch(/#offer\//);
    const offerLink = await a.locator('#share-link').inputValue();
    expect(offerLink.startsWith(`${web.origin}/join/#offer/P2`)).toBe(true);

    const b = await page();
    await b.goto(offerLink);
    await expect.poll(() => b.locator('#offer-summary').textContent()).toContain('a chat');
    await b.getByRole('button', { name: 'Answer the call' }).click();
    await expect.poll(() => b.locator('#share-link').inputValue()).toMatch(/#answer\//);
    const answerLink = await b.locator('#share-link').inputValue();
    return { a, b, offerLink, answerLink };
  }

  async function chatBothWays(a: Page, b: Page): Promise<void> {
    await expect.poll(callState(a), { timeout: 20_000 }).toBe('connected');
    await expect.poll(callState(b), { timeout: 20_000 }).toBe('connected');
    await a.getByLabel('Message').fill('hello from the offer');
    await a.getByLabel('Message').press('Enter');
    await b.getByLabel('Message').fill('hello from the answer');
    await b.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => b.locator('#messages li[data-from=them]').allTextContents())
      .toEqual(['Them: hello from the offer']);
    await expect
      .poll(() => a.locator('#messages li[data-from=them]').allTextContents())
      .toEqual(['Them: hello from the answer']);
  }

  it('(a) the answer QR code, shown to the camera of A, connects the call; the .parley file holds the same answer', async () => {
    const { a, b, answerLink } = await offerAndAnswer();
    const bundle = unwrap(parseInviteLink(answerLink)).bundle;

    // The page draws the same code as renderQr gives in Node.
    const qr = unwrap(renderQr(answerLink));
    const pagePath = await b.locator('#share-qr svg path').getAttribute('d');
    expect(pagePath).toBe(/ d="([^"]+)"/.exec(toSvg(qr))![1]);
    const file = await b.evaluate(async () => {
      const link = document.querySelector<HTMLAnchorElement>('#share-file')!;
      return { name: link.download, text: await (await fetch(link.href)).text() };
    });
    expect(file.name).toBe('parley-answer.parley');
    expect(unwrap(decodeInviteFile(file.text))).toEqual({ role: 'answer', bundle });

    // The camera sees the code at 6 px a module, centred in a 4:3 frame.
    const side = (qr.size + 8) * 6;
    const frame = rasterizeQr(qr, { scale: 6, width: roundUp16((side * 4) / 3), height: roundUp16(side) });
    await writeFile(camera, encodeY4m([frame, frame, frame], 10));
    const started = Date.now();
    await a.getByRole('button', { name: "Scan the answer's QR code" }).click();
    await expect.poll(answerVia(a), { timeout: 30_000 }).toBe('QR code');
    const scanMs = Date.now() - started;
    await chatBothWays(a, b);
    console.log(
      `[facts] answer link ${answerLink.length} chars, QR ${qr.size}x${qr.size} modules, ` +
        `camera ${frame.width}x${frame.height}; click → answer scanned ${scanMs} ms`,
    );
  });

  it('(b) the answer played as sound into the microphone of A connects the call', async () => {
    const { a, b, answerLink } = await offerAndAnswer();
    const bundle = unwrap(parseInviteLink(answerLink)).bundle;
    const wav = unwrap(await encodeSoundWav(bundle));
    await writeFile(microphone, wav);
    const seconds = (wav.length - 44) / 2 / 48_000;
    // B plays the same answer aloud (ggwave's WebAssembly in the page); connecting stops it.
    await b.getByRole('button', { name: 'Play as sound' }).click();
    await expect.poll(() => b.locator('#play-sound').getAttribute('aria-pressed')).toBe('true');
    const started = Date.now();
    await a.getByRole('button', { name: "Listen for the answer's sound" }).click();
    await expect.poll(answerVia(a), { timeout: Math.round(seconds * 2500) + 10_000, interval: 500 }).toBe('sound');
    const heardMs = Date.now() - started;
    await chatBothWays(a, b);
    expect(await b.locator('#play-sound').getAttribute('aria-pressed')).toBe('false');
    console.log(
      `[facts] answer bundle ${bundle.length} chars → ${seconds.toFixed(1)} s of sound; click → answer decoded ${heardMs} ms`,
    );
  }, 150_000);

  it('(c) a web+parley: link opens the offer; a pasted offer is refused; the answer mail holds the answer; the .parley file opened on A connects the call', async () => {
    const { a, b, offerLink, answerLink } = await offerAndAnswer();
    // The web+parley: handler gets the whole link escaped after `#`; the page registers itself on a click.
    const protocolLink = `web+parley:offer/${unwrap(parseInviteLink(offerLink)).bundle}`;
    const handler = await page();
    await handler.goto(`${web.origin}/join/#${encodeURIComponent(protocolLink)}`);
    await expect.poll(() => handler.locator('#offer-summary').textContent()).toContain('a chat');
    await handler.getByRole('button', { name: 'Open web+parley: links with this page' }).click();
    await expect
      .poll(() => handler.locator('#status').textContent())
      .toBe('web+parley: links now open here (your browser may ask first).');

    const mailBody = await b.evaluate(() => {
      const href = document.querySelector<HTMLAnchorElement>('#share-mail')!.href;
      return decodeURIComponent(/[?&]body=([^&]*)/.exec(href)![1]!);
    });
    // A wrong paste first: an offer is no answer, and the page says so.
    await a.getByLabel(/Paste the answer/).fill(await a.locator('#share-link').inputValue());
    await a.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => a.locator('#status').textContent()).toContain('this is an offer, not an answer');
    expect(mailBody).toContain('Open this link in the browser where you started the call');
    expect(unwrap(parseInviteLink(mailBody))).toEqual(unwrap(parseInviteLink(answerLink)));
    const file = await b.evaluate(async () => {
      const link = document.querySelector<HTMLAnchorElement>('#share-file')!;
      return { name: link.download, text: await (await fetch(link.href)).text() };
    });
    await a.locator('#answer-file').setInputFiles({
      name: file.name,
      mimeType: 'text/plain',
      buffer: Buffer.from(file.text),
    });
    await expect.poll(answerVia(a)).toBe('file');
    await chatBothWays(a, b);
  });

  it('(d) the answer link opened in the browser that made the offer hands the answer to its page', async () => {
    const { a, b, answerLink } = await offerAndAnswer();
    // Another tab of A's browser (same context: same origin storage and BroadcastChannel).
    const tab = await a.context().newPage();
    await tab.goto(answerLink);
    await expect.poll(() => tab.locator('#status').textContent()).toContain('This is an answer to a call');
    await expect.poll(answerVia(a)).toBe('link');
    await chatBothWays(a, b);
  });
});
