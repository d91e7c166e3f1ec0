/**
 * What an SDP negotiates, read independently of the codec: the facts a
 * decoded SDP must keep. Candidate foundations and the o= session id are left
 * out (non-exact mode renumbers them); everything else is compared.
 */
export interface Semantics {
  session: string[];
  media: Array<{
    mline: string;
    mid?: string;
    direction?: string;
    codecs: Record<string, { rtpmap?: string; fmtp: string[]; rtcpFb: string[] }>;
    extmaps: string[];
    ssrcs: string[];
    msid: string[];
    ice: string[];
    dtls: string[];
    candidates: string[];
    other: string[];
  }>;
}

const DIRECTIONS = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

export function semantics(sdp: string): Semantics {
  const lines = sdp.split(/\r?\n/).filter((l) => l.length > 0);
  const out: Semantics = { session: [], media: [] };
  let m: Semantics['media'][number] | undefined;
  for (const raw of lines) {
    const line = raw.replace(/^(o=\S+ )\d+/, '$1');
    if (line.startsWith('m=')) {
      m = { mline: line, codecs: {}, extmaps: [], ssrcs: [], msid: [], ice: [], dtls: [], candidates: [], other: [] };
      out.media.push(m);
      continue;
    }
    if (!m) {
      out.session.push(line.replace(/^(o=\S+ |a=candidate:)\d+/, '$1'));
      continue;
    }
    const attr = /^a=([^:]+)(?::(.*))?$/.exec(line);
    const [name, value = ''] = attr ? [attr[1]!, attr[2]] : ['', ''];
    const codec = (pt: string) => (m!.codecs[pt] ??= { fmtp: [], rtcpFb: [] });
    const pt = value.split(' ')[0]!;
    if (name === 'mid') m.mid = value;
    else if (DIRECTIONS.has(name)) m.direction = name;
    else if (name === 'rtpmap') codec(pt).rtpmap = value;
    else if (name === 'fmtp') codec(pt).fmtp.push(value);
    else if (name === 'rtcp-fb') codec(pt).rtcpFb.push(value);
    else if (name === 'extmap') m.extmaps.push(value);
    else if (name === 'ssrc' || name === 'ssrc-group') m.ssrcs.push(line);
    else if (name === 'msid') m.msid.push(value);
    else if (name.startsWith('ice-')) m.ice.push(line);
    else if (name === 'fingerprint' || name === 'setup') m.dtls.push(line);
    else if (name === 'candidate') m.candidates.push(value.replace(/^\S+ /, ''));
    else m.other.push(line);
  }
  return out;
}
