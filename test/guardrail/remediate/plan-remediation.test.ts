// The planner on its own: findings and facts in, a plan out. Pure, so every rule is pinned here
// with facts written as data; the same rules run against a real local cloud in the e2e tests.
import { describe, expect, it } from "vitest";
import {
  checkSavedRemediationPlan,
  explainRemediationFailure,
  readRemediationPlan,
  remediationTargetsOfPlan,
  renderRemediationPlan,
  renderRemediationRun,
} from "../../../src/guardrail/index.js";
import type {
  PlaceFacts,
  RemediationPlan,
  RemediationRun,
  RemediationSelection,
  RemediationStepRecord,
} from "../../../src/guardrail/index.js";
import {
  FACTORY,
  PLAYGROUND,
  PUBLIC_UBUNTU,
  REGION,
  STOREFRONT,
  exampleSpec,
  goldenImage,
  place,
  plan,
  publicUbuntu,
  running,
  target,
  spec,
} from "./fixtures.js";
import { DEFAULT_GOLDEN } from "../scan/fixtures.js";

/** A step as an editor would write one by hand. */
function stopStepLike(where: { accountId: string; regionId: string; instanceId: string }, action: string) {
  return {
    action,
    accountId: where.accountId,
    regionId: where.regionId,
    params: { RegionId: where.regionId, InstanceId: where.instanceId },
    preconditions: [],
    risks: [],
    summary: action,
  };
}

const only = (p: RemediationPlan) => {
  expect(p.items).toHaveLength(1);
  return p.items[0] as RemediationPlan["items"][number];
};

