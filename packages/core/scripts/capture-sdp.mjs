/**
 * Captures real Chromium SDPs into packages/core/src/compact-sdp/samples/.
 * Run inside the loopback-only namespace, after `npx tsc -b`:
 *
 *   node packages/testing/dist/bin/loopback.js node packages/core/scripts/capture-sdp.mjs
 */
import { writeFileSync } from 'node:fs';
import { launchChromium, startCoturn, startStaticServer } from '@parley/testing';

const OUT = new URL('../src/compact-sdp/samples/', import.meta.url);

// Runs in the page: one RTCPeerConnection pair, non-trickle (descriptions after gathering).
const PAGE = String.raw`
window.gathered = (pc, ms = 2500) => new Promise((resolve) => {
  if (pc.iceGatheringState === 'complete') return resolve();
  const t = setTimeout(resolve, ms); // with TURN, gathering never completes here
  pc.addEventListener('icegatheringstatechange', () => {
    if (pc.iceGatheringState === 'complete') { clearTimeout(t); resolve(); }
  });
});
window.pair = async ({ audio, video, data, config, simulcast }) => {
  const a = new RTCPeerConnection(config || {});
  const b = new RTCPeerConnection(config || {});
  const out = {};
  if (data) a.createDataChannel('parley');
  let stream;
  if (audio || video) {
    stream = await navigator.mediaDevices.getUserMedia({ audio: !!audio, video: !!video });
    for (const track of stream.getTracks()) {
      if (simulcast && track.kind === 'video') {
        a.addTransceiver(track, { streams: [stream], sendEncodings: [
          { rid: 'h' }, { rid: 'm', scaleResolutionDownBy: 2 }, { rid: 'l', scaleResolutionDownBy: 4 }] });
      } else a.addTrack(track, stream);
    }
  }
  const offer = await a.createOffer();
  out.offerInitial = offer.sdp;
  await a.setLocalDescription(offer);
  await gathered(a);
  out.offer = a.localDescription.sdp;
  await b.setRemoteDescription(a.localDescription);
  if (stream) {
    const s2 = await navigator.mediaDevices.getUserMedia({ audio: !!audio, video: !!video });
    for (const track of s2.getTracks()) {
      const tr = b.getTransceivers().find((t) => t.receiver.track.kind === track.kind && !t.sender.track);
      if (tr) { tr.direction = 'sendrecv'; await tr.sender.replaceTrack(track); b.__stream = s2; tr.sender.setStreams(s2); }
    }
  }
  const answer = await b.createAnswer();
  out.answerInitial = answer.sdp;
  await b.setLocalDescription(answer);
  await gathered(b);
  out.answer = b.localDescription.sdp;
  await a.setRemoteDescription(b.localDescription);
  window.a = a; window.b = b; window.stream = stream;
  return out;
};
window.renegotiate = async () => {
  const out = {};
  const screen = await navigator.mediaDevices.getDisplayMedia({ video: true }).catch(() => navigator.mediaDevices.getUserMedia({ video: true }));
  const sender = a.addTrack(screen.getVideoTracks()[0], screen);
  let offer = await a.createOffer();
  await a.setLocalDescription(offer);
  out.addScreenOffer = a.localDescription.sdp;
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  out.addScreenAnswer = b.localDescription.sdp;
  await a.setRemoteDescription(b.localDescription);
  a.removeTrack(sender);
  await a.setLocalDescription(await a.createOffer());
  out.removeTrackOffer = a.localDescription.sdp;
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
  await a.setLocalDescription(await a.createOffer({ iceRestart: true }));
  out.iceRestartOffer = a.localDescription.sdp;
  return out;
};
window.ready = true;
`;

const web = await startStaticServer();
web.set('/capture.js', PAGE, 'text/javascript; charset=utf-8');
web.set('/capture', '<!doctype html><meta charset="utf-8"><script src="/capture.js"></script>');
const browser = await launchChromium();
const turn = await startCoturn();
const version = browser.version().split('.')[0];
const save = (name, sdp) => {
  writeFileSync(new URL(`chromium${version}-${name}.sdp`, OUT), sdp);
  console.log(`chromium${version}-${name}.sdp ${sdp.length} B`);
};
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.log('[page]', m.text()));
  await page.goto(`${web.origin}/capture`);
  await page.waitForFunction('window.ready === true');
  const run = (opts) => page.evaluate((o) => globalThis.pair(o), opts);

  let r = await run({ data: true });
  save('dc-offer-initial', r.offerInitial);
  save('dc-offer', r.offer);
  save('dc-answer-initial', r.answerInitial);
  save('dc-answer', r.answer);
  r = await run({ audio: true });
  save('audio-offer', r.offer);
  save('audio-answer', r.answer);
  r = await run({ audio: true, video: true });
  save('av-offer-initial', r.offerInitial);
  save('av-offer', r.offer);
  save('av-answer', r.answer);
  const re = await page.evaluate(() => globalThis.renegotiate());
  save('av-add-screen-offer', re.addScreenOffer);
  save('av-add-screen-answer', re.addScreenAnswer);
  save('av-remove-track-offer', re.removeTrackOffer);
  save('av-ice-restart-offer', re.iceRestartOffer);
  r = await run({ audio: true, video: true, data: true });
  save('av-dc-offer', r.offer);
  save('av-dc-answer', r.answer);
  r = await run({ data: true, config: { iceServers: [turn.iceServer] } });
  save('dc-relay-offer', r.offer);
  save('dc-relay-answer', r.answer);
  r = await run({ audio: true, video: true, simulcast: true });
  save('simulcast-offer', r.offer);
  save('simulcast-answer', r.answer);
} finally {
  await browser.close();
  await turn.stop();
  await web.close();
}
