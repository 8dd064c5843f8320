// The system policies the cloud seeds at startup: every document validates as a RAM policy, seeding
// is idempotent, and a definition that changes becomes the policy's new default version.
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parsePolicy } from "../../../src/policy/index.js";
import { SYSTEM_POLICIES, ensureSystemPolicies } from "../../../src/cloud/services/ram/index.js";
import { openSqliteStore, type Store } from "../../../src/cloud/store/index.js";

let store: Store;
beforeEach(async () => {
  store = await openSqliteStore({ file: ":memory:", masterKey: randomBytes(32) });
});
afterEach(() => store.close());

const NOW = new Date("2026-01-02T03:04:05.000Z");

describe("system policies", () => {
  it.each(SYSTEM_POLICIES.map((definition) => [definition.name, definition] as const))(
    "%s validates as a RAM policy",
    (_name, definition) => {
      const parsed = parsePolicy(definition.document, "ram");

      expect(parsed.ok).toBe(true);
      expect(parsed.problems.filter((p) => p.severity === "error")).toEqual([]);
    },
  );

  it("includes the policies the local cloud's services are granted with", () => {
    expect(SYSTEM_POLICIES.map((d) => d.name)).toEqual(
      expect.arrayContaining([
        "AdministratorAccess",
        "ReadOnlyAccess",
        "AliyunECSFullAccess",
        "AliyunECSReadOnlyAccess",
        "AliyunVPCFullAccess",
        "AliyunVPCReadOnlyAccess",
        "AliyunRAMFullAccess",
        "AliyunRAMReadOnlyAccess",
        "AliyunSTSAssumeRoleAccess",
        "AliyunResourceDirectoryFullAccess",
      ]),
    );
  });

  it("seeds every policy once, as version v1 of a System policy", async () => {
    const first = await store.transaction((tx) => ensureSystemPolicies(tx, NOW));
    const second = await store.transaction((tx) => ensureSystemPolicies(tx, NOW));

    const admin = await store.ram.policies.get({ policyType: "System", policyName: "AdministratorAccess" });
    const version = await store.ram.policies.getDefaultVersion({
      policyType: "System",
      policyName: "AdministratorAccess",
    });
    expect(first).toHaveLength(SYSTEM_POLICIES.length);
    expect(second).toEqual([]);
    expect(admin).toMatchObject({ policyType: "System", defaultVersion: "v1", createdAt: NOW.toISOString() });
    expect(JSON.parse(version?.document ?? "{}")).toEqual({
      Version: "1",
      Statement: [{ Action: "*", Resource: "*", Effect: "Allow" }],
    });
  });

  it("replaces a stored document that no longer matches the definition with a new default version", async () => {
    const ref = { policyType: "System", policyName: "AliyunECSReadOnlyAccess" } as const;
    await store.ram.policies.insert({
      ...ref,
      document: '{"Version":"1","Statement":[]}',
      createdAt: NOW.toISOString(),
    });

    const changed = await store.transaction((tx) => ensureSystemPolicies(tx, NOW));

    const current = await store.ram.policies.getDefaultVersion(ref);
    expect(changed).toContain("AliyunECSReadOnlyAccess");
    expect(current?.versionId).toBe("v2");
    expect(current?.document).toBe(SYSTEM_POLICIES.find((d) => d.name === ref.policyName)?.document);
  });
});
