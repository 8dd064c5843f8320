// What the instance handlers build on and tests reach directly: the launch's address allocator and
// vCPU quota (the handlers themselves register through ../instance-handlers.ts).
export { freePrivateAddresses, newPublicAddresses } from "./addresses.js";
export { VCPU_QUOTA_PER_REGION, capacityFor } from "./capacity.js";
export type { Capacity } from "./capacity.js";
