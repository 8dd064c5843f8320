// What-if replay on hand-built trails: the seed's story (launches from untagged images, allowed today
// under the brief's Allow-only control policy, denied once a Deny-form policy is attached to the
// Production folder), grouping and counts, calls now allowed, and every call that cannot be replayed.
import { describe, expect, it } from "vitest";
import { parseOrgModel, replayTrail } from "../../../src/guardrail/index.js";
import type { ProposedPolicy, TrailEvent, WhatIfReport } from "../../../src/guardrail/index.js";
import {
  GOLDEN_TAGS,
  PROD_APP,
  PROD_DATA,
  SANDBOX,
  event,
  fixture,
  launch,
  policy,
  seedOrg,
} from "./events.js";

const alice = { user: "alice", account: PROD_APP };
const bob = { user: "bob", account: PROD_APP };
const frank = { user: "frank", account: PROD_APP };
const carol = { user: "carol", account: PROD_DATA };
const dave = { user: "dave", account: PROD_DATA };
const erin = { user: "erin", account: SANDBOX };
const pipeline = { role: "Image-Pipeline", session: "build-42", account: PROD_APP };

const DENY_UNTAGGED = fixture("deny-untagged-launch.json");

function denyForm(attachTo = "Production", extra: Partial<ProposedPolicy> = {}): ProposedPolicy {
  return { policy: policy(DENY_UNTAGGED, "control"), name: "deny-untagged-launch", attachTo, ...extra };
}

function replay(events: readonly TrailEvent[], proposed: ProposedPolicy): WhatIfReport {
  const result = replayTrail(events, { today: seedOrg(), proposed });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.report;
}

