// The directory and its folders, through @alicloud/resourcemanager20200331 against a running local
// cloud: shapes as the SDK's models parse them, Alibaba's error codes, the depth limit, paging.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkError, startTestCloud, type TestCloud } from "../harness.js";
import { Rm, createFolder, standaloneAccount, type Directory } from "./fixtures.js";

let t: TestCloud;
let rd: Directory;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.close());

describe("EnableResourceDirectory", () => {
  it("refuses every directory API before the directory exists", async () => {
    const err = await sdkError(t.rm().createFolder(new Rm.CreateFolderRequest({ folderName: "Early" })));

    expect(err.code).toBe("EntityNotExists.ResourceDirectory");
    expect(err.statusCode).toBe(404);
    expect((await sdkError(t.rm().getResourceDirectory())).code).toBe("ResourceDirectoryNotInUse");
  });

  it("refuses a mode it does not model and a missing mode", async () => {
    const newAccount = await sdkError(
      t
        .rm()
        .enableResourceDirectory(
          new Rm.EnableResourceDirectoryRequest({ enableMode: "NewManagementAccount" }),
        ),
    );
    const missing = await sdkError(t.rm().enableResourceDirectory(new Rm.EnableResourceDirectoryRequest({})));

    expect(newAccount.code).toBe("InvalidParameter");
    expect(newAccount.message).toContain("NewManagementAccount");
    expect(missing.code).toBe("MissingParameter.EnableMode");
  });

  it("makes the calling account the management account, with a Root folder", async () => {
    const before = Date.now();

    const response = await t
      .rm()
      .enableResourceDirectory(new Rm.EnableResourceDirectoryRequest({ enableMode: "CurrentAccount" }));
    const dir = response.body?.resourceDirectory;
    rd = {
      directoryId: dir?.resourceDirectoryId ?? "",
      rootFolderId: dir?.rootFolderId ?? "",
      managementAccountId: dir?.masterAccountId ?? "",
    };

    expect(rd.directoryId).toMatch(/^rd-[A-Za-z0-9]{6}$/);
    expect(rd.rootFolderId).toMatch(/^r-[A-Za-z0-9]{6}$/);
    expect(rd.managementAccountId).toBe(t.cloud.managementAccount.accountId);
    expect(dir?.masterAccountName).toBe("management");
    expect(Date.parse(dir?.createTime ?? "")).toBeGreaterThanOrEqual(before - 1000);
  });

  it("answers GetResourceDirectory with the feature disabled", async () => {
    const response = await t.rm().getResourceDirectory();

    expect(response.body?.resourceDirectory).toMatchObject({
      resourceDirectoryId: rd.directoryId,
      rootFolderId: rd.rootFolderId,
      masterAccountId: rd.managementAccountId,
      controlPolicyStatus: "Disabled",
    });
  });

  it("refuses to enable a second time, and refuses another account", async () => {
    const again = await sdkError(
      t.rm().enableResourceDirectory(new Rm.EnableResourceDirectoryRequest({ enableMode: "CurrentAccount" })),
    );
    const other = await standaloneAccount(t, "other-company");
    const second = await sdkError(
      t
        .rm(other)
        .enableResourceDirectory(new Rm.EnableResourceDirectoryRequest({ enableMode: "CurrentAccount" })),
    );

    expect(again.code).toBe("EntityAlreadyExists.ResourceDirectory");
    expect(again.statusCode).toBe(409);
    expect(second.code).toBe("NotSupport.MultipleResourceDirectories");
    expect((await sdkError(t.rm(other).getResourceDirectory())).code).toBe("ResourceDirectoryNotInUse");
  });

  it("shows the Root folder through GetFolder, without a parent", async () => {
    const response = await t.rm().getFolder(new Rm.GetFolderRequest({ folderId: rd.rootFolderId }));

    expect(response.body?.folder).toMatchObject({
      folderId: rd.rootFolderId,
      folderName: "Root",
      resourceDirectoryPath: `${rd.directoryId}/${rd.rootFolderId}`,
    });
    expect(response.body?.folder?.parentFolderId).toBeUndefined();
  });
});

