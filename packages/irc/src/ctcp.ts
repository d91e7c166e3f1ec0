import { ParleyError } from '@parley/core';

/** CTCP's delimiter: a CTCP message is `\x01COMMAND params\x01` as PRIVMSG (request) or NOTICE (reply) text. */
export const CTCP_DELIMITER = '\x01';

export interface CtcpMessage {
  /** Uppercased, as CTCP commands are compared case-insensitively. */
  command: string;
  /** Everything after the first space, as sent (may be `''`). */
  params: string;
  /**
   * The closing `\x01` was missing: the server most likely cut an over-long
   * line, so `params` may be incomplete.
   */
  truncated: boolean;
}

// eslint-disable-next-line no-control-regex -- CTCP's delimiter \x01 is a control character
const COMMAND = /^[^\s\x01\0\r\n]+$/;

/** Builds the text of a CTCP message. Throws a `ParleyError` for what cannot travel in one. */
export function encodeCtcp(command: string, text?: string): string {
  if (!COMMAND.test(command)) throw new ParleyError('malformed-signal', `bad CTCP command ${JSON.stringify(command)}`);
  // eslint-disable-next-line no-control-regex -- CTCP's delimiter \x01 is a control character
  if (text !== undefined && /[\x01\0\r\n]/.test(text)) {
    throw new ParleyError('malformed-signal', 'CTCP text must not contain \\x01, NUL, CR or LF');
  }
  const body = text === undefined || text === '' ? command : `${command} ${text}`;
  return `${CTCP_DELIMITER}${body}${CTCP_DELIMITER}`;
}

/** True when a PRIVMSG/NOTICE text is (or starts as) a CTCP message. */
export function isCtcp(text: string): boolean {
  return text.startsWith(CTCP_DELIMITER);
}

/**
 * Reads a CTCP message from PRIVMSG/NOTICE text, or `null` when the text is
 * not CTCP (no leading `\x01`, or no command). Never throws. Text after a
 * closing `\x01` is ignored (old "extended" CTCP is not used by anyone).
 */
export function decodeCtcp(text: string): CtcpMessage | null {
  if (typeof text !== 'string' || !isCtcp(text)) return null;
  const close = text.indexOf(CTCP_DELIMITER, 1);
  const body = text.slice(1, close < 0 ? undefined : close);
  const space = body.indexOf(' ');
  const command = space < 0 ? body : body.slice(0, space);
  if (!COMMAND.test(command)) return null;
  return { command: command.toUpperCase(), params: space < 0 ? '' : body.slice(space + 1), truncated: close < 0 };
}