describe("the seed's story: a Deny-form control policy on the Production folder", () => {
  const trail = [
    launch(alice, "m-untagged1", {}, { id: "alice-1" }),
    launch(alice, "m-golden", GOLDEN_TAGS, { id: "alice-golden" }),
    launch(alice, "m-untagged1", {}, { id: "alice-2" }),
    launch(bob, "m-untagged2", {}, { id: "bob-1" }),
    launch(carol, "m-untagged1", {}, { id: "carol-1" }),
    launch(dave, "m-golden", GOLDEN_TAGS, { id: "dave-golden" }),
    launch(dave, "m-untagged2", {}, { id: "dave-1" }),
    launch(carol, "m-staging", { environment: "staging", status: "approved" }, { id: "carol-staging" }),
  ];

  it("flags exactly the launches from images without environment: production, as explicit denies", () => {
    // Given the brief's Allow-only control policy, which restricts nothing next to FullAliyunAccess
    // When the trail is replayed with the Deny-form policy attached to Production
    const report = replay(trail, denyForm());

    // Then every untagged launch is allowed today and denied by the proposal; golden ones do not change
    expect(report.changed.map((c) => c.eventId)).toEqual([
      "alice-1",
      "alice-2",
      "bob-1",
      "carol-1",
      "dave-1",
      "carol-staging",
    ]);
    for (const call of report.changed) {
      expect(call.change).toBe("now-denied");
      expect(call.before.result).toBe("Allow");
      expect(call.after).toMatchObject({
        result: "ExplicitDeny",
        check: 0,
        decidedBy: {
          policyType: "ControlPolicy",
          policyName: "deny-untagged-launch",
          policyVersion: "proposed",
          rdNode: { id: "fd-prod", type: "Folder", name: "Production" },
          statementIndex: 0,
          sid: "DenyLaunchWithoutEnvironmentProduction",
        },
      });
      expect(call.caveats).toEqual([]);
      expect(call.recorded).toBeUndefined();
    }
    expect(report.totals).toEqual({
      events: 8,
      replayed: 8,
      changed: 6,
      unchanged: 2,
      notReplayed: 0,
      differFromRecord: 0,
    });
    expect(report.proposed).toEqual({
      kind: "control",
      policyName: "deny-untagged-launch",
      target: "folder Production (fd-prod)",
      replaces: false,
      principalsReached: 6,
    });
  });

  it("says it in one line per kind of change, per principal and per image", () => {
    const report = replay(trail, denyForm());

    expect(report.summary.map((g) => [g.summary, g.calls, g.eventIds])).toEqual([
      [
        "5 launches from untagged images by 4 users would be denied",
        5,
        ["alice-1", "alice-2", "bob-1", "carol-1", "dave-1"],
      ],
      [
        "1 launch from images tagged `environment=staging`, `status=approved` by 1 user would be denied",
        1,
        ["carol-staging"],
      ],
    ]);
    expect(report.byPrincipal.map((g) => g.summary)).toEqual([
      "`acs:ram::1111111111111111:user/alice`: 2 launches would be denied (image m-untagged1)",
      "`acs:ram::2222222222222222:user/carol`: 2 launches would be denied (images m-staging, m-untagged1)",
      "`acs:ram::1111111111111111:user/bob`: 1 launch would be denied (image m-untagged2)",
      "`acs:ram::2222222222222222:user/dave`: 1 launch would be denied (image m-untagged2)",
    ]);
    expect(report.byImage.map((g) => [g.key, g.summary, g.principals.length])).toEqual([
      ["m-untagged1", "`m-untagged1` (untagged): 3 launches by 2 users would be denied", 2],
      ["m-untagged2", "`m-untagged2` (untagged): 2 launches by 2 users would be denied", 2],
      [
        "m-staging",
        "`m-staging` (tagged `environment=staging`, `status=approved`): 1 launch by 1 user would be denied",
        1,
      ],
    ]);
    expect(report.changed[0]).toMatchObject({
      eventName: "RunInstances",
      action: "ecs:RunInstances",
      callerArn: "acs:ram::1111111111111111:user/alice",
      principal: { arn: "acs:ram::1111111111111111:user/alice", type: "RamUser", name: "alice" },
      imageId: "m-untagged1",
      imageTags: {},
    });
  });

  it("counts launches that failed anyway at the time (image not found) apart from the headline", () => {
    // Given a launch that was authorized but failed with a 404, next to one that worked
    const notFound = {
      ...launch(bob, "m-gone", {}, { id: "bob-404" }),
      errorCode: "InvalidImageId.NotFound",
    };
    const report = replay([launch(alice, "m-untagged1", {}, { id: "alice-1" }), notFound], denyForm());
    // Then the headline counts only the launch that worked; the failed one has its own line
    expect(report.summary.map((g) => [g.key, g.summary, g.eventIds])).toEqual([
      [
        "now-denied|launch|untagged images",
        "1 launch from untagged images by 1 user would be denied",
        ["alice-1"],
      ],
      [
        "failed-anyway|now-denied|launch|untagged images",
        "1 launch from untagged images by 1 user would be denied, but failed anyway at the time (`InvalidImageId.NotFound`)",
        ["bob-404"],
      ],
    ]);
    expect(report.changed.find((c) => c.eventId === "bob-404")?.failedAnyway).toBe("InvalidImageId.NotFound");
    expect(report.changed.find((c) => c.eventId === "alice-1")?.failedAnyway).toBeUndefined();
  });

  it("labels an image by the tags each call saw: tagged between two calls, it is two groups, never contradictory", () => {
    // Given launches from m-x while it was tagged staging, then after it was retagged
    const early = launch(alice, "m-x", { environment: "staging" }, { id: "early" });
    const late = launch(bob, "m-x", { environment: "test" }, { id: "late" });
    const report = replay([early, late], denyForm());
    expect(report.byImage.map((g) => [g.key, g.summary, g.eventIds])).toEqual([
      [
        "m-x|`environment=staging`",
        "`m-x` (tagged `environment=staging`): 1 launch by 1 user would be denied",
        ["early"],
      ],
      [
        "m-x|`environment=test`",
        "`m-x` (tagged `environment=test`): 1 launch by 1 user would be denied",
        ["late"],
      ],
    ]);
  });

  it("changes nothing when the proposal goes where none of the callers is", () => {
    const report = replay(trail, denyForm("Sandbox"));

    expect(report.changed).toEqual([]);
    expect(report.totals).toMatchObject({ replayed: 8, changed: 0, unchanged: 8 });
    expect(report.proposed.principalsReached).toBe(1);
  });

  it("finds the same node by id and by path", () => {
    const byId = replay(trail, denyForm("fd-prod"));
    const byPath = replay(trail, denyForm("Root/Production"));

    expect(byId.changed).toHaveLength(6);
    expect(byPath.changed).toHaveLength(6);
  });

  it("reaches only the account it is attached to", () => {
    const report = replay(trail, denyForm(PROD_DATA));

    expect(report.changed.map((c) => c.eventId)).toEqual(["carol-1", "dave-1", "carol-staging"]);
    expect(report.changed[0]?.after.decidedBy.rdNode).toEqual({
      id: PROD_DATA,
      name: "prod-data",
      type: "Account",
    });
  });

  it("tries a new version of an attached policy in place when named after it", () => {
    // The brief's policy rewritten in Deny form, under its own name: it replaces the Allow-only one.
    const report = replay(trail, denyForm("Production", { name: "SeedControlPolicy" }));

    expect(report.proposed).toMatchObject({ replaces: true, target: "folder Production (fd-prod)" });
    expect(report.changed).toHaveLength(6);
    expect(report.changed[0]?.after.decidedBy).toMatchObject({
      policyName: "SeedControlPolicy",
      policyVersion: "proposed",
    });
  });

  it("leaves the root identity alone under effect scope RAM, and not under All", () => {
    const parsed = parseOrgModel(
      `${fixture("seed-org.yaml")}  - { type: RootAccount, accountId: "${PROD_APP}" }\n`,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const rootLaunch = launch({ root: PROD_APP }, "m-untagged1", {}, { id: "root-1" });
    const replayWith = (effectScope: "RAM" | "All") => {
      const result = replayTrail([rootLaunch], {
        today: parsed.model,
        proposed: denyForm("Production", { effectScope }),
      });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      return result.report;
    };

    const ram = replayWith("RAM");
    const all = replayWith("All");

    expect([ram.totals.changed, ram.proposed.principalsReached]).toEqual([0, 6]);
    expect([all.totals.changed, all.proposed.principalsReached]).toEqual([1, 7]);
    expect(all.byPrincipal.map((g) => g.summary)).toEqual([
      "`acs:ram::1111111111111111:root`: 1 launch would be denied (image m-untagged1)",
    ]);
  });

  it("does not replay a caller the organisation does not list", () => {
    const report = replay([launch({ root: PROD_APP }, "m-untagged1", {}, { id: "root-1" })], denyForm());

    expect(report.notReplayed.calls).toEqual([
      expect.objectContaining({
        eventId: "root-1",
        reason: "unknown-principal",
        callerArn: `acs:ram::${PROD_APP}:root`,
      }),
    ]);
  });
});

describe("role sessions", () => {
  it("are the role's, whatever the session and however the role name is cased", () => {
    const report = replay(
      [
        launch(pipeline, "m-untagged1", {}, { id: "build-42" }),
        launch(
          { ...pipeline, session: "build-43", role: "image-pipeline" },
          "m-untagged1",
          {},
          { id: "build-43" },
        ),
      ],
      denyForm(),
    );

    expect(report.changed.map((c) => [c.eventId, c.callerArn])).toEqual([
      ["build-42", "acs:ram::1111111111111111:assumed-role/Image-Pipeline/build-42"],
      ["build-43", "acs:ram::1111111111111111:assumed-role/image-pipeline/build-43"],
    ]);
    expect(report.byPrincipal.map((g) => g.summary)).toEqual([
      "`acs:ram::1111111111111111:role/image-pipeline`: 2 launches would be denied (image m-untagged1)",
    ]);
    expect(report.summary[0]?.summary).toBe("2 launches from untagged images by 1 role would be denied");
  });

  it("keep the trust policy's word: a refused AssumeRole stays refused whatever the caller's policies", () => {
    const roleArn = `acs:ram::${PROD_APP}:role/admin`;
    const refused = event(
      bob,
      "AssumeRole",
      [
        { action: "sts:AssumeRole", resources: [roleArn] },
        { action: "sts:AssumeRole", resources: [roleArn], result: "ImplicitDeny", trust: "refused" },
      ],
      { id: "assume-refused" },
    );
    const admitted = event(
      bob,
      "AssumeRole",
      [
        { action: "sts:AssumeRole", resources: [roleArn] },
        { action: "sts:AssumeRole", resources: [roleArn], trust: "admitted" },
      ],
      { id: "assume-admitted" },
    );
    // Bob's developers group allows ecs:* only: sts:AssumeRole is implicitly denied today, so the
    // trail is one of a different time; a proposal granting sts:AssumeRole shows the trust stands.
    const grant = policy(
      JSON.stringify({
        Version: "1",
        Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }],
      }),
      "ram",
    );

    const report = replay([refused, admitted], {
      policy: grant,
      name: "AssumeAnyRole",
      attachTo: "user/bob",
    });

    expect(report.totals.differFromRecord).toBe(1);
    expect(report.changed.map((c) => [c.eventId, c.change, c.before.result, c.after.result])).toEqual([
      ["assume-admitted", "now-allowed", "ImplicitDeny", "Allow"],
    ]);
    expect(report.changed[0]?.recorded).toBe("Allow");
  });
});

