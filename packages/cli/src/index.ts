export { main, HELP, version, type CliIo } from './main.js';
export { ExitCode } from './exit-codes.js';
