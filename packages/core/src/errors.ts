/** Codes of every error the core reports. Stable strings, safe to switch on. */
export type ParleyErrorCode =
  | 'malformed-signal'
  | 'unknown-signal'
  | 'signal-too-long'
  | 'bad-encoding'
  | 'chunk-overflow'
  | 'chunk-timeout'
  | 'transport-closed'
  | 'invalid-state'
  | 'negotiation-failed'
  | 'unsupported';

/** The one error type the core throws or reports: a code plus a readable message. */
export class ParleyError extends Error {
  override name = 'ParleyError';
  constructor(
    readonly code: ParleyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A parse result: parsers of network input return this and never throw. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ParleyError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T>(code: ParleyErrorCode, message: string): Result<T> => ({
  ok: false,
  error: new ParleyError(code, message),
});