describe("replace-disk, the automatic choice for an image that is not ours", () => {
  const candidates = [
    goldenImage("m-golden-old", { createdAt: "2026-03-01T00:00:00Z" }),
    goldenImage("m-golden-new", { createdAt: "2026-04-20T00:00:00Z" }),
    // Newer, but each disqualified: another OS, another architecture, not golden, deprecated.
    goldenImage("m-debian", { createdAt: "2026-04-25T00:00:00Z", osName: "Debian  12.6 64 bit" }),
    goldenImage("m-arm", { createdAt: "2026-04-25T00:00:00Z", architecture: "arm64" }),
    goldenImage("m-untagged", { createdAt: "2026-04-25T00:00:00Z", tags: {} }),
    goldenImage("m-stranger", { createdAt: "2026-04-25T00:00:00Z", ownerId: PLAYGROUND }),
    goldenImage("m-deprecated", { createdAt: "2026-04-26T00:00:00Z", status: "Deprecated" }),
  ];

  it("Given a Running instance on a public image, it stops, replaces with the newest golden image of its family, starts", () => {
    const item = only(plan([target("i-web")], [place([running("i-web")], [publicUbuntu()], candidates)]));
    expect(item).toMatchObject({
      status: "planned",
      strategy: "replace-disk",
      verdict: "untrusted-owner",
      targetImage: { imageId: "m-golden-new", ownerId: FACTORY, source: "Others" },
      family: { os: "Ubuntu 22.04 64 bit", architecture: "x86_64" },
      observed: { instanceStatus: "Running", imageId: PUBLIC_UBUNTU },
    });
    expect(item.steps.map((step) => [step.action, step.params])).toEqual([
      ["StopInstance", { RegionId: REGION, InstanceId: "i-web", StoppedMode: "KeepCharging" }],
      ["ReplaceSystemDisk", { RegionId: REGION, InstanceId: "i-web", ImageId: "m-golden-new" }],
      ["StartInstance", { RegionId: REGION, InstanceId: "i-web" }],
    ]);
    expect(item.steps.every((step) => step.accountId === STOREFRONT)).toBe(true);
    expect(item.steps[1]?.risks).toEqual([
      expect.objectContaining({
        level: "data-loss",
        message: expect.stringContaining("everything on the system disk of `i-web` is lost"),
      }),
    ]);
  });

  it("Given a Stopped instance, only the disk is replaced: it stays Stopped", () => {
    const item = only(
      plan(
        [target("i-web")],
        [place([running("i-web", PUBLIC_UBUNTU, "Stopped")], [publicUbuntu()], candidates)],
      ),
    );
    expect(item.steps.map((step) => step.action)).toEqual(["ReplaceSystemDisk"]);
    expect(item.reason).toContain("the instance was Stopped and stays Stopped");
  });

  it("Given no golden image of the family, the finding is blocked and the plan says what to do", () => {
    const centos = { ...publicUbuntu(), imageId: "centos_7_9", osName: "CentOS  7.9 64 bit" };
    const item = only(
      plan(
        [target("i-old", { imageId: "centos_7_9" })],
        [place([running("i-old", "centos_7_9")], [centos], candidates)],
      ),
    );
    expect(item).toMatchObject({
      status: "blocked",
      strategy: "replace-disk",
      reason: "blocked: no golden image of family CentOS 7.9 64 bit (x86_64) in region cn-hangzhou",
      steps: [],
    });
    expect(item.help).toContain("build a golden image of CentOS 7.9 64 bit (x86_64)");
    expect(item.help).toContain("--strategy stop");
  });

  it("Given an image that is gone, the family comes from what the instance reports", () => {
    const orphan = { ...running("i-orphan", "m-gone"), architecture: "x86_64" };
    const facts: PlaceFacts = {
      ...place([orphan], [], candidates),
      images: [{ state: "deleted", imageId: "m-gone" }],
    };
    const item = only(plan([target("i-orphan", { imageId: "m-gone", verdict: "image-deleted" })], [facts]));
    expect(item).toMatchObject({
      verdict: "image-deleted",
      status: "planned",
      targetImage: { imageId: "m-golden-new" },
    });

    const unknown = { ...facts, instances: [{ ...orphan, osName: "" }] };
    expect(only(plan([target("i-orphan", { imageId: "m-gone" })], [unknown]))).toMatchObject({
      status: "blocked",
      reason: expect.stringContaining("reports no OS name, so its OS family cannot be told"),
    });
  });

  it("Given an instance in transition, nothing is planned until it is Running or Stopped", () => {
    const item = only(
      plan(
        [target("i-web")],
        [place([running("i-web", PUBLIC_UBUNTU, "Stopping")], [publicUbuntu()], candidates)],
      ),
    );
    expect(item).toMatchObject({
      status: "blocked",
      reason: "the instance is `Stopping`, neither Running nor Stopped",
    });
  });

  it("Given an account that could not be read, its findings are blocked with the error and its help", () => {
    const failed: PlaceFacts = {
      ...place([], [], []),
      error: {
        code: "NoPermission",
        message: "sts AssumeRole failed with `NoPermission`",
        help: "check the role",
      },
    };
    expect(only(plan([target("i-web")], [failed]))).toMatchObject({
      status: "blocked",
      reason: `account \`${STOREFRONT}\` in \`cn-hangzhou\` could not be read: sts AssumeRole failed with \`NoPermission\``,
      help: "check the role",
    });
  });

  it("Given the instance is gone or now golden, there is nothing to do, and a changed image is noted", () => {
    expect(only(plan([target("i-web")], [place([], [], candidates)]))).toMatchObject({
      status: "nothing-to-do",
      reason: "the instance no longer exists; the next scan resolves the finding",
    });
    const now = only(
      plan(
        [target("i-web")],
        [place([running("i-web", "m-golden-new")], [goldenImage("m-golden-new")], candidates)],
      ),
    );
    expect(now).toMatchObject({ status: "nothing-to-do", verdict: "compliant" });
    expect(now.drift).toBe(`the scan saw image \`${PUBLIC_UBUNTU}\`; the instance now runs \`m-golden-new\``);
  });
});

