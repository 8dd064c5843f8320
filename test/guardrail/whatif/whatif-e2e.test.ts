// What-if replay end to end: a running local cloud, calls made through Alibaba's official SDKs as
// a RAM user and as a member account's role session (launches from tagged and untagged images),
// the trail exported and replayed with a proposed Deny-form policy. Exactly the untagged launches
// are flagged, and the recorded checks are what a replay needs: no state of the time is read.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportTrail } from "../../../src/cloud/index.js";
import { parseOrgModel, parseTrailLines, replayTrail } from "../../../src/guardrail/index.js";
import type { OrgModel, TrailEvent, WhatIfReport } from "../../../src/guardrail/index.js";
import { runCli } from "../../cli/run-cli.js";
import { EcsModule, startTestCloud, type Credentials, type TestCloud } from "../../cloud/harness.js";
import {
  assumeAccessRole,
  attach,
  createAccount,
  createControlPolicy,
  createFolder,
  enableDirectory,
} from "../../cloud/resource-manager/fixtures.js";
import {
  INSTANCE_TYPE,
  REGION,
  SEED_RAM_POLICY,
  UBUNTU,
  allow,
  createImage,
  defaultSecurityGroup,
  launch,
  policyDoc,
  ramUser,
  type User,
} from "../../e2e/fixtures.js";
import { fixture, policy } from "./events.js";

const GOLDEN_TAGS = { environment: "production", status: "approved" };
/** The seed's control policy is its RAM policy's text, attached to a folder. */
const SEED_CONTROL_POLICY = SEED_RAM_POLICY;

let t: TestCloud;
let dataDir: string;
let managementId: string;
let member: string;
let rootFolder: string;
let production: string;
let security: User;
let developer: User;
let golden: string;
let untagged: string;
/** RequestIds of the launches the Deny-form policy must flag, and of those it must not. */
const untaggedLaunches: string[] = [];
const goldenLaunches: string[] = [];

async function runInstances(creds: Credentials, imageId: string, securityGroupId: string): Promise<string> {
  const response = await t.ecs(creds).runInstances(
    new EcsModule.RunInstancesRequest({
      regionId: REGION,
      imageId,
      instanceType: INSTANCE_TYPE,
      securityGroupId,
      amount: 1,
    }),
  );
  return response.body?.requestId ?? "";
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "imageguard-whatif-"));
  t = await startTestCloud({ dataDir });
  managementId = t.cloud.managementAccount.accountId;

  // The security team builds a golden image and an unvetted one.
  security = await ramUser(t, "security-team", { ImageFactory: policyDoc(allow(["ecs:*", "vpc:*"])) });
  const group = await defaultSecurityGroup(t, security);
  const builder = await launch(t, security, UBUNTU, group);
  golden = await createImage(t, security, builder, "golden", GOLDEN_TAGS);
  untagged = await createImage(t, security, builder, "unvetted");

  // A developer with ECS rights and no image restriction launches from all kinds of images.
  developer = await ramUser(t, "developer", { DeveloperAccess: policyDoc(allow("ecs:*")) });
  goldenLaunches.push(await runInstances(developer, golden, group));
  untaggedLaunches.push(await runInstances(developer, untagged, group));
  goldenLaunches.push(await runInstances(developer, golden, group));
  untaggedLaunches.push(await runInstances(developer, UBUNTU, group));

  // The enterprise form: a member account under the seed's Allow-only control policy on Production.
  const directory = await enableDirectory(t);
  rootFolder = directory.rootFolderId;
  production = await createFolder(t, "Production");
  member = await createAccount(t, "shop", production);
  await t.rm().enableControlPolicy();
  await attach(t, await createControlPolicy(t, "SeedControlPolicy", SEED_CONTROL_POLICY), production);
  const cloudAdmin = await ramUser(t, "cloud-admin", {
    AssumeMemberAccessRole: policyDoc(
      allow("sts:AssumeRole", "acs:ram::*:role/resourcedirectoryaccountaccessrole"),
    ),
  });
  for (const imageId of [golden, untagged]) {
    await t
      .ecs(security)
      .modifyImageSharePermission(
        new EcsModule.ModifyImageSharePermissionRequest({ regionId: REGION, imageId, addAccount: [member] }),
      );
  }
  const session = await assumeAccessRole(t, cloudAdmin, member);
  const memberGroup = await defaultSecurityGroup(t, session);
  goldenLaunches.push(await runInstances(session, golden, memberGroup));
  untaggedLaunches.push(await runInstances(session, untagged, memberGroup));

  // The images are tagged golden afterwards: the replay must judge each launch by its recorded tags.
  await t.ecs(security).tagResources(
    new EcsModule.TagResourcesRequest({
      regionId: REGION,
      resourceType: "image",
      resourceId: [untagged],
      tag: Object.entries(GOLDEN_TAGS).map(
        ([key, value]) => new EcsModule.TagResourcesRequestTag({ key, value }),
      ),
    }),
  );
  await t.cloud.flush();
});

