import type { ControlPolicyType } from "../../model/index.js";
import { declareHandler } from "../declared-parameters.js";
import { attachmentCount } from "./control-policy-lookup.js";
import { managedDirectory } from "./directory.js";
import { invalidRdParameter } from "./errors.js";
import { readLanguage } from "./names.js";
import { pageFields, readPaging } from "./paging.js";
import { controlPolicyView } from "./render.js";

// System and custom control policies, in name order; PolicyType narrows to one kind.

function readPolicyType(value: string | undefined): ControlPolicyType | undefined {
  if (value === undefined || value === "") return undefined;
  if (value === "System" || value === "Custom") return value;
  throw invalidRdParameter(
    "PolicyType",
    `The PolicyType is invalid: \`${value}\`. Valid values: System, Custom.`,
  );
}

export const listControlPolicies = declareHandler({
  product: "resourcemanager",
  action: "ListControlPolicies",
  access: "read",
  parameters: { accepted: ["Language", "PageNumber", "PageSize", "PolicyType"] },
  async handle(ctx) {
    const policyType = readPolicyType(ctx.params.optStr("PolicyType"));
    const language = readLanguage(ctx.params);
    const paging = readPaging(ctx.params);
    await managedDirectory(ctx);
    const page = await ctx.store.controlPolicies.list(policyType === undefined ? {} : { policyType }, paging);
    const items: Record<string, unknown>[] = [];
    for (const policy of page.items) {
      items.push(controlPolicyView(policy, await attachmentCount(ctx.store, policy.policyId), language));
    }
    return { ControlPolicies: { ControlPolicy: items }, ...pageFields(page) };
  },
});