describe("calls that would now be allowed", () => {
  it("shows an Allow attached in allow-list mode, and says which checks were never made", () => {
    // Given the Sandbox folder allows only ecs:Describe* (FullAliyunAccess detached)
    const refused = launch(erin, "m-golden", GOLDEN_TAGS, { id: "erin-1", result: "ImplicitDeny" });
    const allowLaunch = policy(
      JSON.stringify({
        Version: "1",
        Statement: [{ Effect: "Allow", Action: ["ecs:RunInstances"], Resource: "*" }],
      }),
      "control",
    );

    // When an Allow for launches is proposed on that folder
    const report = replay([refused], { policy: allowLaunch, name: "allow-launch", attachTo: "Sandbox" });

    // Then the refused launch would be allowed, with the caveat that later checks were never made
    expect(report.changed).toHaveLength(1);
    expect(report.changed[0]).toMatchObject({
      eventId: "erin-1",
      change: "now-allowed",
      before: {
        result: "ImplicitDeny",
        decidedBy: { policyType: "ControlPolicy", rdNode: { id: "fd-sandbox" } },
      },
      after: { result: "Allow" },
    });
    expect(report.changed[0]?.caveats).toEqual([
      expect.stringContaining("checks after the refused one were never made"),
    ]);
    expect(report.summary.map((g) => g.summary)).toEqual([
      "1 launch from images tagged `environment=production`, `status=approved` by 1 user would be allowed",
    ]);
  });
});

