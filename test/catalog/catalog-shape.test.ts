import { describe, expect, it } from "vitest";
import {
  PRODUCT_VERSIONS,
  RAM_CODES,
  catalogEntries,
  parseArnTemplate,
  placeholdersOf,
} from "../../src/catalog/index.js";
import type { ArnTemplate, CatalogEntry, ProductName } from "../../src/catalog/index.js";
import { declaredType, sdkActions } from "./sdk-requests.js";

// The brief's coverage list, verbatim: every one of these must be in the table.
const REQUIRED: Readonly<Record<ProductName, readonly string[]>> = {
  Ecs: [
    "DescribeImages",
    "CreateImage",
    "CopyImage",
    "ImportImage",
    "DeleteImage",
    "ModifyImageAttribute",
    "ModifyImageSharePermission",
    "DescribeImageSharePermission",
    "RunInstances",
    "CreateInstance",
    "DescribeInstances",
    "StartInstance",
    "StopInstance",
    "DeleteInstance",
    "ReplaceSystemDisk",
    "CreateSecurityGroup",
    "DescribeSecurityGroups",
    "AuthorizeSecurityGroup",
    "DeleteSecurityGroup",
    "TagResources",
    "UntagResources",
    "ListTagResources",
    "AddTags",
    "RemoveTags",
    "DescribeTags",
    "DescribeRegions",
    "DescribeZones",
    "DescribeInstanceTypes",
  ],
  Vpc: ["DescribeVpcs", "DescribeVSwitches", "CreateVpc", "CreateVSwitch"],
  Tag: ["TagResources", "UntagResources", "ListTagResources"],
  ActionTrail: ["LookupEvents"],
  Ram: [
    "CreateUser",
    "GetUser",
    "ListUsers",
    "UpdateUser",
    "DeleteUser",
    "CreateAccessKey",
    "ListAccessKeys",
    "UpdateAccessKey",
    "DeleteAccessKey",
    "CreateGroup",
    "GetGroup",
    "ListGroups",
    "DeleteGroup",
    "AddUserToGroup",
    "RemoveUserFromGroup",
    "ListGroupsForUser",
    "ListUsersForGroup",
    "CreateRole",
    "GetRole",
    "ListRoles",
    "UpdateRole",
    "DeleteRole",
    "CreatePolicy",
    "GetPolicy",
    "ListPolicies",
    "DeletePolicy",
    "CreatePolicyVersion",
    "GetPolicyVersion",
    "ListPolicyVersions",
    "DeletePolicyVersion",
    "SetDefaultPolicyVersion",
    "AttachPolicyToUser",
    "DetachPolicyFromUser",
    "AttachPolicyToGroup",
    "DetachPolicyFromGroup",
    "AttachPolicyToRole",
    "DetachPolicyFromRole",
    "ListPoliciesForUser",
    "ListPoliciesForGroup",
    "ListPoliciesForRole",
    "ListEntitiesForPolicy",
    "DecodeDiagnosticMessage",
    "GetAccountAlias",
  ],
  Sts: ["AssumeRole", "GetCallerIdentity"],
  ResourceManager: [
    "EnableResourceDirectory",
    "GetResourceDirectory",
    "CreateFolder",
    "GetFolder",
    "ListFoldersForParent",
    "UpdateFolder",
    "DeleteFolder",
    "CreateResourceAccount",
    "GetAccount",
    "ListAccounts",
    "ListAccountsForParent",
    "MoveAccount",
    "EnableControlPolicy",
    "DisableControlPolicy",
    "GetControlPolicyEnablementStatus",
    "CreateControlPolicy",
    "GetControlPolicy",
    "ListControlPolicies",
    "UpdateControlPolicy",
    "DeleteControlPolicy",
    "AttachControlPolicy",
    "DetachControlPolicy",
    "ListControlPolicyAttachmentsForTarget",
    "ListTargetAttachmentsForControlPolicy",
  ],
};

const apiEntries = catalogEntries.filter(
  (entry): entry is CatalogEntry & { apiAction: string } => entry.apiAction !== undefined,
);
const label = (entry: CatalogEntry) => entry.ramAction;

/** Every request parameter an entry reads, by where it reads it. */
function paramsRead(entry: CatalogEntry): { readonly where: string; readonly param: string }[] {
  const read: { where: string; param: string }[] = [];
  entry.resources.forEach((template, index) => {
    for (const [name, binding] of Object.entries(template.bindings)) {
      if (binding.from === "param" || binding.from === "rd-path")
        read.push({ where: `resources[${index}].{${name}}`, param: binding.param });
    }
    if (template.when) read.push({ where: `resources[${index}].when`, param: template.when.param });
  });
  if (entry.requestTags) read.push({ where: "requestTags", param: entry.requestTags.param });
  if (entry.removedTagKeys) read.push({ where: "removedTagKeys", param: entry.removedTagKeys.param });
  if (entry.removeAllTagsParam) read.push({ where: "removeAllTagsParam", param: entry.removeAllTagsParam });
  if (entry.image) {
    read.push({ where: "image.idParam", param: entry.image.idParam });
    if (entry.image.familyParam) read.push({ where: "image.familyParam", param: entry.image.familyParam });
  }
  for (const spec of entry.contextKeys) {
    if (typeof spec.source === "object")
      read.push({ where: `contextKeys ${spec.key}`, param: spec.source.param });
  }
  return read;
}

