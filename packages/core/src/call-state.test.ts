import { describe, expect, it } from 'vitest';
import { END_REASONS, describeEndReason, isEndReason } from './call-state.js';

describe('EndReason', () => {
  it('recognises every listed reason and nothing else', () => {
    for (const reason of END_REASONS) expect(isEndReason(reason)).toBe(true);
    expect(isEndReason('HANGUP')).toBe(false);
    expect(isEndReason(undefined)).toBe(false);
    expect(isEndReason('toString')).toBe(false);
  });

  it('describes every reason with distinct text', () => {
    const texts = END_REASONS.map(describeEndReason);
    expect(new Set(texts).size).toBe(END_REASONS.length);
  });
});
