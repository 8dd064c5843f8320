// Reading a saved plan file. Only its shape is checked here; whether it may still be applied is
// decided by planning again (check-saved-plan.ts), which catches an edited plan as surely as an old one.
import { REMEDIATION_PLAN_FORMAT, type RemediationPlan } from "./types.js";

export type ReadRemediationPlanResult =
  | { readonly ok: true; readonly plan: RemediationPlan }
  | { readonly ok: false; readonly message: string; readonly help: string };

const STEP_KINDS = ["stop-instance", "replace-system-disk", "start-instance", "delete-instance", "tag-image"];

export function readRemediationPlan(text: string): ReadRemediationPlanResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `the plan is not JSON: ${error instanceof Error ? error.message : String(error)}`,
      help: "give a file written by `imageguard remediate --out FILE`",
    };
  }
  const fail = (where: string, what: string): ReadRemediationPlanResult => ({
    ok: false,
    message: `the plan's ${where} ${what}`,
    help: "give a file written by `imageguard remediate --out FILE`, unedited; plan again if in doubt",
  });
  if (!isRecord(data)) return fail("top level", "is not an object");
  if (data["format"] !== REMEDIATION_PLAN_FORMAT)
    return fail("`format`", `is not \`${REMEDIATION_PLAN_FORMAT}\``);
  if (data["version"] !== 1) return fail("`version`", "is not 1 (this imageguard reads version 1)");
  for (const field of ["createdAt", "strategy"]) {
    if (typeof data[field] !== "string") return fail(`\`${field}\``, "is not a string");
  }
  if (!isRecord(data["selection"]) || !Array.isArray(data["selection"]["approveImages"])) {
    return fail("`selection`", "is not a selection");
  }
  if (!Array.isArray(data["problems"])) return fail("`problems`", "is not a list");
  const items = data["items"];
  if (!Array.isArray(items)) return fail("`items`", "is not a list");
  for (const [i, item] of items.entries()) {
    if (!isRecord(item)) return fail(`items[${i}]`, "is not an object");
    for (const field of ["key", "accountId", "regionId", "instanceId", "status", "imageId"]) {
      if (typeof item[field] !== "string") return fail(`items[${i}].${field}`, "is not a string");
    }
    if (!Array.isArray(item["steps"]) || !Array.isArray(item["scopes"])) {
      return fail(`items[${i}]`, "lacks its steps or scopes");
    }
    for (const [j, step] of item["steps"].entries()) {
      if (!isRecord(step) || !STEP_KINDS.includes(String(step["kind"])) || !isRecord(step["params"])) {
        return fail(`items[${i}].steps[${j}]`, "is not a step imageguard knows");
      }
    }
  }
  return { ok: true, plan: data as unknown as RemediationPlan };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
