import type { SendRate } from '@parley/core';

/**
 * What one IRC connection may send without the server's flood control
 * stepping in. Measured against InspIRCd 3.15 with its default `<connect>`
 * (see `flood.real.test.ts`): ~3.6 KB in one burst passes and ~4.5 KB gets
 * the client disconnected ("RecvQ exceeded"); past ~10 lines in a burst the
 * server holds lines back (fakelag) to about one a second. This profile
 * stays well inside both, leaving room for the host's own chat lines.
 */
export const DEFAULT_FLOOD: SendRate = {
  burst: 5,
  perSecond: 1,
  bytes: { burst: 3000, perSecond: 1500 },
};
