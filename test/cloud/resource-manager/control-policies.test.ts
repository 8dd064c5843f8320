// Control policies through @alicloud/resourcemanager20200331: the feature switch, custom policies
// validated as control policies, attachments and their limits. What the policies do to requests is
// in enforcement.test.ts.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkError, startTestCloud, type TestCloud } from "../harness.js";
import {
  Rm,
  allow,
  attach,
  attachedTo,
  createAccount,
  createControlPolicy,
  createFolder,
  detach,
  enableDirectory,
  policyDoc,
  rootKeyOf,
  type Directory,
} from "./fixtures.js";

let t: TestCloud;
let rd: Directory;
let production: string;
let member: string;
let denyUntagged: string;
beforeAll(async () => {
  t = await startTestCloud();
  rd = await enableDirectory(t);
  production = await createFolder(t, "Production");
  member = await createAccount(t, "web", production);
  denyUntagged = await readFile(
    new URL("../../fixtures/policies/deny-untagged-images.json", import.meta.url),
    "utf8",
  );
});
afterAll(() => t.close());

const FULL = "cp-FullAliyunAccess";

describe("before the feature is enabled", () => {
  it("lists the system policy FullAliyunAccess, attached nowhere", async () => {
    const status = await t.rm().getControlPolicyEnablementStatus();
    const listed = await t.rm().listControlPolicies(new Rm.ListControlPoliciesRequest({ language: "en" }));

    expect(status.body?.enablementStatus).toBe("Disabled");
    expect(listed.body?.controlPolicies?.controlPolicy).toEqual([
      expect.objectContaining({
        policyId: FULL,
        policyName: "FullAliyunAccess",
        policyType: "System",
        effectScope: "All",
        attachmentCount: "0",
        description: "System control policy that allows all operations on Alibaba Cloud",
      }),
    ]);
  });

  it("creates a custom policy but refuses to attach it", async () => {
    const policyId = await createControlPolicy(t, "EarlyBird", denyUntagged);

    const err = await sdkError(attach(t, policyId, production));

    expect(err.code).toBe("InvalidControlPolicyEnablementStatus");
    expect(err.statusCode).toBe(409);
    await t.rm().deleteControlPolicy(new Rm.DeleteControlPolicyRequest({ policyId }));
  });
});

