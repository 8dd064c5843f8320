// A plan saved with `guardrail plan --out plan.json` and read back by `guardrail apply --plan`. The
// file is checked for shape here; whether it still fits the cloud is checkSavedPlan's question.
import { DeployError } from "./deploy-error.js";
import type { DeployPlan } from "./types.js";
import { PLAN_FORMAT } from "./types.js";

export function serializePlan(plan: DeployPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

export function parsePlanFile(text: string, file: string): DeployPlan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(file, `it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const plan = record(value);
  if (plan === undefined || plan["format"] !== PLAN_FORMAT) {
    throw invalid(file, `it is not an imageguard guardrail plan (no \`"format": "${PLAN_FORMAT}"\`)`);
  }
  if (plan["version"] !== 1) {
    throw invalid(
      file,
      `its version \`${String(plan["version"])}\` is not 1, the only one this imageguard reads`,
    );
  }
  const target = plan["target"];
  if (target !== "resource-directory" && target !== "ram")
    throw invalid(file, "`target` is missing or unknown");
  const where = record(plan["where"]);
  if (typeof where?.["accountId"] !== "string") throw invalid(file, "`where.accountId` is missing");
  const observe = record(plan["observe"]);
  if (
    observe?.["target"] !== target ||
    typeof observe["namePrefix"] !== "string" ||
    !Array.isArray(observe["policyNames"]) ||
    !Array.isArray(observe["scopes"])
  ) {
    throw invalid(file, "`observe` is missing or malformed");
  }
  if (typeof plan["observedDigest"] !== "string") throw invalid(file, "`observedDigest` is missing");
  const desired = record(plan["desired"]);
  if (
    desired?.["target"] !== target ||
    typeof desired["namePrefix"] !== "string" ||
    !Array.isArray(desired["policies"]) ||
    !Array.isArray(desired["attachments"]) ||
    !Array.isArray(desired["excluded"])
  ) {
    throw invalid(file, "`desired` is missing or malformed");
  }
  for (const name of [
    "policies",
    "attachments",
    "steps",
    "conflicts",
    "warnings",
    "foreign",
    "notes",
    "problems",
  ]) {
    if (!Array.isArray(plan[name])) throw invalid(file, `\`${name}\` is missing or not a list`);
  }
  if (typeof plan["ok"] !== "boolean") throw invalid(file, "`ok` is missing");
  return value as DeployPlan;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function invalid(file: string, why: string): DeployError {
  return new DeployError(
    "plan-file-invalid",
    `\`${file}\` cannot be read as a plan: ${why}`,
    "make the plan with `imageguard guardrail plan --out FILE` and pass that file unchanged",
  );
}
