import { assertLoopbackOnly } from './netns.js';

/** Vitest global setup for tests through real parts: refuse to run on the host network. */
export default function setup(): void {
  assertLoopbackOnly();
}