describe("custom control policies", () => {
  let policyId: string;

  it("creates one from the seed's Deny form, EffectScope RAM by default", async () => {
    const response = await t.rm().createControlPolicy(
      new Rm.CreateControlPolicyRequest({
        policyName: "DenyUntaggedImages",
        description: "Launch only from images tagged environment: production",
        policyDocument: denyUntagged,
      }),
    );
    const policy = response.body?.controlPolicy;
    policyId = policy?.policyId ?? "";

    expect(policyId).toMatch(/^cp-[A-Za-z0-9]{16}$/);
    expect(policy).toMatchObject({
      policyName: "DenyUntaggedImages",
      policyType: "Custom",
      effectScope: "RAM",
      attachmentCount: "0",
      description: "Launch only from images tagged environment: production",
    });
    expect(policy?.createDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const got = await t.rm().getControlPolicy(new Rm.GetControlPolicyRequest({ policyId }));
    expect(got.body?.controlPolicy?.policyDocument).toBe(denyUntagged);
  });

  it("reports every problem of a malformed document with its path and line:column", async () => {
    const document = [
      "{",
      '  "Version": "1",',
      '  "Statement": [{',
      '    "Effect": "Deny",',
      '    "Action": "ecs:RunInstances",',
      '    "NotResource": "acs:ecs:*:*:image/*",',
      '    "Principal": {"RAM": "*"}',
      "  }]",
      "}",
    ].join("\n");

    const err = await sdkError(
      t
        .rm()
        .createControlPolicy(
          new Rm.CreateControlPolicyRequest({ policyName: "Broken", policyDocument: document }),
        ),
    );

    expect(err.code).toBe("MalformedPolicyDocument");
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain("Statement[0].NotResource at 6:5");
    expect(err.message).toContain("Statement[0].Principal at 7:5");
    expect(err.message).toMatch(/2 problems|3 problems/);
  });

  it("refuses a document over 4,096 characters with Alibaba's length code", async () => {
    const actions = Array.from({ length: 300 }, (_, i) => `ecs:DescribeSomething${i}`);
    const document = policyDoc({ Effect: "Deny", Action: actions, Resource: "*" });

    const err = await sdkError(
      t
        .rm()
        .createControlPolicy(
          new Rm.CreateControlPolicyRequest({ policyName: "Huge", policyDocument: document }),
        ),
    );

    expect(document.length).toBeGreaterThan(4096);
    expect(err.code).toBe("InvalidParameter.PolicyDocument.Length");
    expect(err.statusCode).toBe(409);
  });

  it("refuses a duplicate name, a bad name, a bad EffectScope and a missing document", async () => {
    const create = (request: ConstructorParameters<typeof Rm.CreateControlPolicyRequest>[0]) =>
      sdkError(t.rm().createControlPolicy(new Rm.CreateControlPolicyRequest(request)));

    expect((await create({ policyName: "DenyUntaggedImages", policyDocument: denyUntagged })).code).toBe(
      "EntityAlreadyExists.ControlPolicy",
    );
    expect((await create({ policyName: "1starts-with-digit", policyDocument: denyUntagged })).code).toBe(
      "InvalidParameter.PolicyName",
    );
    expect(
      (await create({ policyName: "Scoped", policyDocument: denyUntagged, effectScope: "Everyone" })).code,
    ).toBe("InvalidParameter.EffectScope");
    expect((await create({ policyName: "Empty" })).code).toBe("MissingParameter.PolicyDocument");
  });

  it("updates name, description and document, validating the new document", async () => {
    const widened = policyDoc({
      Effect: "Deny",
      Action: "ecs:RunInstances",
      Resource: "acs:ecs:*:*:image/*",
    });

    const response = await t.rm().updateControlPolicy(
      new Rm.UpdateControlPolicyRequest({
        policyId,
        newPolicyName: "DenyUntaggedImagesV2",
        newDescription: "v2",
        newPolicyDocument: widened,
      }),
    );
    const malformed = await sdkError(
      t
        .rm()
        .updateControlPolicy(
          new Rm.UpdateControlPolicyRequest({ policyId, newPolicyDocument: '{"Version":"2"}' }),
        ),
    );
    const huge = await sdkError(
      t.rm().updateControlPolicy(
        new Rm.UpdateControlPolicyRequest({
          policyId,
          newPolicyDocument: policyDoc({
            Effect: "Deny",
            Action: Array.from({ length: 300 }, (_, i) => `ecs:A${i}xxxxxxxxx`),
            Resource: "*",
          }),
        }),
      ),
    );

    expect(response.body?.controlPolicy).toMatchObject({
      policyName: "DenyUntaggedImagesV2",
      description: "v2",
    });
    expect(
      (await t.rm().getControlPolicy(new Rm.GetControlPolicyRequest({ policyId }))).body?.controlPolicy
        ?.policyDocument,
    ).toBe(widened);
    expect(malformed.code).toBe("MalformedPolicyDocument");
    expect(huge.code).toBe("InvalidParameter.NewPolicyDocument.Length");
    expect(huge.statusCode).toBe(400);
    await t.rm().updateControlPolicy(
      new Rm.UpdateControlPolicyRequest({
        policyId,
        newPolicyName: "DenyUntaggedImages",
        newPolicyDocument: denyUntagged,
      }),
    );
  });

  it("never changes or deletes the system policy", async () => {
    const update = await sdkError(
      t
        .rm()
        .updateControlPolicy(new Rm.UpdateControlPolicyRequest({ policyId: FULL, newDescription: "mine" })),
    );
    const remove = await sdkError(
      t.rm().deleteControlPolicy(new Rm.DeleteControlPolicyRequest({ policyId: FULL })),
    );

    expect(update.code).toBe("NotSupport.SystemControlPolicy");
    expect(remove.code).toBe("DeleteConflict.SystemControlPolicy");
  });

  it("lists by type, in pages", async () => {
    const custom = await t
      .rm()
      .listControlPolicies(new Rm.ListControlPoliciesRequest({ policyType: "Custom" }));
    const system = await t
      .rm()
      .listControlPolicies(new Rm.ListControlPoliciesRequest({ policyType: "System" }));
    const paged = await t
      .rm()
      .listControlPolicies(new Rm.ListControlPoliciesRequest({ pageSize: 1, pageNumber: 2 }));
    const bad = await sdkError(
      t.rm().listControlPolicies(new Rm.ListControlPoliciesRequest({ policyType: "Managed" })),
    );

    expect(custom.body?.controlPolicies?.controlPolicy?.map((p) => p.policyName)).toEqual([
      "DenyUntaggedImages",
    ]);
    expect(system.body?.controlPolicies?.controlPolicy?.map((p) => p.policyName)).toEqual([
      "FullAliyunAccess",
    ]);
    expect(paged.body).toMatchObject({ totalCount: 2, pageNumber: 2, pageSize: 1 });
    expect(paged.body?.controlPolicies?.controlPolicy).toHaveLength(1);
    expect(bad.code).toBe("InvalidParameter.PolicyType");
  });
});

describe("enabling the feature", () => {
  it("attaches FullAliyunAccess to the Root folder, every folder and every member", async () => {
    const response = await t.rm().enableControlPolicy();

    expect(response.body?.enablementStatus).toBe("Enabled");
    for (const node of [rd.rootFolderId, production, member, rd.managementAccountId]) {
      expect(await attachedTo(t, node)).toEqual(["FullAliyunAccess"]);
    }
    expect((await t.rm().getResourceDirectory()).body?.resourceDirectory?.controlPolicyStatus).toBe(
      "Enabled",
    );
    expect((await t.rm().enableControlPolicy()).body?.enablementStatus).toBe("Enabled");
  });

  it("attaches FullAliyunAccess to every folder and member created afterwards", async () => {
    const folder = await createFolder(t, "Later", production);
    const account = await createAccount(t, "later", folder);

    expect(await attachedTo(t, folder)).toEqual(["FullAliyunAccess"]);
    expect(await attachedTo(t, account)).toEqual(["FullAliyunAccess"]);
  });

  it("counts where the system policy is attached", async () => {
    const full = await t.rm().getControlPolicy(new Rm.GetControlPolicyRequest({ policyId: FULL }));
    const targets = await t
      .rm()
      .listTargetAttachmentsForControlPolicy(
        new Rm.ListTargetAttachmentsForControlPolicyRequest({ policyId: FULL, pageSize: 100 }),
      );

    // Root, Production, Later; the management account, web, later
    expect(full.body?.controlPolicy?.attachmentCount).toBe("6");
    expect(targets.body?.totalCount).toBe(6);
    expect(targets.body?.targetAttachments?.targetAttachment).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ targetId: rd.rootFolderId, targetType: "Root", targetName: "Root" }),
        expect.objectContaining({ targetId: production, targetType: "Folder", targetName: "Production" }),
        expect.objectContaining({ targetId: member, targetType: "Account", targetName: "web" }),
      ]),
    );
  });
});

