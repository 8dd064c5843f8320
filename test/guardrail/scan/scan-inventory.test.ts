import { describe, expect, it } from "vitest";
import { scanInventory, scopesOfAccount, VERDICT_PRECEDENCE } from "../../../src/guardrail/index.js";
import type { InstanceVerdict, ScanInventory } from "../../../src/guardrail/index.js";
import {
  FACTORY,
  GOLDEN_TAGS,
  NOW,
  PAYMENTS,
  PLAYGROUND,
  STOREFRONT,
  account,
  exampleSpec,
  golden,
  instance,
  region,
  single,
  spec,
  systemImage,
} from "./fixtures.js";

const SPEC = exampleSpec();

function only(inventory: ScanInventory, s = SPEC): InstanceVerdict {
  const result = scanInventory(inventory, s, NOW);
  expect(result.instances).toHaveLength(1);
  return result.instances[0] as InstanceVerdict;
}

const reasons = (verdict: InstanceVerdict) => verdict.failures.map((failure) => failure.reason);

describe("scanInventory: one verdict per instance", () => {
  it("Given an instance on a golden image of the trusted factory, it is compliant with no failures", () => {
    const verdict = only(single([instance("i-web", "m-golden", "web-1")], [golden()]));
    expect(verdict).toMatchObject({
      key: `${STOREFRONT}/cn-hangzhou/i-web`,
      arn: `acs:ecs:cn-hangzhou:${STOREFRONT}:instance/i-web`,
      instanceName: "web-1",
      imageId: "m-golden",
      image: { tags: GOLDEN_TAGS, ownerId: FACTORY, source: "Others", status: "Available" },
      scopes: ["Root/Production"],
      mode: "enforce",
      verdict: "compliant",
      failures: [],
      expiredExemptions: [],
    });
  });

  it("Given the factory's image without the tags, the verdict is `missing-tag`, one failure per key", () => {
    const verdict = only(single([instance("i-1", "m-x")], [golden("m-x", { tags: { status: "approved" } })]));
    expect(verdict.verdict).toBe("missing-tag");
    expect(verdict.failures).toEqual([
      expect.objectContaining({ reason: "missing-tag", key: "security-level", allowed: ["trusted"] }),
    ]);
    expect(verdict.message).toBe("image lacks tag `security-level` (allowed: `trusted`)");
  });

  it("Given golden tags on another account's image, the verdict is `untrusted-owner`: tags prove nothing", () => {
    const verdict = only(
      single([instance("i-1", "m-forged")], [golden("m-forged", { ownerId: PLAYGROUND })]),
    );
    expect(verdict.verdict).toBe("untrusted-owner");
    expect(reasons(verdict)).toEqual(["untrusted-owner"]);
  });

  it("Given a tagged public image and no trusted owners, the verdict is `disallowed-source`", () => {
    const tagsOnly = exampleSpec(
      "",
      `  requiredTags: { status: [approved] }\n  allowedSources: [Self, Others]`,
    );
    const verdict = only(
      single([instance("i-1", "m-pub")], [{ ...systemImage("m-pub"), tags: { status: "approved" } }]),
      tagsOnly,
    );
    expect(verdict.verdict).toBe("disallowed-source");
  });

  it("Given an image older than maxImageAgeDays, the verdict is `too-old` with its age", () => {
    const verdict = only(
      single([instance("i-1", "m-old")], [golden("m-old", { createdAt: "2026-01-01T00:00:00Z" })]),
    );
    expect(verdict.verdict).toBe("too-old");
    expect(verdict.failures[0]).toMatchObject({ reason: "too-old", ageDays: 120, maxImageAgeDays: 90 });
  });

  it("Given a deprecated image, it stays compliant within the grace period and fails after it", () => {
    const within = golden("m-dep", { status: "Deprecated", deprecatedAt: "2026-04-21T00:00:00Z" });
    const after = golden("m-dep", { status: "Deprecated", deprecatedAt: "2026-04-10T00:00:00Z" });
    expect(only(single([instance("i-1", "m-dep")], [within])).verdict).toBe("compliant");
    expect(only(single([instance("i-1", "m-dep")], [after])).verdict).toBe("deprecated-past-grace");
  });

  it("Given a deprecated image whose deprecation time the cloud does not say, its grace is taken as over", () => {
    const verdict = only(single([instance("i-1", "m-dep")], [golden("m-dep", { status: "Deprecated" })]));
    expect(verdict.verdict).toBe("deprecated-past-grace");
  });

  it("Given an image DescribeImages no longer knows, the verdict is `image-deleted` and no image is shown", () => {
    const verdict = only(single([instance("i-1", "m-gone")], [{ state: "deleted", imageId: "m-gone" }]));
    expect(verdict.verdict).toBe("image-deleted");
    expect(verdict.image).toBeUndefined();
    expect(verdict.message).toBe("image `m-gone` no longer exists, so it cannot be shown to be golden");
  });

  it("Given an image missing from the inventory, or an instance with no image id, it fails closed as `image-deleted`", () => {
    const result = scanInventory(single([instance("i-1", "m-unlisted"), instance("i-2", "")], []), SPEC, NOW);
    expect(result.instances.map((verdict) => verdict.verdict)).toEqual(["image-deleted", "image-deleted"]);
  });
});