describe("stop and release, only when asked for", () => {
  const facts = [place([running("i-web")], [publicUbuntu()], [goldenImage("m-golden")])];

  it("Given --strategy stop, a Running instance is stopped; a Stopped one needs nothing, and its finding stays open", () => {
    expect(only(plan([target("i-web")], facts, { strategy: "stop" })).steps.map((s) => s.action)).toEqual([
      "StopInstance",
    ]);
    const stopped = [place([running("i-web", PUBLIC_UBUNTU, "Stopped")], [publicUbuntu()], [])];
    expect(only(plan([target("i-web")], stopped, { strategy: "stop" }))).toMatchObject({
      status: "nothing-to-do",
      strategy: "stop",
      reason: expect.stringContaining("already Stopped; the finding stays open"),
    });
  });

  it("Given --strategy release, the instance is stopped first, then released, and the step says it cannot be undone", () => {
    const item = only(plan([target("i-web")], facts, { strategy: "release" }));
    expect(item.steps.map((s) => s.action)).toEqual(["StopInstance", "DeleteInstance"]);
    expect(item.steps[1]?.risks[0]).toMatchObject({ level: "irreversible" });
    const stopped = [place([running("i-web", PUBLIC_UBUNTU, "Stopped")], [publicUbuntu()], [])];
    expect(
      only(plan([target("i-web")], stopped, { strategy: "release" })).steps.map((s) => s.action),
    ).toEqual(["DeleteInstance"]);
  });

  it("auto never releases, whatever the verdict", () => {
    for (const verdict of ["image-deleted", "untrusted-owner", "too-old", "deprecated-past-grace"] as const) {
      const item = only(plan([target("i-web", { verdict })], facts));
      expect(
        item.steps.some((step) => step.action === "DeleteInstance"),
        verdict,
      ).toBe(false);
    }
  });
});

