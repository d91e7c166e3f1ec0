import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian package that provides each program the rig runs. */
export const SYSTEM_PACKAGES = {
  chromium: 'chromium',
  inspircd: 'inspircd',
  turnserver: 'coturn',
  unshare: 'util-linux',
  ip: 'iproute2',
} as const;

export type SystemProgram = keyof typeof SYSTEM_PACKAGES;

export class MissingProgramError extends Error {
  override name = 'MissingProgramError';
}

/** Absolute path of `program` on PATH (plus the sbin folders), or undefined. */
export function findExecutable(program: string): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** Like findExecutable, but throws with the apt-get command that installs it. */
export function requireExecutable(program: SystemProgram): string {
  const found = findExecutable(program);
  if (found) return found;
  throw new MissingProgramError(
    `${program} is not installed. Install it with: sudo apt-get install -y ${SYSTEM_PACKAGES[program]}`,
  );
}
