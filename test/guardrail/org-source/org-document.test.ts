// The pure half of reading the cloud: what the cloud answered → an organisation file's data. The
// cases a local cloud does not readily produce, given as answers.
import { describe, expect, it } from "vitest";
import { buildOrgModel, orgDocumentFromCloud, type CloudOrgRead } from "../../../src/guardrail/index.js";

const MANAGEMENT = "1000000000000001";
const MEMBER = "1111111111111111";
const ADMIN = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });

function read(
  status: "Enabled" | "Disabled" | "PendingEnable",
  extra: Partial<CloudOrgRead> = {},
): CloudOrgRead {
  return {
    caller: { kind: "user", accountId: MANAGEMENT, arn: `acs:ram::${MANAGEMENT}:user/security-admin` },
    directory: {
      directoryId: "rd-abc123",
      rootFolderId: "r-root01",
      managementAccountId: MANAGEMENT,
      controlPolicyStatus: status,
      folders: [
        { folderId: "r-root01", name: "Root", path: "/Root", depth: 0 },
        {
          folderId: "fd-prod",
          name: "Production",
          parentFolderId: "r-root01",
          path: "/Root/Production",
          depth: 1,
        },
      ],
      accounts: [
        {
          accountId: MEMBER,
          displayName: "prod-app",
          folderId: "fd-prod",
          folderPath: "/Root/Production",
          type: "ResourceAccount",
          status: "CreateSuccess",
          joinMethod: "created",
          isManagementAccount: false,
        },
      ],
      controlPolicies: [
        {
          policyId: "cp-sys2",
          policyName: "SomeOtherSystemPolicy",
          policyType: "System",
          description: "",
          effectScope: "All",
          attachmentCount: 1,
          document: JSON.stringify({
            Version: "1",
            Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
          }),
        },
      ],
      attachments:
        status === "Enabled"
          ? {
              "fd-prod": [
                {
                  policyId: "cp-sys2",
                  policyName: "SomeOtherSystemPolicy",
                  policyType: "System",
                  effectScope: "All",
                },
              ],
              "r-root01": [
                {
                  policyId: "cp-fa",
                  policyName: "FullAliyunAccess",
                  policyType: "System",
                  effectScope: "RAM",
                },
              ],
            }
          : {},
    },
    accounts: [
      {
        accountId: MEMBER,
        name: "prod-app",
        management: false,
        ok: true,
        principals: {
          users: [
            {
              userId: "1",
              userName: "alice",
              displayName: "alice",
              groups: ["ops"],
              policies: [
                {
                  policyName: "AdministratorAccess",
                  policyType: "System",
                  defaultVersion: "v1",
                  document: ADMIN,
                },
              ],
            },
          ],
          groups: [{ groupId: "2", groupName: "ops", policies: [] }],
          roles: [],
        },
      },
    ],
    ...extra,
  };
}

describe("orgDocumentFromCloud", () => {
  it("writes no control policy when the feature is not enabled, and says so", () => {
    for (const status of ["Disabled", "PendingEnable"] as const) {
      const { document, notes } = orgDocumentFromCloud(read(status));
      expect(document.directory?.controlPoliciesEnabled).toBe(false);
      expect(document.controlPolicies).toBeUndefined();
      expect(document.directory?.nodes.every((n) => n.attach === undefined && n.detach === undefined)).toBe(
        true,
      );
      expect(notes).toEqual([
        `control policies are \`${status}\` in resource directory \`rd-abc123\`: none applies, so none is read`,
      ]);
      const built = buildOrgModel(document);
      expect(built.ok && built.model.principals.every((p) => p.chain.controlPolicyPath === undefined)).toBe(
        true,
      );
    }
  });

  it("detaches FullAliyunAccess where a node lacks it, and writes another system policy as a custom one", () => {
    const { document, notes } = orgDocumentFromCloud(read("Enabled"));
    expect(document.directory?.nodes.map((n) => [n.id, n.attach, n.detach])).toEqual([
      ["r-root01", undefined, undefined],
      ["fd-prod", ["SomeOtherSystemPolicy"], ["FullAliyunAccess"]],
      [MEMBER, undefined, ["FullAliyunAccess"]],
    ]);
    expect(document.controlPolicies?.["SomeOtherSystemPolicy"]).toMatchObject({ effectScope: "All" });
    expect(notes).toEqual([
      "system control policy `SomeOtherSystemPolicy` is written as a custom one: the organisation format builds in FullAliyunAccess only",
    ]);
  });

  it("keeps a group without policies, so what-if can still aim a policy at its members", () => {
    const { document } = orgDocumentFromCloud(read("Disabled"));
    expect(document.principals).toContainEqual({
      type: "RamUser",
      accountId: MEMBER,
      name: "alice",
      policies: ["AdministratorAccess"],
      groups: { ops: [] },
    });
  });

  it("keeps a document that is not JSON as its text, for the model to report", () => {
    const broken = read("Disabled");
    const account = broken.accounts[0];
    if (account === undefined || !account.ok) throw new Error("fixture");
    const principals = {
      ...account.principals,
      users: [
        {
          ...(account.principals.users[0] as (typeof account.principals.users)[number]),
          policies: [
            {
              policyName: "broken",
              policyType: "Custom" as const,
              defaultVersion: "v3",
              document: "{ not json",
            },
          ],
        },
      ],
    };
    const { document } = orgDocumentFromCloud({ ...broken, accounts: [{ ...account, principals }] });
    expect(document.policies?.["broken"]).toEqual({ type: "Custom", version: "v3", document: "{ not json" });
    const built = buildOrgModel(document);
    expect(built.ok).toBe(false);
  });
});