describe("denials that change kind", () => {
  it("counts an implicit deny that becomes explicit as a change of its own", () => {
    // Frank has no policy: his launch was implicitly denied, and the Deny-form policy denies it explicitly.
    const report = replay(
      [launch(frank, "m-untagged1", {}, { id: "frank-1", result: "ImplicitDeny" })],
      denyForm(),
    );

    expect(report.changed.map((c) => [c.change, c.before.result, c.after.result])).toEqual([
      ["deny-changed", "ImplicitDeny", "ExplicitDeny"],
    ]);
    expect(report.changed[0]?.caveats).toEqual([]);
    expect(report.summary[0]?.summary).toBe(
      "1 launch from untagged images by 1 user would be denied explicitly instead of implicitly",
    );
  });

  it("decides a call by its first check that is not allowed, in recorded order", () => {
    // A two-check call: the image check, then a per-resource check on the instance.
    const call = event(
      alice,
      "ReplaceSystemDisk",
      [
        {
          action: "ecs:ReplaceSystemDisk",
          resources: [
            `acs:ecs:cn-hangzhou:${PROD_APP}:instance/i-1`,
            `acs:ecs:cn-hangzhou:${PROD_APP}:image/m-untagged1`,
          ],
        },
        { action: "ecs:DescribeInstances", resources: [`acs:ecs:cn-hangzhou:${PROD_APP}:instance/i-1`] },
      ],
      { id: "replace-1" },
    );

    const report = replay([call], denyForm());

    expect(report.changed[0]).toMatchObject({
      action: "ecs:ReplaceSystemDisk",
      imageId: "m-untagged1",
      before: { result: "Allow", check: 1 },
      after: { result: "ExplicitDeny", check: 0 },
    });
    expect(report.summary[0]?.summary).toBe(
      "1 system disk replacement from untagged images by 1 user would be denied",
    );
  });
});

