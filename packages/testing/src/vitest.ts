import { onTestFailed } from 'vitest';

/** Prints the logs of rig servers when the current test fails. */
export function printLogsOnFailure(...servers: ReadonlyArray<{ log(): string } | undefined>): void {
  onTestFailed(() => {
    for (const server of servers) if (server) console.error(server.log());
  });
}
