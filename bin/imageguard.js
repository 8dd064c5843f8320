#!/usr/bin/env node
// Entry point of the `imageguard` command: runs the TypeScript sources through tsx, so no build
// step stands between a fresh clone and a working command.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);
