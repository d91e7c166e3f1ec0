// `@parley/invite`: the invite text formats (links, `web+parley:`, `.parley`
// files, mailto:), plain text work with no libraries and no Node built-ins.
// QR codes and sound are in the subpath exports `/qr`, `/scan` and `/sound`,
// so that importing this entry never pulls them in.
export {
  createInviteLink,
  createProtocolLink,
  parseInviteLink,
  parseInviteLinks,
  INVITE_SCHEME,
  MAX_INVITE_TEXT,
  type Invite,
  type InviteRole,
  type InviteLinkOptions,
} from './invite-link.js';
export {
  encodeInviteFile,
  decodeInviteFile,
  inviteFileName,
  INVITE_FILE_VERSION,
  INVITE_FILE_EXTENSION,
  INVITE_FILE_TYPE,
} from './invite-file.js';
export { createMailto, MAILTO_SAFE_LENGTH, REPLY_HINTS, type MailtoOptions } from './invite-email.js';
export { describeBundle, readInvite, type BundleSummary } from './bundle-role.js';
