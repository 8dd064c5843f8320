// The CLI module's public surface: the entry point, and what a caller needs to run it in-process.
export { main } from "./main.js";
export type { CliIo } from "./io.js";
export type { CliCommand, ExitCode } from "./command.js";
export type { SpecHistoryVerdict } from "./spec-history.js";
export { checkSpecHistory } from "./spec-history.js";
