// Loading and saving policies through the cloud's API as the signed-in user: RAM policies
// (ListPolicies, GetPolicy, CreatePolicyVersion) and Resource Directory control policies
// (ListControlPolicies, GetControlPolicy, UpdateControlPolicy). The console never decides who may
// do this: RAM does, and a refusal comes back explained.
import type { PolicyKind } from "../../../../policy/index.js";
import { api } from "../../lib/api.js";
import { listOf } from "../../lib/format.js";

export type PolicySource = "ram" | "control";

export interface PolicyEntry {
  readonly source: PolicySource;
  readonly name: string;
  /** Control policies: `cp-…`. */
  readonly id?: string;
  readonly policyType: "System" | "Custom";
  readonly description: string;
  /** RAM policies: the default version. */
  readonly version?: string;
}

export interface LoadedPolicy extends PolicyEntry {
  /** The document as the cloud returned it. */
  readonly document: string;
}

export const SOURCE_KIND: Readonly<Record<PolicySource, PolicyKind>> = { ram: "ram", control: "control" };

const text = (record: Record<string, unknown>, name: string): string =>
  typeof record[name] === "string" ? (record[name] as string) : "";

const policyType = (value: string): "System" | "Custom" => (value === "System" ? "System" : "Custom");

export async function listPolicies(source: PolicySource): Promise<PolicyEntry[]> {
  const entries: PolicyEntry[] = [];
  if (source === "ram") {
    let marker: string | undefined;
    do {
      const body = await api.call<Record<string, unknown>>("Ram", "ListPolicies", {
        MaxItems: 100,
        ...(marker === undefined ? {} : { Marker: marker }),
      });
      for (const item of listOf<Record<string, unknown>>(body["Policies"], "Policy")) {
        entries.push({
          source,
          name: text(item, "PolicyName"),
          policyType: policyType(text(item, "PolicyType")),
          description: text(item, "Description"),
          version: text(item, "DefaultVersion"),
        });
      }
      marker = body["IsTruncated"] === true ? text(body, "Marker") : undefined;
    } while (marker !== undefined && marker !== "");
  } else {
    for (let page = 1; ; page++) {
      const body = await api.call<Record<string, unknown>>("ResourceManager", "ListControlPolicies", {
        PageNumber: page,
        PageSize: 100,
        Language: "en",
      });
      const batch = listOf<Record<string, unknown>>(body["ControlPolicies"], "ControlPolicy");
      for (const item of batch) {
        entries.push({
          source,
          name: text(item, "PolicyName"),
          id: text(item, "PolicyId"),
          policyType: policyType(text(item, "PolicyType")),
          description: text(item, "Description"),
        });
      }
      if (batch.length === 0 || entries.length >= Number(body["TotalCount"] ?? entries.length)) break;
    }
  }
  // Custom first: those are the ones that can be edited and saved.
  return entries.sort((a, b) =>
    a.policyType === b.policyType ? a.name.localeCompare(b.name) : a.policyType === "Custom" ? -1 : 1,
  );
}

export async function loadPolicy(entry: PolicyEntry): Promise<LoadedPolicy> {
  if (entry.source === "ram") {
    const body = await api.call<Record<string, unknown>>("Ram", "GetPolicy", {
      PolicyName: entry.name,
      PolicyType: entry.policyType,
    });
    const version = (body["DefaultPolicyVersion"] ?? {}) as Record<string, unknown>;
    return { ...entry, version: text(version, "VersionId"), document: text(version, "PolicyDocument") };
  }
  const body = await api.call<Record<string, unknown>>("ResourceManager", "GetControlPolicy", {
    PolicyId: entry.id ?? "",
  });
  const policy = (body["ControlPolicy"] ?? {}) as Record<string, unknown>;
  return { ...entry, document: text(policy, "PolicyDocument") };
}

/** Saves `document` as the policy's new default version (RAM) or its new document (control); says what happened. */
export async function savePolicy(
  policy: LoadedPolicy,
  document: string,
  options: { readonly rotate: boolean },
): Promise<{ readonly message: string; readonly version?: string }> {
  if (policy.source === "ram") {
    const body = await api.call<Record<string, unknown>>("Ram", "CreatePolicyVersion", {
      PolicyName: policy.name,
      PolicyDocument: document,
      SetAsDefault: true,
      ...(options.rotate ? { RotateStrategy: "DeleteOldestNonDefaultVersionWhenLimitExceeded" } : {}),
    });
    const version = text((body["PolicyVersion"] ?? {}) as Record<string, unknown>, "VersionId");
    return { message: `Saved ${policy.name} as version ${version}, now its default version.`, version };
  }
  await api.call("ResourceManager", "UpdateControlPolicy", {
    PolicyId: policy.id ?? "",
    NewPolicyDocument: document,
  });
  return {
    message: `Saved ${policy.name}: the new document applies at once wherever the policy is attached.`,
  };
}

/** The document indented two spaces per level; undefined when it is not JSON. */
export function formatDocument(document: string): string | undefined {
  try {
    return `${JSON.stringify(JSON.parse(document), null, 2)}\n`;
  } catch {
    return undefined;
  }
}