describe("RAM policies", () => {
  const trail = [
    launch(alice, "m-untagged1", {}, { id: "alice-1" }),
    launch(bob, "m-untagged1", {}, { id: "bob-1" }),
    launch(bob, "m-golden", GOLDEN_TAGS, { id: "bob-golden" }),
    launch(dave, "m-untagged2", {}, { id: "dave-1" }),
  ];
  const ramDeny = () => policy(DENY_UNTAGGED, "ram");

  it("attached to a group reach its members in that account only", () => {
    const report = replay(trail, {
      policy: ramDeny(),
      name: "DenyUntagged",
      attachTo: `${PROD_APP}:group/developers`,
    });

    expect(report.changed.map((c) => c.eventId)).toEqual(["bob-1"]);
    expect(report.changed[0]?.after.decidedBy).toMatchObject({
      policyType: "AccountLevelIdentityBasedPolicy",
      policyName: "DenyUntagged",
      policyVersion: "proposed",
    });
    expect(report.proposed).toMatchObject({
      kind: "ram",
      target: `group/developers in ${PROD_APP}`,
      principalsReached: 1,
    });
  });

  it("attached to a user reach that user", () => {
    const report = replay(trail, { policy: ramDeny(), name: "DenyUntagged", attachTo: "user/alice" });

    expect(report.changed.map((c) => c.eventId)).toEqual(["alice-1"]);
  });

  it("named after an attached policy replace it for everyone it is attached to in that account", () => {
    // EcsOperator (ecs:*) of the developers group becomes a Deny-form policy: nothing is allowed any more.
    const report = replay(trail, {
      policy: ramDeny(),
      name: "EcsOperator",
      attachTo: `${PROD_APP}:user/bob`,
    });

    expect(report.proposed.replaces).toBe(true);
    expect(report.changed.map((c) => [c.eventId, c.after.result])).toEqual([
      ["bob-1", "ExplicitDeny"],
      ["bob-golden", "ImplicitDeny"],
    ]);
  });
});

describe("calls that cannot be replayed are counted and listed", () => {
  it("for every reason, never dropped", () => {
    const recorded = launch(alice, "m-untagged1", {}, { id: "ok" });
    const oldFormat = {
      ...recorded,
      eventId: "old",
      decision: { result: "Allow", action: "ecs:RunInstances", resources: [], checks: 1 },
    };
    const malformed = {
      ...recorded,
      eventId: "malformed",
      decision: { result: "Allow", checks: [{ action: "ecs:RunInstances", resources: "*" }] },
    };
    const noIdentity = { ...recorded, eventId: "anonymous", userIdentity: { accessKeyId: "LTAI-unknown" } };
    const failedAuth = {
      eventId: "bad-signature",
      eventName: "DescribeRegions",
      errorCode: "SignatureDoesNotMatch",
    };
    const stranger = launch({ user: "mallory", account: PROD_APP }, "m-untagged1", {}, { id: "stranger" });

    const report = replay([recorded, oldFormat, malformed, noIdentity, failedAuth, stranger], denyForm());

    expect(report.totals).toMatchObject({ events: 6, replayed: 1, changed: 1, notReplayed: 5 });
    expect(report.notReplayed.byReason).toEqual({
      "no-decision": 1,
      "no-checks-recorded": 1,
      "malformed-checks": 1,
      "no-principal": 1,
      "unknown-principal": 1,
    });
    expect(report.notReplayed.calls.map((c) => [c.eventId, c.reason, c.message])).toEqual([
      ["old", "no-checks-recorded", expect.stringContaining("not its checks")],
      ["malformed", "malformed-checks", "`decision.checks[0]`: `resources` is not a list of ARNs"],
      ["anonymous", "no-principal", "`userIdentity` has no `type`"],
      ["bad-signature", "no-decision", expect.stringContaining("no authorization decision recorded")],
      [
        "stranger",
        "unknown-principal",
        "`acs:ram::1111111111111111:user/mallory` is not in the organisation",
      ],
    ]);
  });

  it("flags calls that decide differently today than they were recorded", () => {
    // Recorded as refused, but alice's chain allows it today: the organisation file is of another time.
    const report = replay(
      [launch(alice, "m-golden", GOLDEN_TAGS, { id: "then-refused", result: "ExplicitDeny" })],
      denyForm(),
    );

    expect(report.totals).toMatchObject({ replayed: 1, changed: 0, differFromRecord: 1 });
  });
});