describe("the catalog covers what imageguard's cloud serves", () => {
  for (const [product, actions] of Object.entries(REQUIRED) as [ProductName, readonly string[]][]) {
    it(`has every required ${product} action`, () => {
      const have = new Set(catalogEntries.filter((e) => e.product === product).map((e) => e.apiAction));
      expect(actions.filter((action) => !have.has(action))).toEqual([]);
    });
  }

  it("keeps ecs:CreateTags and ecs:DeleteTags as names no API action checks", () => {
    const nameOnly = catalogEntries.filter((entry) => entry.checkKind === "name-only");
    expect(nameOnly.map(label).sort()).toEqual(["ecs:CreateTags", "ecs:DeleteTags"]);
    for (const entry of nameOnly) expect(entry.apiAction).toBeUndefined();
  });

  it("marks sts:GetCallerIdentity as needing no permission", () => {
    const none = catalogEntries.filter((entry) => entry.checkKind === "none");
    expect(none.map(label)).toEqual(["sts:GetCallerIdentity"]);
    expect(none[0]?.resources).toEqual([]);
  });
});

describe("every entry is well-formed", () => {
  it("has no duplicate RAM action (case-insensitive) and no duplicate API action per product", () => {
    const ram = catalogEntries.map((entry) => entry.ramAction.toLowerCase());
    expect(ram.filter((name, i) => ram.indexOf(name) !== i)).toEqual([]);
    const api = apiEntries.map((entry) => `${entry.product}/${entry.apiAction}`);
    expect(api.filter((name, i) => api.indexOf(name) !== i)).toEqual([]);
  });

  it.each(catalogEntries.map((entry) => [label(entry), entry] as const))(
    "%s: names, version, description",
    (_name, entry) => {
      const [code, action] = entry.ramAction.split(":");
      expect(code).toBe(RAM_CODES[entry.product]);
      if (entry.apiAction !== undefined) expect(action).toBe(entry.apiAction);
      expect(entry.version).toBe(PRODUCT_VERSIONS[entry.product]);
      expect(entry.description).toMatch(/^[a-z].*[^.]$/);
      if (entry.checkKind !== "none") expect(entry.resources.length).toBeGreaterThan(0);
      if (entry.decision !== undefined) expect(entry.decision.length).toBeGreaterThan(10);
    },
  );

  it.each(catalogEntries.map((entry) => [label(entry), entry] as const))(
    "%s: templates parse and bind every placeholder",
    (_name, entry) => {
      for (const template of entry.resources) {
        const placeholders = placeholdersOf(template.arn);
        // Every placeholder is bound and every binding is used: nothing left to guess at derivation.
        expect([...placeholders].sort()).toEqual(Object.keys(template.bindings).sort());
        // At most one placeholder expands to several values, so one template never multiplies out.
        expect(
          Object.values(template.bindings).filter((b) => b.from === "param" && b.list !== undefined).length,
        ).toBeLessThanOrEqual(1);
        if (template.target !== undefined) expect(placeholders).toContain(template.target);
        expect(templateShapeProblem(template)).toBeUndefined();
      }
    },
  );

  it.each(catalogEntries.map((entry) => [label(entry), entry] as const))(
    "%s: condition keys are unique and spelled as Alibaba does",
    (_name, entry) => {
      const keys = entry.contextKeys.map((spec) => spec.key.toLowerCase());
      expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
      for (const spec of entry.contextKeys)
        expect(spec.key).toMatch(/^(acs|ecs|vpc|ram|sts|resourcemanager|tag):[A-Za-z]+(\/\*)?$/);
    },
  );
});

/** Undefined when the template is `*`, a bare ARN parameter with a form, or a parseable ARN of a known service. */
function templateShapeProblem(template: ArnTemplate): string | undefined {
  if (template.arn === "*")
    return Object.keys(template.bindings).length === 0 ? undefined : "`*` binds nothing";
  if (/^\{\w+\}$/.test(template.arn)) {
    if (template.form === undefined) return "a bare ARN parameter needs its form";
    return parseArnTemplate(template.form) === undefined ? "form does not parse" : undefined;
  }
  const parsed = parseArnTemplate(template.arn);
  if (parsed === undefined) return `${template.arn} does not parse`;
  if (!Object.values(RAM_CODES).includes(parsed.service)) return `unknown service ${parsed.service}`;
  if (template.form !== undefined) return "only bare ARN parameters have a form";
  return undefined;
}

describe("placeholders name parameters the official SDKs send", () => {
  it.each(apiEntries.map((entry) => [label(entry), entry] as const))("%s", (_name, entry) => {
    const sdk = sdkActions(entry.product).get(entry.apiAction);
    expect(sdk, `${entry.product} SDK has no ${entry.apiAction}`).toBeDefined();
    if (sdk === undefined) return;
    expect(sdk.version).toBe(entry.version);
    const unknown = paramsRead(entry).filter(({ param }) => !sdk.params.has(param));
    expect(unknown).toEqual([]);
  });

  // The list format decides how the cloud reads the wire: `Name.N` is an array in the SDK model, a
  // JSON or comma list is one string.
  it.each(apiEntries.map((entry) => [label(entry), entry] as const))(
    "%s: list formats match the SDK's types",
    (_name, entry) => {
      const sdk = sdkActions(entry.product).get(entry.apiAction);
      if (sdk === undefined) return;
      for (const template of entry.resources) {
        for (const binding of Object.values(template.bindings)) {
          if (binding.from !== "param") continue;
          const type = declaredType(sdk, entry.apiAction, binding.param);
          expect(type, `${binding.param} type`).toBeDefined();
          expect(`${binding.param}: ${type}`).toBe(
            `${binding.param}: ${binding.list === "repeated" ? "string[]" : "string"}`,
          );
        }
      }
    },
  );
});
