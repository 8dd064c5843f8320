// The local Alibaba Cloud: start one on a data directory, reach it with the official SDKs.
export { startCloud } from "./cloud.js";
export type { Mount, MountFactory, RunningCloud, SeedName, StartCloudOptions } from "./cloud.js";
export {
  addCredentialsProfile,
  readCredentialsFile,
  CloudSetupError,
  dataDirLayout,
  decodeDiagnostic,
  encodeDiagnostic,
  exportTrail,
  parseTimeBound,
  DEFAULT_REGION_ID,
} from "./runtime/index.js";
export type {
  AliyunConfig,
  CredentialsProfile,
  DiagnosticMessage,
  ManagementAccount,
  TrailExportOptions,
} from "./runtime/index.js";
