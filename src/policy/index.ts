// The RAM policy language, pure: parse → validate → compile → evaluate → explain; lint.
// This file is the module's only public surface.
export type * from "./types.js";