describe("approve-and-tag: never implicit, and only for an image that fails nothing but its tags", () => {
  // The factory's own untagged image, shared with the playground: trusted owner, allowed source.
  const untagged = goldenImage("m-untagged", { tags: { status: "approved" } });
  const facts = (instances = [running("i-dev", "m-untagged")]) => [
    place(instances, [untagged], [goldenImage("m-golden")], { accountId: PLAYGROUND }),
  ];
  const devTarget = (id = "i-dev") =>
    target(id, {
      accountId: PLAYGROUND,
      accountName: "dev-playground",
      imageId: "m-untagged",
      verdict: "missing-tag",
      mode: "audit",
      scopes: ["Root/Development"],
    });

  it("Given an audit scope, the finding is skipped unless --include-audit", () => {
    expect(only(plan([devTarget()], facts()))).toMatchObject({
      status: "skipped",
      help: "pass `--include-audit` to remediate audit and unscoped accounts too",
    });
  });

  it("Given auto without --approve-image, the disk is replaced, and the plan says approval is possible", () => {
    const item = only(plan([devTarget()], facts(), { selection: { includeAudit: true } }));
    expect(item).toMatchObject({
      status: "planned",
      strategy: "replace-disk",
      targetImage: { imageId: "m-golden" },
    });
    expect(item.reason).toContain("after a review, `--approve-image` would tag it instead");
  });

  it("Given --approve-image for it, the missing tags are set in the image owner's account, with the first allowed values", () => {
    const item = only(
      plan([devTarget()], facts(), { selection: { includeAudit: true, approveImages: ["m-untagged"] } }),
    );
    expect(item).toMatchObject({
      status: "planned",
      strategy: "approve-and-tag",
      approvedTags: { "security-level": "trusted" },
    });
    expect(item.steps).toHaveLength(1);
    expect(item.steps[0]).toMatchObject({
      action: "TagResources",
      accountId: FACTORY,
      params: {
        RegionId: REGION,
        ResourceType: "image",
        "ResourceId.1": "m-untagged",
        "Tag.1.Key": "security-level",
        "Tag.1.Value": "trusted",
      },
    });
  });

  it("Given two instances on the approved image, one step tags it, and the other finding points at it", () => {
    const p = plan(
      [devTarget("i-dev"), devTarget("i-dev2")],
      facts([running("i-dev", "m-untagged"), running("i-dev2", "m-untagged")]),
      {
        selection: { includeAudit: true, approveImages: ["m-untagged"] },
      },
    );
    expect(p.items.map((item) => [item.instanceId, item.steps.length, item.resolvedBy])).toEqual([
      ["i-dev", 1, undefined],
      ["i-dev2", 0, `${PLAYGROUND}/${REGION}/i-dev`],
    ]);
    expect(p.summary).toMatchObject({ planned: 2, steps: 1, imagesTagged: 1 });
  });

  it("Given --approve-image for an image that fails more than its tags, it is refused with the reason", () => {
    const item = only(
      plan([target("i-web")], [place([running("i-web")], [publicUbuntu()], [])], {
        selection: { approveImages: [PUBLIC_UBUNTU] },
      }),
    );
    expect(item).toMatchObject({ status: "refused", strategy: "approve-and-tag", steps: [] });
    expect(item.reason).toContain("the image cannot be approved: it fails more than its tags");
    expect(item.reason).toContain("image has no owner account (source `System`)");
    expect(
      plan([target("i-web")], [place([running("i-web")], [publicUbuntu()], [])], {
        selection: { approveImages: [PUBLIC_UBUNTU] },
      }).problems,
    ).toEqual([]);
  });

  it("Given --strategy approve-and-tag without --approve-image, it is refused: nothing is approved implicitly", () => {
    const item = only(
      plan([devTarget()], facts(), { strategy: "approve-and-tag", selection: { includeAudit: true } }),
    );
    expect(item).toMatchObject({
      status: "refused",
      reason:
        "approve-and-tag needs the image named with `--approve-image`: imageguard never approves an image implicitly",
    });
  });

  it("Given --approve-image that no finding runs, or with a strategy that cannot use it, the plan has a problem", () => {
    const unused = plan([devTarget()], facts(), {
      selection: { includeAudit: true, approveImages: ["m-nobody"] },
    });
    expect(unused.problems).toEqual([
      expect.objectContaining({
        code: "approve-image-unused",
        message: "`--approve-image m-nobody` names no image that a selected finding in play runs",
      }),
    ]);
    const withStop = plan([devTarget()], facts(), {
      strategy: "stop",
      selection: { includeAudit: true, approveImages: ["m-untagged"] },
    });
    expect(withStop.problems.map((p) => p.code)).toEqual(["approve-image-with-strategy"]);
  });
});

describe("exemptions are judged again at planning time", () => {
  const facts = [place([running("i-web")], [publicUbuntu()], [goldenImage("m-golden")])];

  it("Given an active exemption, the finding is skipped and the exemption shown", () => {
    const spec = exampleSpec(
      `  - { id: web-waiver, instance: i-web, reason: vendor appliance, approver: sec@example.com, expiresAt: "2026-09-30" }`,
    );
    const item = only(plan([target("i-web")], facts, { spec }));
    expect(item).toMatchObject({ status: "skipped", verdict: "exempt", steps: [] });
    expect(item.exemptions.map((e) => e.id)).toEqual(["web-waiver"]);
    expect(item.reason).toBe(
      "exempt by `web-waiver` (vendor appliance; approved by sec@example.com; through 2026-09-30)",
    );
  });

  it("Given an expired exemption, it is flagged and not honoured", () => {
    const spec = exampleSpec(
      `  - { id: web-lapsed, instance: i-web, reason: lapsed, approver: sec@example.com, expiresAt: "2026-01-31" }`,
    );
    const item = only(
      plan([target("i-web", { verdict: "exempt", exemptVerdict: "untrusted-owner" })], facts, { spec }),
    );
    expect(item).toMatchObject({ status: "planned", verdict: "untrusted-owner" });
    expect(item.expiredExemptions.map((e) => e.id)).toEqual(["web-lapsed"]);
  });
});

