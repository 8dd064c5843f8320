// Data the local cloud can start with: `imageguard serve --seed demo` (see demo.ts).
export { seedDemo } from "./demo.js";
export type { DemoSeedResult, SeedDemoOptions } from "./demo.js";
export { DEMO_COPY_REGION, DEMO_REGION, GOLDEN_TAGS } from "./demo-organisation.js";
export type {
  DemoAccount,
  DemoControlPolicy,
  DemoFolder,
  DemoImage,
  DemoImageKind,
  DemoInstance,
  DemoOrganisation,
  DemoPersona,
} from "./demo-organisation.js";
export { GUARDRAIL_CONTROL_POLICY_DOCUMENT, SEED_POLICY_DOCUMENT } from "./demo-policies.js";
export { DEMO_POLICIES_DIR, DEMO_POLICY_FILES } from "./policy-files.js";
export { SEED_STATE_FILE, readSeedState, seedStateFile } from "./seed-state.js";
export type { SeedState } from "./seed-state.js";
