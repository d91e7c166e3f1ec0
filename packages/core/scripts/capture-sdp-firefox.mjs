/**
 * Captures real Firefox ESR SDPs into packages/core/src/compact-sdp/samples/ (WebDriver BiDi via puppeteer-core).
 * Run inside the loopback-only namespace:
 *
 *   node packages/testing/dist/bin/loopback.js node packages/core/scripts/capture-sdp-firefox.mjs
 */
import { writeFileSync } from 'node:fs';
import { assertLoopbackOnly, launchFirefox, startStaticServer } from '@parley/testing';

assertLoopbackOnly();
const OUT = new URL('../src/compact-sdp/samples/', import.meta.url);
const PAGE = String.raw`
window.gathered = (pc, ms = 3000) => new Promise((resolve) => {
  if (pc.iceGatheringState === 'complete') return resolve();
  const t = setTimeout(resolve, ms);
  pc.addEventListener('icegatheringstatechange', () => {
    if (pc.iceGatheringState === 'complete') { clearTimeout(t); resolve(); }
  });
});
window.pair = async ({ audio, video, data }) => {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  if (data) a.createDataChannel('parley');
  if (audio || video) {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: !!audio, video: !!video });
    for (const track of stream.getTracks()) a.addTrack(track, stream);
  }
  await a.setLocalDescription(await a.createOffer());
  await gathered(a);
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await gathered(b);
  return { offer: a.localDescription.sdp, answer: b.localDescription.sdp };
};
window.ready = true;
`;

const web = await startStaticServer();
web.set('/capture.js', PAGE, 'text/javascript; charset=utf-8');
web.set('/capture', '<!doctype html><meta charset="utf-8"><script src="/capture.js"></script>');
const browser = await launchFirefox();
const version = (await browser.version()).match(/(\d+)/)?.[1] ?? 'x';
const save = (name, sdp) => {
  writeFileSync(new URL(`firefox${version}-${name}.sdp`, OUT), sdp);
  console.log(`firefox${version}-${name}.sdp ${sdp.length} B`);
};
try {
  const page = await browser.newPage();
  await page.goto(`${web.origin}/capture`);
  await page.waitForFunction('window.ready === true');
  const run = (o) => page.evaluate((x) => globalThis.pair(x), o);
  let r = await run({ data: true });
  save('dc-offer', r.offer);
  save('dc-answer', r.answer);
  r = await run({ audio: true, video: true });
  save('av-offer', r.offer);
  save('av-answer', r.answer);
  r = await run({ audio: true, video: true, data: true });
  save('av-dc-offer', r.offer);
  save('av-dc-answer', r.answer);
} finally {
  await browser.close();
  await web.close();
}