describe("selection", () => {
  it("filters by account (id or name), instance, verdict and scope", () => {
    const targets = [
      target("i-web"),
      target("i-dev", {
        accountId: PLAYGROUND,
        accountName: "dev-playground",
        scopes: ["Root/Development"],
        verdict: "too-old",
      }),
    ];
    const places = [
      place([running("i-web")], [publicUbuntu()], []),
      place([running("i-dev")], [publicUbuntu()], [], { accountId: PLAYGROUND }),
    ];
    const keys = (selection: Partial<RemediationSelection>) =>
      plan(targets, places, { selection: { includeAudit: true, ...selection } }).items.map(
        (i) => i.instanceId,
      );
    expect(keys({})).toEqual(["i-web", "i-dev"]);
    expect(keys({ accounts: ["dev-playground"] })).toEqual(["i-dev"]);
    expect(keys({ accounts: [STOREFRONT] })).toEqual(["i-web"]);
    expect(keys({ instances: ["i-dev"] })).toEqual(["i-dev"]);
    expect(keys({ verdicts: ["too-old"] })).toEqual(["i-dev"]);
    expect(keys({ scopes: ["Root/Production"] })).toEqual(["i-web"]);
    expect(keys({ regions: ["cn-shanghai"] })).toEqual([]);
  });
});

describe("scopes and mode come from the spec and the directory of now, never from the findings record", () => {
  const facts = [place([running("i-web")], [publicUbuntu()], [goldenImage("m-golden")])];
  const productionAudit = spec(`version: 1
golden:
${DEFAULT_GOLDEN}
scopes:
  - { path: Root/Production, mode: audit }
`);

  it("Given a finding recorded in an enforce scope whose scope is audit now, it is skipped, not remediated", () => {
    const item = only(plan([target("i-web")], facts, { spec: productionAudit }));
    expect(item).toMatchObject({ status: "skipped", mode: "audit", scopes: ["Root/Production"], steps: [] });
  });

  it("Given an exemption scoped to a scope added since the scan, the instance is exempt", () => {
    const withAccountScope = spec(`version: 1
golden:
${DEFAULT_GOLDEN}
scopes:
  - { path: Root/Production, mode: enforce }
  - { id: "${STOREFRONT}", mode: enforce }
exemptions:
  - { id: web-freeze, scope: "${STOREFRONT}", instance: i-web, reason: change freeze, approver: sec@example.com, expiresAt: "2099-12-31" }
`);
    const item = only(
      plan([target("i-web", { scopes: ["Root/Production"] })], facts, { spec: withAccountScope }),
    );
    expect(item).toMatchObject({ status: "skipped", scopes: ["Root/Production", STOREFRONT] });
    expect(item.exemptions.map((e) => e.id)).toEqual(["web-freeze"]);
  });

  it("Given a tampered finding that claims enforce, no scope and another name, the directory decides", () => {
    const tampered = target("i-dev", {
      accountId: PLAYGROUND,
      accountName: "app-storefront",
      scopes: [],
      mode: "enforce",
    });
    const devFacts = [
      place([running("i-dev")], [publicUbuntu()], [goldenImage("m-golden")], { accountId: PLAYGROUND }),
    ];
    expect(only(plan([tampered], devFacts))).toMatchObject({
      status: "skipped",
      accountName: "dev-playground",
      scopes: ["Root/Development"],
      mode: "audit",
    });
    expect(plan([tampered], devFacts, { selection: { accounts: ["app-storefront"] } }).items).toEqual([]);
  });

  it("Given an account the directory does not list, or a directory that could not be read, nothing is planned for it", () => {
    const nowhere = plan([target("i-web")], facts, { directory: { accounts: [] } });
    expect(only(nowhere)).toMatchObject({ status: "blocked", steps: [] });
    expect(only(nowhere).reason).toContain("is not in the organisation's directory now");
    const unread = plan([target("i-web")], facts, {
      directory: { accounts: [], accountsError: { code: "Forbidden", message: "denied" } as never },
    });
    expect(only(unread)).toMatchObject({ status: "blocked", steps: [] });
    expect(only(unread).reason).toContain("the organisation's directory could not be read");
  });

  it("Given a finding recorded as audit whose account is enforced now and whose place was not read, it is blocked, never guessed at", () => {
    const item = only(plan([target("i-web", { mode: "audit", scopes: ["Root/Development"] })], []));
    expect(item).toMatchObject({ status: "blocked", mode: "enforce", steps: [] });
    expect(item.reason).toBe(`account \`${STOREFRONT}\` in \`${REGION}\` was not read for this plan`);
  });

  it("Given the same instance listed twice, or under a key that is not its own, it is planned once under its own key", () => {
    const p = plan([target("i-web"), target("i-web", { key: "forged" })], facts);
    expect(p.items.map((item) => item.key)).toEqual([`${STOREFRONT}/${REGION}/i-web`]);
  });
});

