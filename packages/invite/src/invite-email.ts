import { fail, ok, type Result } from '@parley/core';
import { parseInviteLink, percentEncode, type InviteRole } from './invite-link.js';

export interface MailtoOptions {
  /** Recipient address(es), comma-separated; may be left for the person to fill in. */
  to?: string;
  /** Defaults to "Parley call invite" or "Parley call answer". */
  subject?: string;
  /** The invite link ({@link createInviteLink}) or any text {@link parseInviteLink} reads. */
  link: string;
  /**
   * What the recipient does next; defaults to the instruction for the link's
   * role: for an offer, open it and reply with the answer link the page
   * gives; for an answer, open it where the call was started.
   */
  replyHint?: string;
}

/** Longest mailto: URL that common mail clients and browsers pass on whole. */
export const MAILTO_SAFE_LENGTH = 2000;

const SUBJECTS: Record<InviteRole, string> = {
  offer: 'Parley call invite',
  answer: 'Parley call answer',
};

const INTROS: Record<InviteRole, string> = {
  offer: 'I would like to start a peer-to-peer call with you. Open this link to answer it:',
  answer: 'Here is my answer to your call:',
};

/** The default instruction for sending the answer back (offers) or using it (answers). */
export const REPLY_HINTS: Record<InviteRole, string> = {
  offer:
    'The page will show you an answer (a link, a QR code, a .parley file or a sound). Reply to this email with the answer link: paste it in your reply, then I open it to connect.',
  answer:
    'Open this link in the browser where you started the call (or paste it into that page): the call then connects.',
};

/**
 * A `mailto:` URL (RFC 6068) whose body holds the link and the instruction for
 * the way back. Fails on a link that holds no invite or an address with line
 * breaks in it. Never throws.
 */
export function createMailto(options: MailtoOptions): Result<string> {
  const invite = parseInviteLink(options.link);
  if (!invite.ok) return invite;
  const role: InviteRole = invite.value.role ?? 'offer';
  const to = (options.to ?? '').trim();
  if (/[\r\n<>]/.test(to)) return fail('bad-encoding', 'the address must be one line with no < or >');
  if (options.subject !== undefined && /[\r\n]/.test(options.subject)) {
    return fail('bad-encoding', 'the subject must be one line');
  }
  const subject = options.subject ?? SUBJECTS[role];
  const hint = options.replyHint ?? REPLY_HINTS[role];
  const body = [INTROS[role], '', options.link.trim(), '', hint, ''].join('\r\n');
  const address = encodeURIComponent(to).replace(/%40/g, '@').replace(/%2C/gi, ',');
  return ok(`mailto:${address}?subject=${encodeMailto(subject)}&body=${encodeMailto(body)}`);
}

/** RFC 6068: percent-encode everything but unreserved characters. */
const encodeMailto = (text: string): string => percentEncode(text, /[!'()*]/g);