describe("scanInventory: precedence when several criteria fail", () => {
  it("Given an image failing every criterion, the most serious wins and every failure is kept in order", () => {
    const worst = {
      ...systemImage("m-worst"),
      status: "Deprecated",
      createdAt: "2025-01-01T00:00:00Z",
    };
    const verdict = only(single([instance("i-1", "m-worst")], [worst]));
    expect(verdict.verdict).toBe("untrusted-owner");
    expect(reasons(verdict)).toEqual([
      "untrusted-owner",
      "disallowed-source",
      "missing-tag",
      "missing-tag",
      "deprecated-past-grace",
      "too-old",
    ]);
  });

  it("Given each pair of failures, the verdict is the one earlier in VERDICT_PRECEDENCE", () => {
    // missing-tag beats age and deprecation; deprecation beats age.
    const cases: [Partial<Parameters<typeof golden>[1]>, string][] = [
      [{ tags: {}, createdAt: "2025-01-01T00:00:00Z" }, "missing-tag"],
      [{ tags: {}, status: "Deprecated" }, "missing-tag"],
      [{ status: "Deprecated", createdAt: "2025-01-01T00:00:00Z" }, "deprecated-past-grace"],
      [{ ownerId: PLAYGROUND, tags: {} }, "untrusted-owner"],
    ];
    for (const [overrides, expected] of cases) {
      expect(only(single([instance("i-1", "m-x")], [golden("m-x", overrides)])).verdict).toBe(expected);
    }
    expect(VERDICT_PRECEDENCE[0]).toBe("image-deleted");
  });
});

