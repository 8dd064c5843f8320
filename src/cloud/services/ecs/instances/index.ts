// What tests reach directly: the launch's address allocator (the handlers themselves register
// through ../instance-handlers.ts).
export { freePrivateAddresses } from "./addresses.js";
