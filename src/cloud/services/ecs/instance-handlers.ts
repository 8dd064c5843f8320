import type { ActionHandler } from "../handler.js";
import { createInstance } from "./instances/create-instance.js";
import { deleteInstance } from "./instances/delete-instance.js";
import { describeInstances } from "./instances/describe-instances.js";
import { replaceSystemDisk } from "./instances/replace-system-disk.js";
import { runInstances } from "./instances/run-instances.js";
import { startInstance } from "./instances/start-instance.js";
import { stopInstance } from "./instances/stop-instance.js";
import { describeInstanceTypes } from "./regions/describe-instance-types.js";
import { describeRegions } from "./regions/describe-regions.js";
import { describeZones } from "./regions/describe-zones.js";
import { createSecurityGroup } from "./security-groups/create-security-group.js";
import { deleteSecurityGroup } from "./security-groups/delete-security-group.js";
import { describeSecurityGroups } from "./security-groups/describe-security-groups.js";

// ECS instances, their regions, zones and types, and security groups: one handler per API action.
export const instanceHandlers: readonly ActionHandler[] = [
  describeRegions,
  describeZones,
  describeInstanceTypes,
  runInstances,
  createInstance,
  describeInstances,
  startInstance,
  stopInstance,
  deleteInstance,
  replaceSystemDisk,
  createSecurityGroup,
  describeSecurityGroups,
  deleteSecurityGroup,
];