describe("scanInventory: exemptions", () => {
  const EXEMPTIONS = `  - { id: batch-node, scope: Root/Production, instance: i-batch, reason: retires in june, approver: sec@example.com, expiresAt: "2026-06-30" }
  - { id: old-node, instance: i-old, reason: was retiring, approver: sec@example.com, expiresAt: "2026-03-31" }
  - { id: dev-only, scope: Root/Development, account: "${STOREFRONT}", reason: r, approver: a, expiresAt: "2026-12-31" }
  - { id: vendor, image: m-vendor, reason: vendor appliance, approver: sec@example.com, expiresAt: "2026-09-30T18:00:00+08:00" }`;
  const S = exampleSpec(EXEMPTIONS);

  it("Given an active instance exemption, the verdict is `exempt` until the exemption ends, keeping the failure", () => {
    const verdict = only(single([instance("i-batch", "ubuntu")], [systemImage("ubuntu")]), S);
    expect(verdict.verdict).toBe("exempt");
    expect(verdict.exemption).toEqual({
      verdict: "untrusted-owner",
      until: "2026-07-01T00:00:00.000Z",
      expiresAt: "2026-06-30",
      exemptions: [
        {
          id: "batch-node",
          reason: "retires in june",
          approver: "sec@example.com",
          expiresAt: "2026-06-30",
          endsAt: "2026-07-01T00:00:00.000Z",
        },
      ],
    });
    expect(verdict.message).toMatch(/^exempt through 2026-06-30 by `batch-node`: image has no owner account/);
    expect(verdict.failures.length).toBeGreaterThan(0);
  });

  it("Given an image exemption, every instance running the image is exempt", () => {
    const result = scanInventory(
      single([instance("i-a", "m-vendor"), instance("i-b", "m-vendor")], [golden("m-vendor", { tags: {} })]),
      S,
      NOW,
    );
    expect(result.instances.map((verdict) => [verdict.verdict, verdict.exemption?.verdict])).toEqual([
      ["exempt", "missing-tag"],
      ["exempt", "missing-tag"],
    ]);
  });

  it("Given an expired exemption, the finding stands and is flagged as expired", () => {
    const verdict = only(single([instance("i-old", "ubuntu")], [systemImage("ubuntu")]), S);
    expect(verdict.verdict).toBe("untrusted-owner");
    expect(verdict.exemption).toBeUndefined();
    expect(verdict.expiredExemptions.map((ref) => ref.id)).toEqual(["old-node"]);
    expect(verdict.message).toMatch(/; exemption `old-node` has expired \(it held through 2026-03-31\)$/);
    const result = scanInventory(single([instance("i-old", "ubuntu")], [systemImage("ubuntu")]), S, NOW);
    expect(result.summary).toMatchObject({
      findings: 1,
      exempt: 0,
      expiredExemptions: 1,
      enforcedFindings: 1,
    });
  });

  it("Given the same exemption judged the day it ends, it no longer holds", () => {
    const inventory = single([instance("i-batch", "ubuntu")], [systemImage("ubuntu")]);
    expect(scanInventory(inventory, S, new Date("2026-06-30T23:59:59Z")).instances[0]?.verdict).toBe(
      "exempt",
    );
    expect(scanInventory(inventory, S, new Date("2026-07-01T00:00:00Z")).instances[0]?.verdict).toBe(
      "untrusted-owner",
    );
  });

  it("Given an exemption for another scope, it does not apply", () => {
    const verdict = only(single([instance("i-1", "ubuntu")], [systemImage("ubuntu")]), S);
    expect(verdict.verdict).toBe("untrusted-owner");
    expect(verdict.expiredExemptions).toEqual([]);
  });

  it("Given a compliant instance that an exemption covers, it is compliant and nothing is flagged", () => {
    const verdict = only(single([instance("i-old", "m-golden")], [golden()]), S);
    expect(verdict).toMatchObject({ verdict: "compliant", expiredExemptions: [] });
  });

  it("Given an image whose exemption tag names no exemption, the instance says so", () => {
    const tagged = golden("m-t", { tags: { ...GOLDEN_TAGS, "imageguard-exemption": "made-up" } });
    const verdict = only(single([instance("i-1", "m-t")], [tagged]), S);
    expect(verdict.verdict).toBe("compliant");
    expect(verdict.exemptionTag).toEqual({
      kind: "unknown-exemption",
      value: "made-up",
      message: "image's tag `imageguard-exemption: made-up` names no exemption of the spec",
    });
  });
});

