import { ParleyError, type ParleyErrorCode, type Result } from '@parley/core';

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T>(code: ParleyErrorCode, message: string, cause?: unknown): Result<T> => ({
  ok: false,
  error: new ParleyError(code, message, cause === undefined ? undefined : { cause }),
});