describe("saved plans", () => {
  const facts = (status = "Running", candidates = [goldenImage("m-golden")]) => [
    place([running("i-web", PUBLIC_UBUNTU, status)], [publicUbuntu()], candidates),
  ];
  const saved = plan([target("i-web")], facts());
  const again = (places: PlaceFacts[]) => plan(remediationTargetsOfPlan(saved), places);

  it("Given nothing changed, a saved plan is current", () => {
    expect(checkSavedRemediationPlan(saved, again(facts()))).toEqual([]);
  });

  it("Given the instance was stopped since, the plan is stale and says how", () => {
    expect(checkSavedRemediationPlan(saved, again(facts("Stopped")))).toEqual([
      {
        key: `${STOREFRONT}/${REGION}/i-web`,
        instanceId: "i-web",
        message: `it was \`Running\` with image \`${PUBLIC_UBUNTU}\` when planned, and is now \`Stopped\` with image \`${PUBLIC_UBUNTU}\``,
      },
    ]);
  });

  it("Given a newer golden image appeared, the plan is stale", () => {
    const newer = [goldenImage("m-golden"), goldenImage("m-golden-2", { createdAt: "2026-04-30T00:00:00Z" })];
    expect(checkSavedRemediationPlan(saved, again(facts("Running", newer)))[0]?.message).toBe(
      "the golden image to use is now `m-golden-2`, not `m-golden`",
    );
  });

  it("Given an edited step, the plan is stale: only steps a plan made now would take are ever applied", () => {
    const edited: RemediationPlan = {
      ...saved,
      items: saved.items.map((item) => ({
        ...item,
        steps: item.steps.map((step) =>
          step.action === "ReplaceSystemDisk"
            ? { ...step, params: { ...step.params, ImageId: PUBLIC_UBUNTU } }
            : step,
        ),
      })),
    };
    expect(checkSavedRemediationPlan(edited, again(facts()))[0]?.message).toBe(
      "its steps are no longer the ones a plan made now would take",
    );
  });

  it("Given an exempt item edited into a planned release with its scopes emptied, the plan is stale", () => {
    const spec = exampleSpec(
      `  - { id: web-waiver, scope: Root/Production, instance: i-web, reason: vendor appliance, approver: sec@example.com, expiresAt: "2099-12-31" }`,
    );
    const honest = plan([target("i-web")], facts(), { spec });
    expect(only(honest).status).toBe("skipped");
    const where = { accountId: STOREFRONT, regionId: REGION, instanceId: "i-web" };
    const edited: RemediationPlan = {
      ...honest,
      items: honest.items.map((item) => ({
        ...item,
        status: "planned" as const,
        strategy: "release" as const,
        scopes: [],
        exemptions: [],
        steps: [
          { ...stopStepLike(where, "StopInstance"), kind: "stop-instance" as const },
          { ...stopStepLike(where, "DeleteInstance"), kind: "delete-instance" as const },
        ],
      })),
    };
    const fresh = plan(remediationTargetsOfPlan(edited), facts(), { spec, strategy: "release" });
    const stale = checkSavedRemediationPlan(edited, fresh);
    expect(stale).toHaveLength(1);
    expect(stale[0]?.message).toBe(
      "the plan has it in no scope (`enforce`), but the spec and the directory put it in `Root/Production` (`enforce`) now",
    );
    // With the scopes left as they were, the re-plan still finds it exempt.
    const keptScopes: RemediationPlan = {
      ...edited,
      items: edited.items.map((item) => ({ ...item, scopes: ["Root/Production"] })),
    };
    expect(
      checkSavedRemediationPlan(
        keptScopes,
        plan(remediationTargetsOfPlan(keptScopes), facts(), { spec, strategy: "release" }),
      )[0]?.message,
    ).toMatch(/^it is now skipped: exempt by `web-waiver`/);
  });

  it("Given an item listed twice, the plan is refused: its calls would run twice", () => {
    const twice: RemediationPlan = { ...saved, items: [...saved.items, ...saved.items] };
    expect(checkSavedRemediationPlan(twice, again(facts()))).toEqual([
      {
        key: `${STOREFRONT}/${REGION}/i-web`,
        instanceId: "i-web",
        message: "the plan lists it 2 times: its calls would run twice",
      },
    ]);
  });

  it("reads back what it wrote, and refuses what is not a plan", () => {
    expect(readRemediationPlan(JSON.stringify(saved))).toEqual({ ok: true, plan: saved });
    expect(readRemediationPlan("{")).toMatchObject({
      ok: false,
      message: expect.stringContaining("the plan is not JSON"),
    });
    expect(readRemediationPlan(JSON.stringify({ ...saved, format: "imageguard.deploy-plan" }))).toMatchObject(
      {
        ok: false,
        message: "the plan's `format` is not `imageguard.remediation-plan`",
      },
    );
    const badStep = {
      ...saved,
      items: [{ ...saved.items[0], steps: [{ kind: "format-disk", params: {} }] }],
    };
    expect(readRemediationPlan(JSON.stringify(badStep))).toMatchObject({
      ok: false,
      message: "the plan's items[0].steps[0] is not a step imageguard knows",
    });
  });
});