describe("scanInventory: scopes, summary and completeness", () => {
  it("Given accounts in enforce, audit and no scope, findings count against enforce only", () => {
    const bad = systemImage("ubuntu");
    const result = scanInventory(
      {
        accounts: [
          account(PAYMENTS, "app-payments", "Production", [
            region("cn-hangzhou", [instance("i-p", "ubuntu")], [bad]),
          ]),
          account(PLAYGROUND, "dev-playground", "Development", [
            region("cn-hangzhou", [instance("i-d", "ubuntu"), instance("i-g", "m-golden")], [bad, golden()]),
          ]),
          account("1500000000000001", "management", "Root", [
            region("cn-hangzhou", [instance("i-m", "ubuntu")], [bad]),
          ]),
        ],
      },
      SPEC,
      NOW,
    );
    expect(result.instances.map((v) => [v.accountName, v.instanceId, v.mode, v.verdict])).toEqual([
      ["app-payments", "i-p", "enforce", "untrusted-owner"],
      ["dev-playground", "i-d", "audit", "untrusted-owner"],
      ["dev-playground", "i-g", "audit", "compliant"],
      ["management", "i-m", "unscoped", "untrusted-owner"],
    ]);
    expect(result.summary).toMatchObject({
      accounts: 3,
      regionsScanned: 3,
      instances: 4,
      compliant: 1,
      findings: 3,
      exempt: 0,
      enforcedFindings: 1,
    });
    expect(result.summary.byVerdict).toEqual({
      compliant: 1,
      "image-deleted": 0,
      "untrusted-owner": 3,
      "disallowed-source": 0,
      "missing-tag": 0,
      "deprecated-past-grace": 0,
      "too-old": 0,
      exempt: 0,
    });
    expect(result.summary.byAccount.map((a) => [a.name, a.mode, a.instances, a.findings])).toEqual([
      ["app-payments", "enforce", 1, 1],
      ["dev-playground", "audit", 2, 1],
      ["management", "unscoped", 1, 1],
    ]);
  });

  it("Given scopes by folder id, account id and a path ending in the account's name, each holds the account; enforce wins", () => {
    const s = spec(`version: 1
golden: { requiredTags: { status: approved } }
scopes:
  - { id: fd-production, mode: audit }
  - { id: "${PAYMENTS}", mode: audit }
  - { path: Root/Production/app-payments, mode: enforce }
  - { path: Root/Prod, mode: enforce }
`);
    const payments = account(PAYMENTS, "app-payments", "Production", []);
    const storefront = account(STOREFRONT, "app-storefront", "Production", []);
    expect(scopesOfAccount(s.scopes, payments)).toEqual({
      keys: ["fd-production", PAYMENTS, "Root/Production/app-payments"],
      mode: "enforce",
    });
    // `Root/Prod` is not a prefix of `Root/Production`: names are compared whole.
    expect(scopesOfAccount(s.scopes, storefront)).toEqual({ keys: ["fd-production"], mode: "audit" });
  });

  it("Given an account without a Resource Directory, only account scopes by id hold it", () => {
    const s = spec(`version: 1
golden: { requiredTags: { status: approved } }
scopes:
  - { path: Root, mode: enforce }
  - { id: "${STOREFRONT}", mode: audit }
`);
    expect(scopesOfAccount(s.scopes, { accountId: STOREFRONT, name: STOREFRONT, folders: [] })).toEqual({
      keys: [STOREFRONT],
      mode: "audit",
    });
  });

  it("Given a failed account and a failed region, they are incomplete and not listed as complete", () => {
    const result = scanInventory(
      {
        accounts: [
          {
            ...account(PAYMENTS, "app-payments", "Production", []),
            error: { code: "NoPermission", message: "denied" },
          },
          account(STOREFRONT, "app-storefront", "Production", [
            region("cn-hangzhou", [instance("i-1", "m-golden")], [golden()]),
            {
              regionId: "cn-shanghai",
              error: { code: "Throttling.User", message: "too many" },
              instances: [],
              images: [],
            },
          ]),
        ],
      },
      SPEC,
      NOW,
    );
    expect(result.complete).toEqual([{ accountId: STOREFRONT, regionId: "cn-hangzhou" }]);
    expect(result.incomplete).toEqual([
      {
        accountId: PAYMENTS,
        accountName: "app-payments",
        error: { code: "NoPermission", message: "denied" },
      },
      {
        accountId: STOREFRONT,
        accountName: "app-storefront",
        regionId: "cn-shanghai",
        error: { code: "Throttling.User", message: "too many" },
      },
    ]);
    expect(result.summary.regionsScanned).toBe(1);
  });
});
