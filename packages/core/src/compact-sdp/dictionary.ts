import { SOURCE } from './dictionary-source.js';

/**
 * The static dictionary: the templates of common browser SDPs (see
 * dictionary-source.ts), with the repetitive parts of codec blocks written
 * as short macros that expand here:
 *
 *   `#pt name`  a=rtpmap:pt name/90000 and five a=rtcp-fb:pt lines (Chromium's order)
 *   `^pt`       five a=rtcp-fb:pt lines (Firefox's order)
 *   `%rtx pt`   a=rtpmap:rtx rtx/90000 and a=fmtp:rtx apt=pt
 */
const FEEDBACK = ['goog-remb', 'transport-cc', 'ccm fir', 'nack', 'nack pli'];
const feedback = (pt: string, order: number[]): string => order.map((i) => `a=rtcp-fb:${pt} ${FEEDBACK[i]}\n`).join('');

export const expand = (source: string): string =>
  source
    .replace(
      /#(\d+) (\S+)\n/g,
      (_, pt: string, name: string) => `a=rtpmap:${pt} ${name}/90000\n${feedback(pt, [0, 1, 2, 3, 4])}`,
    )
    .replace(/\^(\d+)\n/g, (_, pt: string) => feedback(pt, [3, 4, 2, 0, 1]))
    .replace(/%(\d+) (\d+)\n/g, 'a=rtpmap:$1 rtx/90000\na=fmtp:$1 apt=$2\n');

let text: string | undefined;
/** The dictionary text (ASCII; expanded on first use). */
export const dictionary = (): string => (text ??= expand(SOURCE));