describe("a failed step is never left unexplained", () => {
  const facts = [place([running("i-web")], [publicUbuntu()], [goldenImage("m-golden")])];
  const record = (action: string, kind: string, outcome: string, index: number) =>
    ({
      key: `${STOREFRONT}/${REGION}/i-web`,
      index,
      kind,
      action,
      accountId: STOREFRONT,
      regionId: REGION,
      instanceId: "i-web",
      params: {},
      outcome,
      ...(outcome === "failed"
        ? { error: { code: "IncorrectInstanceStatus", message: "the status is wrong" } }
        : {}),
    }) as RemediationStepRecord;
  const stopped = { status: "Stopped", imageId: "m-golden" };

  it.each([
    [
      "replace-disk",
      [record("StopInstance", "stop-instance", "failed", 1)],
      0,
      { status: "Running", imageId: PUBLIC_UBUNTU },
      "instance `i-web` was not stopped because StopInstance failed: IncorrectInstanceStatus the status is wrong; it is now `Running` with image `ubuntu_22_04_x64_20G_alibase_20240130.vhd`; nothing else was done. To retry: imageguard remediate --instance i-web --apply",
    ],
    [
      "replace-disk",
      [
        record("StopInstance", "stop-instance", "succeeded", 1),
        record("ReplaceSystemDisk", "replace-system-disk", "succeeded", 2),
        record("StartInstance", "start-instance", "failed", 3),
      ],
      2,
      stopped,
      "instance `i-web` runs golden image `m-golden` but was left Stopped because StartInstance failed: IncorrectInstanceStatus the status is wrong; it is now `Stopped` with image `m-golden`. To restore: StartInstance (aliyun ecs StartInstance --RegionId cn-hangzhou --InstanceId i-web)",
    ],
    [
      "release",
      [
        record("StopInstance", "stop-instance", "succeeded", 1),
        record("DeleteInstance", "delete-instance", "failed", 2),
      ],
      1,
      stopped,
      "instance `i-web` was not released because DeleteInstance failed: IncorrectInstanceStatus the status is wrong; it is now `Stopped` with image `m-golden` (it was stopped for the release and is left Stopped). To retry: imageguard remediate --instance i-web --strategy release --apply, or start it again with StartInstance (aliyun ecs StartInstance --RegionId cn-hangzhou --InstanceId i-web)",
    ],
  ] as const)("after %s, step %#", (strategy, records, failedAt, state, expected) => {
    const item = only(plan([target("i-web")], facts, { strategy }));
    expect(explainRemediationFailure(item, records, failedAt, state)).toBe(expected);
  });

  it("says so when the instance's state could not be read afterwards", () => {
    const item = only(plan([target("i-web")], facts));
    expect(
      explainRemediationFailure(item, [record("StopInstance", "stop-instance", "failed", 1)], 0, undefined),
    ).toContain("its state could not be read afterwards");
  });
});

