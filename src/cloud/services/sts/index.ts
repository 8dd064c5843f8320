import type { DeclaredHandler } from "../declared-parameters.js";
import { assumeRole } from "./assume-role.js";
import { getCallerIdentity } from "./get-caller-identity.js";

// STS (2015-04-01): one handler per API action.
export const stsHandlers: readonly DeclaredHandler[] = [assumeRole, getCallerIdentity];
