import { fail, ok, type Result } from '@parley/core';
import {
  checkInvite,
  MAX_INVITE_TEXT,
  percentEncode,
  safeDecode,
  type Invite,
  type InviteRole,
} from './invite-link.js';

/** The version this code writes; files of a higher version are refused as `unsupported`. */
export const INVITE_FILE_VERSION = 1;
/** File name extension of invite files. */
export const INVITE_FILE_EXTENSION = '.parley';
/** MIME type to save an invite file with (it is plain text, readable in any editor). */
export const INVITE_FILE_TYPE = 'text/plain;charset=utf-8';

const WIDTH = 76;
const HEADERS: Record<InviteRole, string> = {
  offer:
    'This is a Parley call offer. Open it with a Parley join page (drop this file on it) to answer, then send back the answer it gives you.',
  answer:
    'This is a Parley call answer. Drop this file on the Parley page where you started the call (or paste the text below there).',
};
const MACHINE_LINE = /^parley-invite (\d{1,6}) (offer|answer)$/;

/**
 * A `.parley` file: one line saying what it is, for a person who opens it;
 * a versioned machine line `parley-invite 1 offer`; then the bundle,
 * percent-encoded where needed and wrapped at 76 columns.
 *
 * ```
 * This is a Parley call offer. Open it with a Parley join page (…)
 * parley-invite 1 offer
 * P2AAQA8kqwdaNm0u…
 * ```
 */
export function encodeInviteFile(invite: { role: InviteRole; bundle: string }): Result<string> {
  const checked = checkInvite(invite.role, invite.bundle);
  if (checked) return fail(...checked);
  const lines = percentEncode(invite.bundle).match(new RegExp(`.{1,${WIDTH}}`, 'g'))!;
  const machine = `parley-invite ${INVITE_FILE_VERSION} ${invite.role}`;
  return ok([HEADERS[invite.role], machine, ...lines, ''].join('\n'));
}

/** A file name such as `parley-offer.parley`. */
export function inviteFileName(role: InviteRole): string {
  return `parley-${role}${INVITE_FILE_EXTENSION}`;
}

/** Reads a `.parley` file's text (CRLF, a BOM and extra blank lines are fine). Never throws. */
export function decodeInviteFile(text: string): Result<Invite & { role: InviteRole }> {
  if (typeof text !== 'string') return fail('bad-encoding', 'an invite file is text');
  if (text.length > MAX_INVITE_TEXT * 2) return fail('signal-too-long', 'the file is too large');
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const at = lines.findIndex((line) => MACHINE_LINE.test(line.trim()));
  if (at < 0) return fail('bad-encoding', 'this is not a Parley invite file');
  const [, version, role] = MACHINE_LINE.exec(lines[at]!.trim())!;
  if (Number(version) > INVITE_FILE_VERSION) {
    return fail('unsupported', `invite file version ${version} is newer than this app reads`);
  }
  if (Number(version) < 1) return fail('bad-encoding', `invite file version ${version} does not exist`);
  const payload = lines
    .slice(at + 1)
    .join('')
    .replace(/\s+/g, '');
  if (payload.length === 0) return fail('bad-encoding', 'the invite file is cut short');
  const bundle = /^[A-Za-z0-9\-_.!~*'()%]+$/.test(payload) ? safeDecode(payload) : undefined;
  return bundle === undefined
    ? fail('bad-encoding', 'the invite file is damaged')
    : ok({ role: role as InviteRole, bundle });
}