describe("where the proposal cannot go", () => {
  const problemsOf = (proposed: ProposedPolicy) => {
    const result = replayTrail([], { today: seedOrg(), proposed });
    return result.ok ? [] : result.problems.map((p) => [p.code, p.message, p.help]);
  };

  it("is an error with the fix, every time", () => {
    expect(problemsOf(denyForm("Staging"))).toEqual([
      [
        "unknown-target",
        "no resource directory node `Staging` in the organisation",
        expect.stringContaining("`Root/Production` (fd-prod)"),
      ],
    ]);
    expect(problemsOf({ policy: policy(DENY_UNTAGGED, "ram"), name: "x", attachTo: "user/zed" })).toEqual([
      ["unknown-target", "no user `zed` in the organisation", expect.stringContaining("`alice`")],
    ]);
    expect(
      problemsOf({ policy: policy(DENY_UNTAGGED, "ram"), name: "x", attachTo: "group/developers" }),
    ).toEqual([
      [
        "ambiguous-target",
        "accounts 1111111111111111, 2222222222222222 each have a group `developers`",
        "name the account: `1111111111111111:group/developers`, `2222222222222222:group/developers`",
      ],
    ]);
    expect(problemsOf({ policy: policy(DENY_UNTAGGED, "ram"), name: "x", attachTo: "Production" })).toEqual([
      ["invalid-target", "`Production` is not a RAM identity", expect.stringContaining("`user/NAME`")],
    ]);
    expect(problemsOf(denyForm("Production", { name: "FullAliyunAccess" }))).toEqual([
      [
        "system-policy-name",
        expect.stringContaining("`FullAliyunAccess` is a system policy"),
        expect.any(String),
      ],
    ]);
    expect(
      problemsOf({
        policy: policy(DENY_UNTAGGED, "ram"),
        name: "AdministratorAccess",
        attachTo: "user/alice",
      }),
    ).toEqual([["system-policy-name", expect.stringContaining("`AdministratorAccess`"), expect.any(String)]]);
  });

  it("refuses an eleventh control policy on a node", () => {
    const org = seedOrg();
    const directory = org.directory;
    if (directory === undefined) throw new Error("the seed organisation has a directory");
    const full = directory.nodes.map((node) =>
      node.id === "fd-prod"
        ? {
            ...node,
            policies: Array.from({ length: 10 }, (_, i) => ({
              ...(node.policies[0] as (typeof node.policies)[0]),
              name: `p${i}`,
            })),
          }
        : node,
    );

    const result = replayTrail([], {
      today: { ...org, directory: { ...directory, nodes: full } },
      proposed: denyForm(),
    });

    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(["too-many-control-policies"]);
  });

  it("needs a resource directory for a control policy and one of the two kinds", () => {
    const org = seedOrg();
    const { directory: _directory, ...flat } = org;

    const noDirectory = replayTrail([], { today: flat, proposed: denyForm() });
    const session = replayTrail([], {
      today: org,
      proposed: { policy: policy(DENY_UNTAGGED, "ram"), name: "x", attachTo: "user/alice" },
    });
    const sessionKind = replayTrail([], {
      today: org,
      proposed: {
        policy: { ...policy(DENY_UNTAGGED, "ram"), kind: "session" },
        name: "x",
        attachTo: "user/alice",
      },
    });

    expect(noDirectory.ok ? [] : noDirectory.problems.map((p) => p.code)).toEqual(["no-resource-directory"]);
    expect(session.ok).toBe(true);
    expect(sessionKind.ok ? [] : sessionKind.problems.map((p) => p.code)).toEqual([
      "unsupported-policy-kind",
    ]);
  });
});