describe("rendering", () => {
  it("shows a denial with its AccessDeniedDetail, and never lets a name drive the terminal", () => {
    const run: RemediationRun = {
      runId: 7,
      startedAt: "2026-05-01T00:00:00.000Z",
      finishedAt: "2026-05-01T00:01:00.000Z",
      status: "failed",
      recordingErrors: [],
      items: [
        {
          key: `${STOREFRONT}/${REGION}/i-web`,
          accountId: STOREFRONT,
          accountName: "app-storefront",
          regionId: REGION,
          instanceId: "i-web",
          instanceName: "web\u001b[2J\u202e",
          strategy: "replace-disk",
          outcome: "failed",
          steps: [
            {
              key: `${STOREFRONT}/${REGION}/i-web`,
              index: 2,
              kind: "replace-system-disk",
              action: "ReplaceSystemDisk",
              accountId: STOREFRONT,
              regionId: REGION,
              instanceId: "i-web",
              params: {},
              outcome: "failed",
              requestId: "REQ-2",
              error: {
                code: "Forbidden.RAM",
                message: "User not authorized to operate on the specified resource.",
                accessDeniedDetail: {
                  AuthAction: "ecs:ReplaceSystemDisk",
                  PolicyType: "ControlPolicy",
                  EncodedDiagnosticMessage: "x".repeat(40),
                },
              },
            },
          ],
          explanation: "instance `i-web` left Stopped because ReplaceSystemDisk failed",
        },
      ],
      summary: { instances: 1, succeeded: 0, failed: 1, stepsSucceeded: 1, stepsFailed: 1, stepsNotRun: 1 },
    };
    const text = renderRemediationRun(run);
    expect(text).toContain(
      "2. ReplaceSystemDisk failed (request id REQ-2): Forbidden.RAM User not authorized to operate on the specified resource.; AccessDeniedDetail: AuthAction=ecs:ReplaceSystemDisk PolicyType=ControlPolicy",
    );
    expect(text).toContain("i-web (web\\u{1b}[2J\\u{202e})");
    expect(text).not.toContain("\u001b");
    expect(text).toContain("!! instance `i-web` left Stopped because ReplaceSystemDisk failed");
  });

  it("shouts data loss on the step and counts it in the summary", () => {
    const p = plan(
      [target("i-web")],
      [place([running("i-web")], [publicUbuntu()], [goldenImage("m-golden")])],
    );
    const text = renderRemediationPlan(p);
    expect(text).toContain("!! DATA LOSS: everything on the system disk of `i-web` is lost");
    expect(text).toContain(
      "1 finding: 1 planned (3 steps; 1 system disk replaced (their data is lost)), 0 skipped, 0 blocked, 0 refused, 0 with nothing to do",
    );
  });
});
