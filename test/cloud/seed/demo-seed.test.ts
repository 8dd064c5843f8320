// The demo organisation that `npm start` serves, checked as its users meet it: through the
// official SDKs, with the personas' keys from credentials.json. One seeded cloud serves the
// read-only questions; launches go last in their account's describe block.
import { stat } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoOrganisation } from "../../../src/cloud/seed/index.js";
import { GOLDEN_TAGS } from "../../../src/cloud/seed/index.js";
import {
  EcsModule,
  RamModule,
  ResourceManagerModule,
  sdkError,
  startTestCloud,
  type Credentials,
  type TestCloud,
} from "../harness.js";
import {
  REGION,
  accessRoleSession,
  accountIdOf,
  imageIdOf,
  imagesSeenBy,
  instancesOf,
  launch,
  organisationOf,
  profileKeys,
  readConfig,
  tagFilter,
  tagsOf,
} from "./fixtures.js";

let t: TestCloud;
let org: DemoOrganisation;
let storefrontDev: Credentials;
let paymentsDev: Credentials;
let playgroundDev: Credentials;
let securityAdmin: Credentials;

const GOLDEN = Object.fromEntries(GOLDEN_TAGS.map((tag) => [tag.key, tag.value]));

beforeAll(async () => {
  t = await startTestCloud({ seed: "demo" });
  org = await organisationOf(t);
  storefrontDev = await profileKeys(t, "app-storefront-developer");
  paymentsDev = await profileKeys(t, "app-payments-developer");
  playgroundDev = await profileKeys(t, "dev-playground-developer");
  securityAdmin = await profileKeys(t, "security-admin");
});
afterAll(() => t.close());

describe("the organisation", () => {
  it("has the folders Security, Production and Development under Root, with their member accounts", async () => {
    const rm = t.rm();
    const folders = (
      await rm.listFoldersForParent(
        new ResourceManagerModule.ListFoldersForParentRequest({ parentFolderId: org.rootFolderId }),
      )
    ).body?.folders?.folder;
    expect(folders?.map((f) => f.folderName).sort()).toEqual(["Development", "Production", "Security"]);

    const membersOf = async (folderName: string) => {
      const folderId = folders?.find((f) => f.folderName === folderName)?.folderId;
      const accounts = (
        await rm.listAccountsForParent(
          new ResourceManagerModule.ListAccountsForParentRequest({ parentFolderId: folderId }),
        )
      ).body?.accounts?.account;
      return accounts?.map((a) => a.displayName).sort();
    };
    expect(await membersOf("Security")).toEqual(["image-factory"]);
    expect(await membersOf("Production")).toEqual(["app-payments", "app-storefront"]);
    expect(await membersOf("Development")).toEqual(["dev-playground"]);
  });

  it("attaches the Deny guardrail to Production and the brief's Allow-only example to Development, beside FullAliyunAccess", async () => {
    const attached = async (folder: string) => {
      const targetId = org.folders.find((f) => f.name === folder)?.folderId;
      const response = await t
        .rm()
        .listControlPolicyAttachmentsForTarget(
          new ResourceManagerModule.ListControlPolicyAttachmentsForTargetRequest({ targetId }),
        );
      return (response.body?.controlPolicyAttachments?.controlPolicyAttachment ?? [])
        .map((a) => a.policyName)
        .sort();
    };
    expect(await attached("Production")).toEqual(["FullAliyunAccess", "golden-image-guardrail"]);
    expect(await attached("Development")).toEqual(["FullAliyunAccess", "seed-example-allow-only"]);
    expect(await attached("Security")).toEqual(["FullAliyunAccess"]);
  });
});

describe("the personas", () => {
  it("are profiles of credentials.json (0600), each a working AccessKey of the identity the summary names", async () => {
    const file = await stat(t.cloud.credentialsFile);
    expect(file.mode & 0o777).toBe(0o600);
    const config = await readConfig(t.cloud.dataDir);
    expect(config.profiles.map((p) => p.name).sort()).toEqual([
      "app-payments-developer",
      "app-storefront-developer",
      "default",
      "dev-playground-developer",
      "security-admin",
    ]);
    for (const persona of org.personas) {
      const profile = config.profiles.find((p) => p.name === persona.profile);
      expect(profile?.access_key_id).toBe(persona.accessKeyId);
      expect(profile?.mode).toBe("AK");
      const identity = (
        await t
          .sts({
            accessKeyId: profile?.access_key_id ?? "",
            accessKeySecret: profile?.access_key_secret ?? "",
          })
          .getCallerIdentity()
      ).body;
      expect(identity?.accountId).toBe(persona.accountId);
      expect(identity?.arn).toBe(
        persona.principal === "root"
          ? `acs:ram::${persona.accountId}:root`
          : `acs:ram::${persona.accountId}:${persona.principal}`,
      );
    }
  });

  it("gives the developer the brief's RAM policy, read access and the decoding of its own denials, and nothing else", async () => {
    const session = await accessRoleSession(t, securityAdmin, accountIdOf(org, "app-storefront"));
    const policies = (
      await t
        .ram(session)
        .listPoliciesForUser(new RamModule.ListPoliciesForUserRequest({ userName: "developer" }))
    ).body?.policies?.policy?.map((p) => `${p.policyType}:${p.policyName}`);
    expect(policies?.sort()).toEqual([
      "Custom:ExplainDenials",
      "Custom:golden-image-launch-only",
      "System:AliyunECSReadOnlyAccess",
      "System:AliyunVPCReadOnlyAccess",
    ]);
  });

  it("refuses a developer what its policies do not grant: RAM writes", async () => {
    const error = await sdkError(
      t.ram(storefrontDev).createUser(new RamModule.CreateUserRequest({ userName: "intruder" })),
    );
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe("NoPermission");
  });
});

