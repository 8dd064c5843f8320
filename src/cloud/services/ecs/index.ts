import type { ActionHandler } from "../handler.js";
import { imageHandlers } from "./image-handlers.js";
import { instanceHandlers } from "./instance-handlers.js";

export const ecsHandlers: readonly ActionHandler[] = [...imageHandlers, ...instanceHandlers];
