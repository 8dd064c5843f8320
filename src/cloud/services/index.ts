import type { ActionHandler } from "./handler.js";
import { ecsHandlers } from "./ecs/index.js";
import { vpcHandlers } from "./vpc/index.js";
import { ramHandlers } from "./ram/index.js";
import { stsHandlers } from "./sts/index.js";
import { resourceManagerHandlers } from "./resource-manager/index.js";
import { tagHandlers } from "./tag/index.js";
import { actionTrailHandlers } from "./actiontrail/index.js";

// Every API action the local cloud serves: one handler per action, registered by product.
export const allHandlers: readonly ActionHandler[] = [
  ...ecsHandlers,
  ...vpcHandlers,
  ...ramHandlers,
  ...stsHandlers,
  ...resourceManagerHandlers,
  ...tagHandlers,
  ...actionTrailHandlers,
];

export type { ActionHandler, CallContext, Caller, ResponseBody } from "./handler.js";