describe("images", () => {
  it("shows each app account the golden images shared with it, found by the brief's tag filter", async () => {
    const expected = [imageIdOf(org, "golden-ubuntu-22.04-v2"), imageIdOf(org, "golden-alinux-3-v1")].sort();
    for (const creds of [storefrontDev, paymentsDev, playgroundDev]) {
      const found = await imagesSeenBy(t, creds, {
        imageOwnerAlias: "others",
        tag: [tagFilter("status", "approved"), tagFilter("environment", "production")],
      });
      expect(found.map((image) => image.imageId).sort()).toEqual(expected);
      for (const image of found) {
        expect(tagsOf(image)).toEqual(GOLDEN);
        expect(image.imageOwnerId).toBe(Number(accountIdOf(org, "image-factory")));
      }
    }
  });

  it("has the golden Ubuntu image copied to cn-shanghai, tagged and shared there too", async () => {
    const found = await imagesSeenBy(t, paymentsDev, {
      regionId: "cn-shanghai",
      imageOwnerAlias: "others",
      tag: [tagFilter("environment", "production")],
    });
    expect(found.map((image) => image.imageId)).toEqual([
      imageIdOf(org, "golden-ubuntu-22.04-v2", "cn-shanghai"),
    ]);
    expect(tagsOf(found[0] ?? {})).toEqual(GOLDEN);
  });

  it("keeps the outdated golden image in image-factory: tagged golden, Deprecated, shared with no one", async () => {
    const factory = await accessRoleSession(t, securityAdmin, accountIdOf(org, "image-factory"));
    const outdated = imageIdOf(org, "golden-ubuntu-22.04-v1");
    const [image] = await imagesSeenBy(t, factory, { imageId: outdated, status: "Deprecated" });
    expect(image?.status).toBe("Deprecated");
    expect(image?.imageFamily).toBe("golden-ubuntu-22.04");
    expect(tagsOf(image ?? {})).toEqual(GOLDEN);
    const shares = await t
      .ecs(factory)
      .describeImageSharePermission(
        new EcsModule.DescribeImageSharePermissionRequest({ regionId: REGION, imageId: outdated }),
      );
    expect(shares.body?.accounts?.account ?? []).toEqual([]);
    // No app account sees it: it was never shared.
    expect(await imagesSeenBy(t, storefrontDev, { imageId: outdated })).toEqual([]);
  });

  it("gives each app account an untagged custom image of its own, invisible to the others", async () => {
    const own = async (creds: Credentials) =>
      (await imagesSeenBy(t, creds, { imageOwnerAlias: "self" })).map((image) => ({
        name: image.imageName,
        tags: tagsOf(image),
      }));
    expect(await own(storefrontDev)).toEqual([{ name: "legacy-web-image", tags: {} }]);
    expect(await own(paymentsDev)).toEqual([{ name: "payments-worker-hotfix", tags: {} }]);
    expect(await own(playgroundDev)).toEqual([{ name: "dev-box-image", tags: {} }]);
    expect(await imagesSeenBy(t, paymentsDev, { imageId: imageIdOf(org, "legacy-web-image") })).toEqual([]);
  });
});

describe("instances", () => {
  it("runs compliant instances (golden images) and non-compliant ones (public and untagged images) in each app account", async () => {
    const golden = new Set(
      org.images.filter((image) => image.kind === "golden").map((image) => image.imageId),
    );
    const byCompliance = async (creds: Credentials) => {
      const instances = await instancesOf(t, creds);
      const names = (compliant: boolean) =>
        instances
          .filter((i) => golden.has(i.imageId ?? "") === compliant)
          .map((i) => i.instanceName)
          .sort();
      return { compliant: names(true), nonCompliant: names(false) };
    };
    expect(await byCompliance(storefrontDev)).toEqual({
      compliant: ["web-1", "web-2"],
      nonCompliant: ["batch-1", "legacy-web"],
    });
    expect(await byCompliance(paymentsDev)).toEqual({
      compliant: ["payments-api-1", "payments-api-2"],
      nonCompliant: ["payments-worker"],
    });
    expect(await byCompliance(playgroundDev)).toEqual({
      compliant: ["dev-api"],
      nonCompliant: ["dev-box", "experiment-1"],
    });
  });

  it("records what it launched as DescribeInstances shows it", async () => {
    const seen = await instancesOf(t, storefrontDev);
    for (const recorded of org.instances.filter((i) => i.account === "app-storefront")) {
      const instance = seen.find((i) => i.instanceId === recorded.instanceId);
      expect(instance?.instanceName).toBe(recorded.name);
      expect(instance?.imageId).toBe(recorded.imageId);
    }
  });

  it("leaves image-factory's build instances stopped", async () => {
    const factory = await accessRoleSession(t, securityAdmin, accountIdOf(org, "image-factory"));
    const builders = (await instancesOf(t, factory)).map((i) => [i.instanceName, i.status]);
    expect(builders.sort()).toEqual([
      ["builder-alinux", "Stopped"],
      ["builder-ubuntu", "Stopped"],
    ]);
  });
});

