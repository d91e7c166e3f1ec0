/**
 * A tiny IRC-over-WebSocket client plus an RTCPeerConnection, for a Chromium
 * page, used by the rig's first smoke test: offer, answer and candidates go
 * through a real InspIRCd as PRIVMSGs, chunked to stay far below the line
 * limit. Deliberately independent of @parley/irc (that comes later).
 */
export const IRC_PAGE_PEER_SCRIPT = String.raw`
(() => {
  const state = { linesSent: 0, linesReceived: 0, inbox: [], log: [] };
  let ws, pc, channel, peerNick, chain = Promise.resolve();
  const partial = new Map();
  let resolveOpen, rejectOpen;
  const opened = new Promise((res, rej) => { resolveOpen = res; rejectOpen = rej; });
  function sendLine(line) { ws.send(line); state.linesSent++; }
  function signal(obj) {
    const data = btoa(JSON.stringify(obj));
    const id = Math.random().toString(36).slice(2, 8);
    const size = 300, n = Math.ceil(data.length / size);
    for (let i = 0; i < n; i++) sendLine('PRIVMSG ' + peerNick + ' :SIG ' + id + ' ' + (i + 1) + '/' + n + ' ' + data.slice(i * size, (i + 1) * size));
  }
  function bind(ch) {
    channel = ch;
    ch.onopen = () => resolveOpen();
    ch.onmessage = (e) => state.inbox.push(String(e.data));
  }
  async function onSignal(msg) {
    if (msg.sdp) {
      await pc.setRemoteDescription(msg);
      if (msg.type === 'offer') { await pc.setLocalDescription(); signal(pc.localDescription.toJSON()); }
    } else if ('candidate' in msg) {
      await pc.addIceCandidate(msg.candidate || undefined);
    }
  }
  function handle(line) {
    if (!line) return;
    state.linesReceived++;
    if (line.startsWith('PING')) return sendLine('PONG' + line.slice(4));
    const m = /^:([^!\s]+)!\S+ PRIVMSG \S+ :SIG (\S+) (\d+)\/(\d+) (\S+)$/.exec(line);
    if (!m || m[1] !== peerNick) return;
    const [, , id, seq, total, data] = m;
    const parts = partial.get(id) || [];
    parts[Number(seq) - 1] = data;
    partial.set(id, parts);
    if (parts.filter(Boolean).length === Number(total)) {
      partial.delete(id);
      const msg = JSON.parse(atob(parts.join('')));
      chain = chain.then(() => onSignal(msg)).catch((e) => { state.log.push(String(e)); rejectOpen(e); });
    }
  }
  window.smokeIrc = {
    connect(wsUrl, nick, peer) {
      peerNick = peer;
      pc = new RTCPeerConnection();
      pc.onicecandidate = (e) => signal({ candidate: e.candidate ? e.candidate.toJSON() : null });
      pc.ondatachannel = (e) => bind(e.channel);
      return new Promise((resolve, reject) => {
        ws = new WebSocket(wsUrl, 'text.inspircd.org');
        ws.onopen = () => { sendLine('NICK ' + nick); sendLine('USER ' + nick + ' 0 * :parley smoke'); };
        ws.onerror = () => reject(new Error('websocket error'));
        ws.onclose = (e) => state.log.push('closed ' + e.code);
        ws.onmessage = (e) => {
          for (const line of String(e.data).split(/\r?\n/)) {
            if (/^:\S+ 001 /.test(line)) resolve();
            if (/^ERROR /.test(line)) { state.log.push(line); reject(new Error(line)); }
            handle(line);
          }
        };
      });
    },
    async call() { bind(pc.createDataChannel('smoke')); await pc.setLocalDescription(); signal(pc.localDescription.toJSON()); },
    async waitOpen(ms) {
      await Promise.race([opened, new Promise((_, rej) => setTimeout(() => rej(new Error('not open after ' + ms + ' ms; ' + state.log.join('; '))), ms))]);
    },
    send(text) { channel.send(text); },
    state() { return { ...state, inbox: state.inbox.slice() }; },
    quit() { sendLine('QUIT :done'); },
  };
})();
`;
