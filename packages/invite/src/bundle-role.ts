import { decodeSignal, fail, ok, type MediaKind, type Result } from '@parley/core';
import { decodeBundle } from '@parley/core/manual-exchange';
import { parseInviteLinks, type Invite, type InviteRole } from './invite-link.js';

/** What a bundle holds, read without acting on it: enough for a page to say "Alice offers a chat". */
export interface BundleSummary {
  role: InviteRole;
  /** The call's id (an answer names the offer's call). */
  callId: string;
  /** What the offer proposes; empty for an answer. */
  media: MediaKind[];
}

/**
 * Reads a bundle's signals and tells whether it is an offer (an invite plus
 * its SDP offer) or an answer (an SDP answer). Never throws.
 */
export async function describeBundle(bundle: string): Promise<Result<BundleSummary>> {
  const lines = await decodeBundle(bundle);
  if (!lines.ok) return lines;
  let media: MediaKind[] | undefined;
  let sdp: { kind: InviteRole; callId: string } | undefined;
  for (const line of lines.value) {
    const signal = await decodeSignal(line);
    if (!signal.ok) return fail('bad-encoding', `unreadable signal (${signal.error.message})`);
    const s = signal.value;
    if (s.type === 'invite') media = s.media;
    if (s.type === 'sdp') sdp = { kind: s.kind, callId: s.callId };
  }
  if (!sdp) return fail('bad-encoding', 'the text holds no offer and no answer');
  // An offer comes with its INVITE (what it carries); an answer carries nothing of its own.
  if (sdp.kind === 'offer' && !media) return fail('bad-encoding', 'the offer has no invite in it');
  return ok({ role: sdp.kind, callId: sdp.callId, media: sdp.kind === 'offer' ? media! : [] });
}

/**
 * Reads an invite from pasted or scanned text and checks its bundle: like
 * {@link parseInviteLink}, but where line wrapping leaves several readings,
 * the shortest whose bundle decodes wins. (A bundle cut short never decodes, as
 * its SDP comes last, while junk after its end may: `…P2abc` + `Thanks`.)
 * Never throws.
 */
export async function readInvite(text: string): Promise<Result<Invite & { summary: BundleSummary }>> {
  const readings = parseInviteLinks(text);
  if (!readings.ok) return readings;
  let first: Result<BundleSummary> | undefined;
  for (const invite of [...readings.value].reverse()) {
    const summary = await describeBundle(invite.bundle);
    if (summary.ok) return ok({ ...invite, summary: summary.value });
    first ??= summary;
  }
  return first as Result<never>;
}
