import type { DeclaredHandler } from "../declared-parameters.js";
import { lookupEvents } from "./lookup-events.js";

// ActionTrail (2020-07-06): one handler per API action.
export const actionTrailHandlers: readonly DeclaredHandler[] = [lookupEvents];
