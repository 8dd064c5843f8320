// The pure helpers of the Instances page, for their tests (pages import the files).
export { judgeImage, VERDICT_LABELS } from "./compliance.js";
export type { BadgeVerdict, Compliance, GoldenCriteriaView } from "./compliance.js";
export { describeInstancesParams, readInstancesPage } from "./instance-row.js";
export type { InstanceRow, InstancesQuery } from "./instance-row.js";
