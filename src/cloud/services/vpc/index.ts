import type { ActionHandler } from "../handler.js";
import { createVpc } from "./create-vpc.js";
import { createVSwitch } from "./create-vswitch.js";
import { describeVpcs } from "./describe-vpcs.js";
import { describeVSwitches } from "./describe-vswitches.js";

// VPC (2016-04-28): one handler per API action.
export const vpcHandlers: readonly ActionHandler[] = [
  describeVpcs,
  describeVSwitches,
  createVpc,
  createVSwitch,
];

export { ensureDefaultNetwork, isDefaultSecurityGroup } from "./defaults.js";
export type { DefaultNetwork } from "./defaults.js";
