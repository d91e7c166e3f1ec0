import { SOURCE } from './dictionary-source.js';

/**
 * The static dictionary: the templates of common browser SDPs (see
 * dictionary-source.ts), with the repetitive parts of Chromium's codec blocks
 * written as short macros that expand here:
 *
 *   `#pt name`  a=rtpmap:pt name/90000 and its five a=rtcp-fb:pt lines
 *   `%rtx pt`   a=rtpmap:rtx rtx/90000 and a=fmtp:rtx apt=pt
 */
export const expand = (source: string): string =>
  source
    .replace(
      /#(\d+) (\S+)\n/g,
      'a=rtpmap:$1 $2/90000\na=rtcp-fb:$1 goog-remb\na=rtcp-fb:$1 transport-cc\na=rtcp-fb:$1 ccm fir\na=rtcp-fb:$1 nack\na=rtcp-fb:$1 nack pli\n',
    )
    .replace(/%(\d+) (\d+)\n/g, 'a=rtpmap:$1 rtx/90000\na=fmtp:$1 apt=$2\n');

let text: string | undefined;
/** The dictionary text (ASCII; expanded on first use). */
export const dictionary = (): string => (text ??= expand(SOURCE));