afterAll(async () => {
  await t?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Today's organisation as an organisation file, written from what the setup made. */
function orgText(): string {
  const admin = { Version: "1", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
  return JSON.stringify({
    name: "what-if end to end",
    policies: {
      AdministratorAccess: { type: "System", document: admin },
      ImageFactory: { document: JSON.parse(policyDoc(allow(["ecs:*", "vpc:*"]))) as object },
      DeveloperAccess: { document: JSON.parse(policyDoc(allow("ecs:*"))) as object },
      AssumeMemberAccessRole: {
        document: JSON.parse(
          policyDoc(allow("sts:AssumeRole", "acs:ram::*:role/resourcedirectoryaccountaccessrole")),
        ) as object,
      },
    },
    controlPolicies: { SeedControlPolicy: { document: SEED_CONTROL_POLICY } },
    directory: {
      managementAccountId: managementId,
      nodes: [
        { id: rootFolder, type: "Root", name: "Root" },
        {
          id: production,
          type: "Folder",
          name: "Production",
          parent: rootFolder,
          attach: ["SeedControlPolicy"],
        },
        { id: member, type: "Account", name: "shop", parent: production },
      ],
    },
    principals: [
      { type: "RootAccount", accountId: managementId },
      { type: "RamUser", accountId: managementId, name: "security-team", policies: ["ImageFactory"] },
      { type: "RamUser", accountId: managementId, name: "developer", policies: ["DeveloperAccess"] },
      { type: "RamUser", accountId: managementId, name: "cloud-admin", policies: ["AssumeMemberAccessRole"] },
      {
        type: "AssumedRole",
        accountId: member,
        name: "ResourceDirectoryAccountAccessRole",
        policies: ["AdministratorAccess"],
      },
    ],
  });
}

function todaysOrg(): OrgModel {
  const result = parseOrgModel(orgText());
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.model;
}

async function exportedTrail(): Promise<TrailEvent[]> {
  let text = "";
  await exportTrail({ dataDir, write: (line) => void (text += line) });
  const { events, problems } = parseTrailLines(text);
  expect(problems).toEqual([]);
  return [...events];
}

function requestIdsOf(report: WhatIfReport): string[] {
  return report.changed.map((c) => c.requestId ?? "").sort();
}

describe("what-if replay of a real trail", () => {
  it("records every check of a call with its whole context, which is all a replay needs", async () => {
    const events = await exportedTrail();
    const launchEvent = events.find((e) => e["requestId"] === untaggedLaunches[0]);

    expect(launchEvent?.["decision"]).toMatchObject({
      result: "Allow",
      checkCount: 1,
      checks: [
        {
          action: "ecs:RunInstances",
          resources: expect.arrayContaining([`acs:ecs:${REGION}:${managementId}:image/${untagged}`]),
          context: {
            "acs:principalarn": `acs:ram::${managementId}:user/developer`,
            "acs:sourceip": "127.0.0.1",
            "ecs:imageownerid": managementId,
          },
          result: "Allow",
        },
      ],
    });
    expect(JSON.stringify(launchEvent)).not.toContain(developer.accessKeySecret);
  });

  it("flags exactly the untagged launches of a RAM user under a Deny-form RAM policy", async () => {
    const result = replayTrail(await exportedTrail(), {
      today: todaysOrg(),
      proposed: {
        policy: policy(fixture("deny-untagged-launch.json"), "ram"),
        name: "DenyUntaggedLaunch",
        attachTo: "user/developer",
      },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { report } = result;

    expect(requestIdsOf(report)).toEqual([...untaggedLaunches.slice(0, 2)].sort());
    expect(report.changed.map((c) => [c.imageId, c.change, c.before.result, c.after.result])).toEqual([
      [untagged, "now-denied", "Allow", "ExplicitDeny"],
      [UBUNTU, "now-denied", "Allow", "ExplicitDeny"],
    ]);
    expect(report.summary.map((g) => g.summary)).toEqual([
      "2 launches from untagged images by 1 user would be denied",
    ]);
    // Every call was replayed: the setup's calls by the root identity and the role session too.
    expect(report.totals).toMatchObject({ notReplayed: 0, differFromRecord: 0 });
    expect(report.totals.replayed).toBe(report.totals.events);
  });

  it("flags exactly the untagged launches under a Deny-form control policy on Production, through the CLI", async () => {
    const files = { "org.json": orgText(), "deny-untagged.json": fixture("deny-untagged-launch.json") };

    const run = await runCli(
      [
        "whatif",
        "--policy",
        "deny-untagged.json",
        "--attach-to",
        "Production",
        "--org",
        "org.json",
        "--data",
        dataDir,
        "--json",
      ],
      files,
    );

    expect(run.err).toBe("");
    expect(run.code).toBe(2);
    const report = JSON.parse(run.out) as WhatIfReport;
    // The Production folder holds the member account only: its role session's untagged launch.
    expect(requestIdsOf(report)).toEqual([untaggedLaunches[2]]);
    expect(report.changed[0]).toMatchObject({
      principal: { arn: `acs:ram::${member}:role/ResourceDirectoryAccountAccessRole`, type: "AssumedRole" },
      callerArn: expect.stringMatching(/:assumed-role\/ResourceDirectoryAccountAccessRole\/ops$/i),
      imageId: untagged,
      imageTags: {},
      after: {
        result: "ExplicitDeny",
        decidedBy: { policyType: "ControlPolicy", rdNode: { id: production } },
      },
    });
    expect(report.summary.map((g) => g.summary)).toEqual([
      "1 launch from untagged images by 1 role would be denied",
    ]);
    expect(goldenLaunches.some((id) => requestIdsOf(report).includes(id))).toBe(false);
  });
});