describe("folders", () => {
  let production: string;
  let apps: string;

  it("creates folders under the Root folder by default and under a named parent", async () => {
    const created = await t.rm().createFolder(new Rm.CreateFolderRequest({ folderName: "Production" }));
    production = created.body?.folder?.folderId ?? "";
    apps = await createFolder(t, "Apps", production);
    await createFolder(t, "Development");

    expect(created.body?.folder).toMatchObject({ folderName: "Production", parentFolderId: rd.rootFolderId });
    expect(production).toMatch(/^fd-[A-Za-z0-9]{10}$/);
    const got = await t.rm().getFolder(new Rm.GetFolderRequest({ folderId: apps }));
    expect(got.body?.folder).toMatchObject({
      folderName: "Apps",
      parentFolderId: production,
      resourceDirectoryPath: `${rd.directoryId}/${rd.rootFolderId}/${production}/${apps}`,
    });
  });

  it("lists one level of children in name order, with paging and a keyword", async () => {
    const all = await t.rm().listFoldersForParent(new Rm.ListFoldersForParentRequest({}));
    const second = await t
      .rm()
      .listFoldersForParent(new Rm.ListFoldersForParentRequest({ pageSize: 1, pageNumber: 2 }));
    const keyword = await t
      .rm()
      .listFoldersForParent(new Rm.ListFoldersForParentRequest({ queryKeyword: "prod" }));

    expect(all.body?.folders?.folder?.map((f) => f.folderName)).toEqual(["Development", "Production"]);
    expect(all.body).toMatchObject({ totalCount: 2, pageNumber: 1, pageSize: 10 });
    expect(second.body?.folders?.folder?.map((f) => f.folderName)).toEqual(["Production"]);
    expect(second.body).toMatchObject({ totalCount: 2, pageNumber: 2, pageSize: 1 });
    expect(keyword.body?.folders?.folder?.map((f) => f.folderId)).toEqual([production]);
  });

  it("refuses a duplicate name under the same parent but not under another", async () => {
    const err = await sdkError(
      t.rm().createFolder(new Rm.CreateFolderRequest({ folderName: "Apps", parentFolderId: production })),
    );
    const elsewhere = await createFolder(t, "Apps");

    expect(err.code).toBe("InvalidParameter.Folder.Name.AlreadyUsed");
    expect(elsewhere).toMatch(/^fd-/);
  });

  it("refuses bad names and folder ids with Alibaba's codes", async () => {
    const cases: [Promise<unknown>, string][] = [
      [t.rm().createFolder(new Rm.CreateFolderRequest({})), "MissingParameter.Folder.Name"],
      [
        t.rm().createFolder(new Rm.CreateFolderRequest({ folderName: "x".repeat(25) })),
        "InvalidParameter.Folder.Name.Length",
      ],
      [
        t.rm().createFolder(new Rm.CreateFolderRequest({ folderName: "no spaces" })),
        "InvalidParameter.Folder.Name",
      ],
      [
        t.rm().createFolder(new Rm.CreateFolderRequest({ folderName: "A", parentFolderId: "folder-1" })),
        "InvalidParameter.ParentFolderId",
      ],
      [
        t
          .rm()
          .createFolder(new Rm.CreateFolderRequest({ folderName: "A", parentFolderId: "fd-doesnotexist" })),
        "EntityNotExists.Folder",
      ],
      [t.rm().getFolder(new Rm.GetFolderRequest({})), "MissingParameter.FolderId"],
      [t.rm().getFolder(new Rm.GetFolderRequest({ folderId: "fd-0000000000" })), "EntityNotExists.Folder"],
    ];
    for (const [call, code] of cases) expect((await sdkError(call)).code).toBe(code);
  });

  it("accepts Chinese characters, periods, underscores and hyphens in a name", async () => {
    const id = await createFolder(t, "本番_v1.0-a", production);

    const got = await t.rm().getFolder(new Rm.GetFolderRequest({ folderId: id }));

    expect(got.body?.folder?.folderName).toBe("本番_v1.0-a");
  });

  it("allows five levels of folders below the Root folder and refuses a sixth", async () => {
    // Given Production (level 1) and Apps (level 2)
    let parent = apps;
    for (const name of ["L3", "L4", "L5"]) parent = await createFolder(t, name, parent);

    const err = await sdkError(
      t.rm().createFolder(new Rm.CreateFolderRequest({ folderName: "L6", parentFolderId: parent })),
    );

    expect(err.code).toBe("LimitExceeded.Folder.Depth");
    expect(err.statusCode).toBe(409);
    expect(err.message).toContain("limit of 5");
  });

  it("renames a folder, keeping names unique under the parent, and never the Root folder", async () => {
    const dev =
      (await t.rm().listFoldersForParent(new Rm.ListFoldersForParentRequest({ queryKeyword: "Development" })))
        .body?.folders?.folder?.[0]?.folderId ?? "";

    const renamed = await t
      .rm()
      .updateFolder(new Rm.UpdateFolderRequest({ folderId: dev, newFolderName: "Dev" }));
    const clash = await sdkError(
      t.rm().updateFolder(new Rm.UpdateFolderRequest({ folderId: dev, newFolderName: "Production" })),
    );
    const root = await sdkError(
      t.rm().updateFolder(new Rm.UpdateFolderRequest({ folderId: rd.rootFolderId, newFolderName: "Top" })),
    );

    expect(renamed.body?.folder).toMatchObject({
      folderId: dev,
      folderName: "Dev",
      parentFolderId: rd.rootFolderId,
    });
    expect(clash.code).toBe("InvalidParameter.Folder.Name.AlreadyUsed");
    expect(root.code).toBe("InvalidParameter.FolderId");
  });

  it("deletes only empty folders, never the Root folder", async () => {
    const parent = await createFolder(t, "Scratch");
    const child = await createFolder(t, "Child", parent);

    const withChild = await sdkError(t.rm().deleteFolder(new Rm.DeleteFolderRequest({ folderId: parent })));
    await t.rm().deleteFolder(new Rm.DeleteFolderRequest({ folderId: child }));
    await t.rm().deleteFolder(new Rm.DeleteFolderRequest({ folderId: parent }));
    const gone = await sdkError(t.rm().getFolder(new Rm.GetFolderRequest({ folderId: parent })));
    const root = await sdkError(
      t.rm().deleteFolder(new Rm.DeleteFolderRequest({ folderId: rd.rootFolderId })),
    );

    expect(withChild.code).toBe("DeleteConflict.Folder.SubFolder");
    expect(withChild.statusCode).toBe(409);
    expect(gone.code).toBe("EntityNotExists.Folder");
    expect(root.code).toBe("InvalidParameter.FolderId");
  });

  it("refuses a folder that still holds a member account", async () => {
    const holder = await createFolder(t, "Holder");
    await t
      .rm()
      .createResourceAccount(
        new Rm.CreateResourceAccountRequest({ displayName: "Held", parentFolderId: holder }),
      );

    const err = await sdkError(t.rm().deleteFolder(new Rm.DeleteFolderRequest({ folderId: holder })));

    expect(err.code).toBe("DeleteConflict.Folder.Account");
  });
});

