// The spec `serve --seed demo` writes next to the demo organisation: the organisation's real ids,
// valid for the guardrail's own parser without a warning until past 2027, and never overwritten.
import { mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoOrganisation } from "../../../src/cloud/seed/index.js";
import { readSeedState } from "../../../src/cloud/seed/index.js";
import { parseGuardrailSpec } from "../../../src/guardrail/index.js";
import { startTestCloud } from "../../cloud/harness.js";
import { accountId } from "./fixtures.js";

let dataDir: string;
let org: DemoOrganisation;
const file = () => join(dataDir, "imageguard.yaml");

async function restart(): Promise<void> {
  const cloud = await startTestCloud({ dataDir, seed: "demo" });
  await cloud.close();
}

beforeAll(async () => {
  dataDir = join(await mkdtemp(join(tmpdir(), "imageguard-demo-spec-")), ".imageguard");
  await restart();
  const state = await readSeedState(dataDir);
  if (state?.state !== "complete") throw new Error("the demo seed did not complete");
  org = state.organisation;
}, 60_000);

afterAll(async () => {
  await rm(join(dataDir, ".."), { recursive: true, force: true });
});

describe("<dataDir>/imageguard.yaml of the demo seed", () => {
  it("Given the seeded organisation, the spec parses with no problem at all, now and on 2027-12-31", async () => {
    const text = await readFile(file(), "utf8");
    for (const now of [new Date(), new Date("2027-12-31T23:59:59Z")]) {
      const result = parseGuardrailSpec(text, { now });
      expect(result.problems).toEqual([]);
      expect(result.ok).toBe(true);
    }
  });

  it("Given the organisation's ids, it trusts the image factory, enforces Production, audits Development, and exempts batch-1 until 2027-12-31", async () => {
    const result = parseGuardrailSpec(await readFile(file(), "utf8"));
    if (!result.ok) throw new Error("invalid");
    const spec = result.spec;
    const factory = accountId(org, "image-factory");
    expect(spec.golden.trustedOwners).toEqual([factory]);
    expect(spec.golden.requiredTags.map((tag) => [tag.key, tag.values])).toEqual([
      ["status", ["approved"]],
      ["security-level", ["trusted"]],
      ["environment", ["production"]],
    ]);
    expect(spec.scopes.map((scope) => [scope.key, scope.mode])).toEqual([
      ["Root/Production", "enforce"],
      ["Root/Development", "audit"],
    ]);
    expect(spec.pipeline.roles.map((role) => role.principalPattern)).toEqual([
      `acs:ram:*:${factory}:role/resourcedirectoryaccountaccessrole`,
    ]);
    expect(spec.breakGlass.roles.map((role) => role.roleName)).toEqual(["break-glass-admin"]);
    const batch = org.instances.find((instance) => instance.name === "batch-1");
    expect(spec.exemptions.map((exemption) => [exemption.target, exemption.expiresAt])).toEqual([
      [{ kind: "instance", instanceId: batch?.instanceId }, "2027-12-31"],
    ]);
  });

  it("When the user edits it, a restart leaves it alone; when it is removed, a restart writes it again", async () => {
    await writeFile(file(), "# mine\n");
    await restart();
    expect(await readFile(file(), "utf8")).toBe("# mine\n");
    await unlink(file());
    await restart();
    expect(await readFile(file(), "utf8")).toContain(`trustedOwners: ["${accountId(org, "image-factory")}"]`);
  });
});
