// GET /console/api/golden-criteria: the guardrail spec's golden criteria for the cloud pages, or,
// without a usable spec, the reason (the pages then use their own golden-tags setting).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsoleCloud, type ConsoleTestCloud } from "./harness.js";

const SPEC = `version: 1
golden:
  requiredTags:
    status: [approved]
    tier: [gold, platinum]
  trustedOwners: ["1200000000000001"]
  allowedSources: [Self, Others]
  maxImageAgeDays: 90
  deprecationGraceDays: 14
scopes:
  - path: Root/Production
    mode: enforce
`;

let dir: string;
let withSpec: ConsoleTestCloud;
let withoutSpec: ConsoleTestCloud;
let broken: ConsoleTestCloud;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "imageguard-golden-"));
  await writeFile(join(dir, "good.yaml"), SPEC);
  await writeFile(join(dir, "broken.yaml"), "version: 1\ngolden: {}\n");
  withSpec = await startConsoleCloud({ console: { specFile: join(dir, "good.yaml") } });
  withoutSpec = await startConsoleCloud();
  broken = await startConsoleCloud({ console: { specFile: join(dir, "broken.yaml") } });
});

afterAll(async () => {
  await Promise.all([withSpec?.close(), withoutSpec?.close(), broken?.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe("GET /console/api/golden-criteria", () => {
  it("answers the spec's criteria to a signed-in user", async () => {
    const user = await withSpec.signIn(withSpec.t.root);
    const response = await user.get("/golden-criteria");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      source: "spec",
      specFile: join(dir, "good.yaml"),
      requiredTags: [
        { key: "status", values: ["approved"] },
        { key: "tier", values: ["gold", "platinum"] },
      ],
      trustedOwners: ["1200000000000001"],
      allowedSources: ["Self", "Others"],
      maxImageAgeDays: 90,
      deprecationGraceDays: 14,
    });
  });

  it("says why there are no criteria when the data directory holds no spec", async () => {
    const user = await withoutSpec.signIn(withoutSpec.t.root);
    const body = (await (await user.get("/golden-criteria")).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      source: "none",
      specFile: join(withoutSpec.t.cloud.dataDir, "imageguard.yaml"),
      reason: { code: "GuardrailSpecMissing" },
    });
    expect(body).not.toHaveProperty("requiredTags");
  });

  it("says the spec is invalid rather than guessing from it", async () => {
    const user = await broken.signIn(broken.t.root);
    const body = (await (await user.get("/golden-criteria")).json()) as {
      source: string;
      reason: { code: string; help: string };
    };
    expect(body.source).toBe("none");
    expect(body.reason.code).toBe("GuardrailSpecInvalid");
    expect(body.reason.help).toContain("imageguard guardrail validate");
  });

  it("answers nobody who is not signed in", async () => {
    const response = await withSpec.anonymous().get("/golden-criteria");
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("NotSignedIn");
  });
});
