// The web console: a client of the cloud's own API, served next to it at /console. This file is the
// module's only public surface.
import type { MountFactory } from "../cloud/index.js";
import { createConsoleMount, type ConsoleOptions } from "./server/console-mount.js";

/** The console for `startCloud({ mounts: [consoleMount()] })`: served at `/console`. */
export function consoleMount(options: ConsoleOptions = {}): MountFactory {
  return createConsoleMount(options);
}

export type { ConsoleOptions } from "./server/console-mount.js";
export { personaGuide, renderConsoleSignIn } from "./server/sign-in-banner.js";
export type { ConsolePersona } from "./server/sign-in-banner.js";
export { BundleError } from "./server/bundle.js";
export { ConsoleError } from "./server/console-error.js";
export type { ConsoleEnvironment, Route, RouteContext, RouteResult } from "./server/route.js";
