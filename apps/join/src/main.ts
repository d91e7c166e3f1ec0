import { describeEndReason, type Call } from '@parley/core';
import {
  createInviteLink,
  createMailto,
  decodeInviteFile,
  encodeInviteFile,
  INVITE_FILE_TYPE,
  INVITE_SCHEME,
  inviteFileName,
  parseInviteLink,
  readInvite,
  type InviteRole,
} from '@parley/invite';
import { renderQr, toSvg } from '@parley/invite/qr';
import { JoinSession } from './session.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const base = `${location.origin}${location.pathname}`;
/** Lets an answer link opened in another tab of this browser reach the page that made the offer. */
const tabs = 'BroadcastChannel' in globalThis ? new BroadcastChannel('parley-join') : undefined;

let session: JoinSession | undefined;
let stopListening: (() => void) | undefined;
let stopSound: (() => void) | undefined;

function status(text: string, error = false): void {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('error', error);
}

function show(...ids: string[]): void {
  for (const id of ['start', 'offered', 'share', 'receive', 'chat']) $(id).hidden = !ids.includes(id);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What the page shows follows the fragment: nothing, an offer, or an answer. */
async function route(): Promise<void> {
  if (location.hash.length <= 1) {
    show('start');
    status('');
    return;
  }
  const invite = await readInvite(location.href);
  if (!invite.ok) {
    show('start');
    status(`This link holds no invite we can read: ${invite.error.message}`, true);
    return;
  }
  const summary = invite.value.summary;
  if (summary.role === 'answer') {
    show();
    tabs?.postMessage({ answer: invite.value.bundle });
    status(
      'This is an answer to a call. It was passed to the page that started the call if that page is open in this browser; otherwise paste this link into that page.',
    );
    return;
  }
  const what = summary.media.map((m) => (m === 'data' ? 'a chat' : m)).join(' and ');
  $('offer-summary').textContent =
    `Someone offers ${what} with you, peer to peer. Answering shows you an answer to send back.`;
  show('offered');
  status('');
  $('answer-call').onclick = () => void answer(invite.value.bundle);
}

async function answer(offerBundle: string): Promise<void> {
  session?.close();
  session = new JoinSession(follow);
  status('Making the answer…');
  try {
    const bundle = await session.answer(offerBundle);
    share('answer', bundle);
    show('share');
    status('Send the answer back. The call connects once the other side has it.');
  } catch (error) {
    status(`Could not answer: ${message(error)}`, true);
  }
}

async function startCall(): Promise<void> {
  session?.close();
  session = new JoinSession(follow);
  status('Making the invite…');
  const bundle = await session.offer();
  share('offer', bundle);
  show('share', 'receive');
  status('Send the invite, then give this page the answer.');
}

/** Shows this side's text in every form: link, QR code, file, email and sound. */
function share(role: InviteRole, bundle: string): void {
  const link = createInviteLink(bundle, { base, role });
  if (!link.ok) return status(link.error.message, true);
  $('share-title').textContent = role === 'offer' ? 'Send this invite' : 'Send this answer back';
  $('share-hint').textContent =
    role === 'offer'
      ? 'Any one of these works: the link, the QR code, the file, an email, or the sound.'
      : 'Send it back the way you got the invite, or show the QR code or play the sound to the other device.';
  $<HTMLTextAreaElement>('share-link').value = link.value;
  const qr = renderQr(link.value);
  $('share-qr').innerHTML = qr.ok ? toSvg(qr.value, { title: `QR code of the ${role}` }) : '';
  const file = encodeInviteFile({ role, bundle });
  const fileLink = $<HTMLAnchorElement>('share-file');
  if (file.ok) {
    fileLink.href = URL.createObjectURL(new Blob([file.value], { type: INVITE_FILE_TYPE }));
    fileLink.download = inviteFileName(role);
  }
  const mail = createMailto({ link: link.value });
  if (mail.ok) $<HTMLAnchorElement>('share-mail').href = mail.value;
  $('play-sound').onclick = () => void toggleSound(bundle);
}

async function toggleSound(bundle: string): Promise<void> {
  const button = $('play-sound');
  if (stopSound) {
    stopSound();
    return;
  }
  // The sound and scanning code (WebAssembly, a QR decoder) loads only when used.
  const { encodeSoundSamples, SOUND_SAMPLE_RATE } = await import('@parley/invite/sound');
  const samples = await encodeSoundSamples(bundle);
  if (!samples.ok) return status(samples.error.message, true);
  const context = new AudioContext({ sampleRate: SOUND_SAMPLE_RATE });
  const buffer = context.createBuffer(1, samples.value.length, SOUND_SAMPLE_RATE);
  buffer.copyToChannel(samples.value, 0);
  const source = context.createBufferSource();
  source.buffer = buffer;
  source.loop = true;
  source.connect(context.destination);
  source.start();
  button.textContent = 'Stop the sound';
  button.setAttribute('aria-pressed', 'true');
  stopSound = () => {
    source.stop();
    void context.close();
    stopSound = undefined;
    button.textContent = 'Play as sound';
    button.setAttribute('aria-pressed', 'false');
  };
}

/** Takes the answer from any source; `via` says where it came from (for the status line). */
async function useAnswer(text: string, via: string): Promise<void> {
  if (!session || session.role !== 'offer') return;
  const file = decodeInviteFile(text);
  const invite = file.ok ? file : await readInvite(text);
  if (!invite.ok) return status(`That is not an answer: ${invite.error.message}`, true);
  try {
    await session.acceptAnswer(invite.value.bundle);
    stopListening?.();
    document.body.dataset['answerVia'] = via;
    status(`Got the answer (${via}). Connecting…`);
  } catch (error) {
    status(`That answer does not fit: ${message(error)}`, true);
  }
}

/** A QR scanner or a sound receiver: gives one text, or stops. */
interface AnswerReader {
  read(): Promise<string>;
  stop(): void;
}

/**
 * Opens the camera or microphone, reads the answer with `open`'s reader, and
 * feeds it in; pressing the button again (or getting the answer) stops it.
 */
async function readAnswer(
  buttonId: string,
  constraints: MediaStreamConstraints,
  what: { device: string; waiting: string; via: string },
  open: (stream: MediaStream) => Promise<AnswerReader>,
): Promise<void> {
  stopListening?.();
  const button = $(buttonId);
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia(constraints);
  } catch (error) {
    return status(`No ${what.device}: ${message(error)}`, true);
  }
  const reader = await open(stream);
  button.setAttribute('aria-pressed', 'true');
  stopListening = () => {
    reader.stop();
    for (const track of stream.getTracks()) track.stop();
    button.setAttribute('aria-pressed', 'false');
    stopListening = undefined;
  };
  status(what.waiting);
  try {
    await useAnswer(await reader.read(), what.via);
  } catch {
    // Stopped.
  }
}