describe("attachments", () => {
  let policyId: string;
  beforeAll(async () => {
    policyId =
      (await t.rm().listControlPolicies(new Rm.ListControlPoliciesRequest({ policyType: "Custom" }))).body
        ?.controlPolicies?.controlPolicy?.[0]?.policyId ?? "";
  });

  it("attaches a custom policy to a folder and shows it from both sides", async () => {
    await attach(t, policyId, production);

    const forTarget = await t
      .rm()
      .listControlPolicyAttachmentsForTarget(
        new Rm.ListControlPolicyAttachmentsForTargetRequest({ targetId: production }),
      );
    const forPolicy = await t
      .rm()
      .listTargetAttachmentsForControlPolicy(
        new Rm.ListTargetAttachmentsForControlPolicyRequest({ policyId }),
      );

    expect(
      forTarget.body?.controlPolicyAttachments?.controlPolicyAttachment?.map((a) => a.policyName),
    ).toEqual(["FullAliyunAccess", "DenyUntaggedImages"]);
    expect(forTarget.body?.controlPolicyAttachments?.controlPolicyAttachment?.[1]).toMatchObject({
      policyId,
      policyType: "Custom",
      effectScope: "RAM",
    });
    expect(forPolicy.body?.targetAttachments?.targetAttachment).toEqual([
      expect.objectContaining({ targetId: production, targetName: "Production", targetType: "Folder" }),
    ]);
    expect(forPolicy.body?.totalCount).toBe(1);
  });

  it("refuses a second attachment of the same policy, unknown targets and unknown policies", async () => {
    expect((await sdkError(attach(t, policyId, production))).code).toBe(
      "EntityAlreadyExists.ControlPolicyAttachment",
    );
    expect((await sdkError(attach(t, policyId, "fd-nothere00"))).code).toBe("EntityNotExists.Target");
    expect((await sdkError(attach(t, policyId, "1000000000000001"))).code).toBe("EntityNotExists.Target");
    expect((await sdkError(attach(t, "cp-doesnotexist00000", production))).code).toBe(
      "EntityNotExists.ControlPolicy",
    );
    expect((await sdkError(detach(t, policyId, member))).code).toBe(
      "EntityNotExists.ControlPolicyAttachment",
    );
  });

  it("refuses to delete a policy while it is attached", async () => {
    const err = await sdkError(t.rm().deleteControlPolicy(new Rm.DeleteControlPolicyRequest({ policyId })));

    expect(err.code).toBe("DeleteConflict.ControlPolicy.Attachment");
    expect(err.statusCode).toBe(409);
  });

  it("allows 10 control policies on one node and refuses the 11th", async () => {
    // Given a folder with FullAliyunAccess and 9 custom policies
    const crowded = await createFolder(t, "Crowded");
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push(await createControlPolicy(t, `Filler${i}`, policyDoc(allow(`ecs:DescribeThing${i}`))));
    }
    for (const id of ids.slice(0, 9)) await attach(t, id, crowded);

    const err = await sdkError(attach(t, ids[9]!, crowded));

    expect(await attachedTo(t, crowded)).toHaveLength(10);
    expect(err.code).toBe("LimitExceeded.ControlPolicyAttachment");
    expect(err.message).toContain("limit of 10");
  });

  it("detaches FullAliyunAccess only while another policy stays on the node", async () => {
    const lonely = await createFolder(t, "Lonely");

    const last = await sdkError(detach(t, FULL, lonely));
    await detach(t, FULL, production);

    expect(last.code).toBe("NotSupport.DetachLastControlPolicy");
    expect(last.statusCode).toBe(400);
    expect(await attachedTo(t, lonely)).toEqual(["FullAliyunAccess"]);
    expect(await attachedTo(t, production)).toEqual(["DenyUntaggedImages"]);
    // …and the remaining custom policy is now the last one
    expect((await sdkError(detach(t, policyId, production))).code).toBe("NotSupport.DetachLastControlPolicy");
    await attach(t, FULL, production);
    await detach(t, policyId, production);
    expect(await attachedTo(t, production)).toEqual(["FullAliyunAccess"]);
  });

  it("deletes a detached policy", async () => {
    await t.rm().deleteControlPolicy(new Rm.DeleteControlPolicyRequest({ policyId }));

    const err = await sdkError(t.rm().getControlPolicy(new Rm.GetControlPolicyRequest({ policyId })));
    expect(err.code).toBe("EntityNotExists.ControlPolicy");
  });

  it("keeps a member out of the control policy APIs", async () => {
    const root = await rootKeyOf(t, member);

    const errors = [
      await sdkError(t.rm(root).listControlPolicies(new Rm.ListControlPoliciesRequest({}))),
      await sdkError(
        t
          .rm(root)
          .detachControlPolicy(new Rm.DetachControlPolicyRequest({ policyId: FULL, targetId: member })),
      ),
      await sdkError(t.rm(root).disableControlPolicy()),
    ];

    expect(errors.map((e) => e.code)).toEqual(Array(3).fill("EntityNotExists.ResourceDirectory"));
    expect(await attachedTo(t, member)).toEqual(["FullAliyunAccess"]);
  });
});

describe("disabling the feature", () => {
  it("detaches every control policy and keeps the custom policies", async () => {
    const response = await t.rm().disableControlPolicy();

    expect(response.body?.enablementStatus).toBe("Disabled");
    for (const node of [rd.rootFolderId, production, member]) expect(await attachedTo(t, node)).toEqual([]);
    const custom = await t
      .rm()
      .listControlPolicies(new Rm.ListControlPoliciesRequest({ policyType: "Custom", pageSize: 100 }));
    expect(custom.body?.totalCount).toBe(10);
    expect(custom.body?.controlPolicies?.controlPolicy?.every((p) => p.attachmentCount === "0")).toBe(true);
    expect((await t.rm().getControlPolicyEnablementStatus()).body?.enablementStatus).toBe("Disabled");
  });

  it("re-enabling attaches FullAliyunAccess again, and only it", async () => {
    await t.rm().enableControlPolicy();

    expect(await attachedTo(t, production)).toEqual(["FullAliyunAccess"]);
    expect(await attachedTo(t, member)).toEqual(["FullAliyunAccess"]);
  });
});