describe("a developer under Production (app-storefront)", () => {
  it("is refused a launch from its untagged image by the guardrail: explicit deny, control policy", async () => {
    const error = await sdkError(launch(t, storefrontDev, imageIdOf(org, "legacy-web-image")));
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe("Forbidden.RAM");
    expect(error.accessDeniedDetail).toMatchObject({
      AuthAction: "ecs:RunInstances",
      AuthPrincipalDisplayName: "developer",
      NoPermissionType: "ExplicitDeny",
      PolicyType: "ControlPolicy",
    });
  });

  it("is refused a launch from Alibaba's public Ubuntu image", async () => {
    const error = await sdkError(launch(t, storefrontDev, "ubuntu_22_04_x64_20G_alibase_20240130.vhd"));
    expect(error.code).toBe("Forbidden.RAM");
    expect(error.accessDeniedDetail?.["NoPermissionType"]).toBe("ExplicitDeny");
  });

  it("is refused tagging its untagged image environment=production to get around the rule", async () => {
    const error = await sdkError(
      t.ecs(storefrontDev).tagResources(
        new EcsModule.TagResourcesRequest({
          regionId: REGION,
          resourceType: "image",
          resourceId: [imageIdOf(org, "legacy-web-image")],
          tag: [new EcsModule.TagResourcesRequestTag({ key: "environment", value: "production" })],
        }),
      ),
    );
    expect(error.code).toBe("Forbidden.RAM");
    expect(error.accessDeniedDetail?.["NoPermissionType"]).toBe("ExplicitDeny");
  });

  it("launches from a golden image", async () => {
    const instanceId = await launch(t, storefrontDev, imageIdOf(org, "golden-ubuntu-22.04-v2"));
    expect(instanceId).toMatch(/^i-/);
  });
});

describe("a developer under Development (dev-playground)", () => {
  it("is refused a launch from its untagged image by its own RAM policy: the Allow-only control policy adds nothing", async () => {
    const error = await sdkError(launch(t, playgroundDev, imageIdOf(org, "dev-box-image")));
    expect(error.code).toBe("Forbidden.RAM");
    expect(error.accessDeniedDetail).toMatchObject({
      NoPermissionType: "ImplicitDeny",
      PolicyType: "AccountLevelIdentityBasedPolicy",
    });
  });

  it("launches from a golden image", async () => {
    expect(await launch(t, playgroundDev, imageIdOf(org, "golden-alinux-3-v1"))).toMatch(/^i-/);
  });
});

describe("the control policies, for an administrator in the members", () => {
  it("let AdministratorAccess launch from an untagged image under Development: the brief's Allow-only policy restricts nothing", async () => {
    const session = await accessRoleSession(t, securityAdmin, accountIdOf(org, "dev-playground"));
    expect(await launch(t, session, imageIdOf(org, "dev-box-image"))).toMatch(/^i-/);
  });

  it("refuse AdministratorAccess the same launch under Production: the Deny form holds against any grant", async () => {
    const session = await accessRoleSession(t, securityAdmin, accountIdOf(org, "app-payments"));
    const error = await sdkError(launch(t, session, imageIdOf(org, "payments-worker-hotfix")));
    expect(error.code).toBe("Forbidden.RAM");
    expect(error.accessDeniedDetail).toMatchObject({
      AuthPrincipalType: "AssumedRoleUser",
      NoPermissionType: "ExplicitDeny",
      PolicyType: "ControlPolicy",
    });
  });
});

describe("account isolation", () => {
  it("shows a developer only its own account's instances", async () => {
    const storefront = new Set(
      org.instances.filter((i) => i.account === "app-storefront").map((i) => i.instanceId),
    );
    const seenByPayments = (await instancesOf(t, paymentsDev)).map((i) => i.instanceId ?? "");
    expect(seenByPayments.length).toBeGreaterThan(0);
    expect(seenByPayments.filter((id) => storefront.has(id))).toEqual([]);
  });

  it("refuses a developer another account's access role", async () => {
    const error = await sdkError(accessRoleSession(t, paymentsDev, accountIdOf(org, "app-storefront")));
    expect(error.statusCode).toBe(403);
  });
});