function scan(): Promise<void> {
  const constraints = { video: { facingMode: 'environment' } };
  const what = { device: 'camera', waiting: 'Show the answer’s QR code to the camera…', via: 'QR code' };
  return readAnswer('scan-qr', constraints, what, async (stream) => {
    const { QrScanner } = await import('@parley/invite/scan');
    const preview = $<HTMLVideoElement>('scan-preview');
    preview.srcObject = stream;
    preview.hidden = false;
    void preview.play();
    const scanner = new QrScanner(stream.getVideoTracks()[0]!, { accept: (text) => parseInviteLink(text).ok });
    return {
      read: () => scanner.scan(),
      stop: () => {
        scanner.stop();
        preview.hidden = true;
        preview.srcObject = null;
      },
    };
  });
}

function listen(): Promise<void> {
  // The sound is data: no processing meant for voices.
  const constraints = { audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } };
  const what = { device: 'microphone', waiting: 'Listening for the answer’s sound…', via: 'sound' };
  return readAnswer('listen-sound', constraints, what, async (stream) => {
    const { SoundReceiver } = await import('@parley/invite/sound');
    const receiver = new SoundReceiver(stream.getAudioTracks()[0]!, {
      accept: (text) => parseInviteLink(text).ok,
      onProgress: ({ received, total }) => status(`Listening… ${received} of ${total} parts heard`),
    });
    return { read: () => receiver.receive(), stop: () => receiver.stop() };
  });
}

/** Follows the call: chat once connected, and how it ended. */
function follow(call: Call): void {
  call.on('statechange', ({ state }) => {
    document.body.dataset['callState'] = state;
    if (state === 'connected') {
      stopSound?.();
      show('chat');
      status('Connected, peer to peer.');
      $('chat-input').focus();
    }
  });
  call.on('message', (text) => addMessage('them', text));
  call.on('ended', ({ reason }) => {
    document.body.dataset['callState'] = 'ended';
    status(`${describeEndReason(reason)}.`, reason !== 'hangup');
  });
}

function addMessage(who: 'me' | 'them', text: string): void {
  const item = document.createElement('li');
  item.dataset['from'] = who;
  item.textContent = `${who === 'me' ? 'You' : 'Them'}: ${text}`;
  $('messages').append(item);
}

function wire(): void {
  $('start-call').onclick = () => void startCall();
  $('copy-link').onclick = () => {
    const text = $<HTMLTextAreaElement>('share-link').value;
    navigator.clipboard.writeText(text).then(
      () => status('Link copied.'),
      () => {
        $<HTMLTextAreaElement>('share-link').select();
        status('Press Ctrl+C to copy the selected link.');
      },
    );
  };
  $('use-answer').onclick = () => void useAnswer($<HTMLTextAreaElement>('answer-input').value, 'pasted');
  $<HTMLInputElement>('answer-file').onchange = async (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) await useAnswer(await file.text(), 'file');
  };
  const zone = $('drop-zone');
  zone.ondragover = (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  };
  zone.ondragleave = () => zone.classList.remove('dragging');
  zone.ondrop = async (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    const text = file ? await file.text() : (event.dataTransfer?.getData('text/plain') ?? '');
    await useAnswer(text, file ? 'file' : 'pasted');
  };
  $('scan-qr').onclick = () => (stopListening ? stopListening() : void scan());
  $('listen-sound').onclick = () => (stopListening ? stopListening() : void listen());
  $<HTMLFormElement>('chat-form').onsubmit = (event) => {
    event.preventDefault();
    const input = $<HTMLInputElement>('chat-input');
    if (!session?.call || input.value === '') return;
    session.call.send(input.value);
    addMessage('me', input.value);
    input.value = '';
  };
  $('hangup').onclick = () => session?.call?.hangup();
  $('register-handler').onclick = () => {
    try {
      navigator.registerProtocolHandler(INVITE_SCHEME, `${base}#%s`);
      status(`${INVITE_SCHEME}: links now open here (your browser may ask first).`);
    } catch (error) {
      status(`This browser did not register the handler: ${message(error)}`, true);
    }
  };
  tabs?.addEventListener('message', (event: MessageEvent<{ answer?: unknown }>) => {
    if (typeof event.data.answer === 'string') void useAnswer(event.data.answer, 'link');
  });
  window.addEventListener('hashchange', () => void route());
}

wire();
void route();