describe("another account", () => {
  it("sees nothing of the directory and changes nothing in it", async () => {
    const other = await standaloneAccount(t, "isolated");

    const list = await sdkError(t.rm(other).listFoldersForParent(new Rm.ListFoldersForParentRequest({})));
    const get = await sdkError(t.rm(other).getFolder(new Rm.GetFolderRequest({ folderId: rd.rootFolderId })));
    const create = await sdkError(
      t.rm(other).createFolder(new Rm.CreateFolderRequest({ folderName: "Intruder" })),
    );

    for (const err of [list, get, create]) expect(err.code).toBe("EntityNotExists.ResourceDirectory");
    const names = (
      await t.rm().listFoldersForParent(new Rm.ListFoldersForParentRequest({ pageSize: 100 }))
    ).body?.folders?.folder?.map((f) => f.folderName);
    expect(names).not.toContain("Intruder");
  });
});

describe("pop-core (V1 signature)", () => {
  it("serves the same directory to the older client", async () => {
    const response = (await t
      .popCore("resourcemanager")
      .request("GetResourceDirectory", {}, { method: "POST" })) as {
      ResourceDirectory?: { ResourceDirectoryId?: string };
    };

    expect(response.ResourceDirectory?.ResourceDirectoryId).toBe(rd.directoryId);
  });
});
